package dev.commitbench.bisect;

import dev.commitbench.Commit;
import dev.commitbench.stats.ComparisonSettings;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code BisectQualityBenchmark} is used to measure how often the bisection names the right commit, and
 * with how many engine runs, on simulated histories, next to Pinpoint's rules ({@link PinpointRules}). Run
 * on demand, not a unit test (see {@code docs/bisect-quality.md}):
 *
 * <pre>
 * ./mvnw -o -q -Dexamples.skip test-compile exec:exec -Dbench="dev.commitbench.bisect.BisectQualityBenchmark 1000"
 * </pre>
 *
 * <p>The first argument is the number of trials per scenario (default 500); a second, optional one lists the
 * scenarios to run by number from 1, e.g. {@code 1,4}. Each trial draws where the history
 * changes (and which commits are broken) from its own seed, so runs are reproducible and scenarios are
 * independent.
 */
public final class BisectQualityBenchmark {

    static final double T = 5.0;
    static final double BASE = 0.010;
    private static final String METRIC = "decode.latency.mean";

    /** What one trial's history is: its levels, the true answer, the broken commits, and Pinpoint's magnitude. */
    record Truth(double[] levels, Set<Integer> culprits, int driftFrom, int driftTo, Set<Integer> broken,
            double magnitude) {
    }

    /** One scenario: a history generator, noise, settings, and whether Pinpoint runs on it. */
    record Scenario(String name, int commits, Function<SplittableRandom, Truth> history, SimulatedHistory.Noise noise,
            BisectSettings settings, boolean pinpoint) {
    }

    /** How one method did on one trial. */
    enum Verdict { EXACT, RANGE, PARTIAL, WRONG, NONE }

    record Trial(Verdict verdict, int runs, int commits, String kind) {
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0].trim()) : 500;
        if (trials < 1) {
            throw new IllegalArgumentException("The number of trials per scenario must be at least 1 but was [" + trials
                    + "]; use e.g. 500.");
        }
        BisectSettings settings = BisectSettings.of(METRIC).withUnit("s")
                .withComparison(ComparisonSettings.defaults().withThreshold(T));
        SimulatedHistory.Noise target = SimulatedHistory.Noise.target();
        int n = 129;
        List<Scenario> scenarios = List.of(
                new Scenario("one step of 2t (10%) (target)", n, r -> step(r, n, 2 * T), target, settings, true),
                new Scenario("one step of t (5%)", n, r -> step(r, n, T), target, settings, true),
                new Scenario("one step of 2t, 1% outliers (x1.5-3)", n, r -> step(r, n, 2 * T), target.withOutliers(0.01),
                        settings, true),
                new Scenario("two steps of 2t each", n, r -> twoSteps(r, n), target, settings, true),
                new Scenario("gradual drift of 2t over 16 commits", n, r -> drift(r, n, 16), target, settings, true),
                new Scenario("no regression (bad = good)", n, r -> none(n), target, settings, true),
                new Scenario("one step of 2t, 5% of commits broken", n, r -> broken(r, n, 0.05), target, settings, false),
                new Scenario("one step of 2t, time drift 0.1%/run", n, r -> step(r, n, 2 * T), target.withDrift(0.001),
                        settings, true),
                new Scenario("one step of 2t, time drift 0.1%/run, no anchor", n, r -> step(r, n, 2 * T),
                        target.withDrift(0.001), settings.withAnchor(false), false),
                new Scenario("one step of 2t, no anchor", n, r -> step(r, n, 2 * T), target, settings.withAnchor(false),
                        false),
                new Scenario("one step of 2t, 4 commits per batch", n, r -> step(r, n, 2 * T), target,
                        settings.withParallelism(4), false),
                new Scenario("one step of 2t, 33 commits (end-to-end size)", 33, r -> step(r, 33, 2 * T), target, settings,
                        true),
                new Scenario("one step of 2t at t = 1% (2%, about 1 IQR of the run means)", n, r -> step(r, n, 2.0), target,
                        settings.withComparison(ComparisonSettings.defaults().withThreshold(1)), true),
                new Scenario("the same with a budget of 300 runs", n, r -> step(r, n, 2.0), target,
                        settings.withComparison(ComparisonSettings.defaults().withThreshold(1)).withMaxRuns(300), false));
        Set<Integer> only = args.length > 1 ? Arrays.stream(args[1].split(",")).map(String::trim).map(Integer::valueOf)
                .collect(Collectors.toSet()) : null;
        System.out.printf(Locale.ROOT, "%d trials per scenario; t = %.0f%%; noise: CV %.0f%% per iteration, %.0f%% per-process"
                + " offsets, %d iterations per run; budget %d runs; P >= %.2f%n%n", trials, T, target.cv() * 100,
                target.processCv() * 100, target.iterations(), settings.maxRuns(), settings.stopProbability());
        System.out.println("| scenario | method | exact | range holding it | partly right | wrong | none | mean runs"
                + " | p90 runs | commits run | answers |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        long start = System.nanoTime();
        for (int s = 0; s < scenarios.size(); s++) {
            if (only != null && !only.contains(s + 1)) {
                continue;
            }
            Scenario scenario = scenarios.get(s);
            long seed = 7_000_003L * (s + 1);
            Trial[] ours = IntStream.range(0, trials).parallel()
                    .mapToObj(i -> ours(scenario, seed + i)).toArray(Trial[]::new);
            print(scenario.name(), "posterior (commitbench)", ours);
            if (scenario.pinpoint()) {
                Trial[] pinpoint = IntStream.range(0, trials).parallel()
                        .mapToObj(i -> pinpoint(scenario, seed + i)).toArray(Trial[]::new);
                print(scenario.name(), "Pinpoint's rules", pinpoint);
            }
        }
        System.out.printf(Locale.ROOT, "%nsimulation took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    static Trial ours(Scenario scenario, long seed) {
        Truth truth = scenario.history().apply(new SplittableRandom(seed));
        SimulatedHistory history = history(scenario, truth, seed);
        List<Commit> path = SimulatedHistory.path(scenario.commits());
        BisectResult result = BisectSearch.over(path, scenario.settings()).run(history);
        return new Trial(judge(result, truth), result.engineRuns(), result.commitsMaterialized(), result.kind().name());
    }

    static Trial pinpoint(Scenario scenario, long seed) {
        Truth truth = scenario.history().apply(new SplittableRandom(seed));
        SimulatedHistory history = history(scenario, truth, seed);
        PinpointRules.Outcome outcome = new PinpointRules(history, scenario.commits(), truth.magnitude()).bisect();
        Set<Integer> named = new HashSet<>(outcome.culprits());
        Verdict verdict;
        if (named.isEmpty()) {
            verdict = truth.culprits().isEmpty() ? Verdict.EXACT : Verdict.NONE;
        } else if (truth.driftFrom() >= 0) {
            verdict = named.stream().allMatch(c -> c >= truth.driftFrom() && c <= truth.driftTo()) ? Verdict.PARTIAL
                    : Verdict.WRONG;
        } else if (named.equals(truth.culprits())) {
            verdict = Verdict.EXACT;
        } else if (truth.culprits().containsAll(named)) {
            verdict = Verdict.PARTIAL;
        } else {
            verdict = Verdict.WRONG;
        }
        String kind = named.isEmpty() ? "none" : named.size() == 1 ? "one culprit" : named.size() + " culprits";
        return new Trial(verdict, outcome.runs(), outcome.commits(), kind);
    }

    private static SimulatedHistory history(Scenario scenario, Truth truth, long seed) {
        SimulatedHistory history = new SimulatedHistory(truth.levels(), scenario.noise(), seed * 31 + 17);
        return history.broken(truth.broken().stream().mapToInt(Integer::intValue).toArray());
    }

    static Verdict judge(BisectResult result, Truth truth) {
        Set<Integer> named = new HashSet<>();
        if (result.culprit() != null) {
            named.add(index(result.culprit()));
        }
        result.steps().forEach(c -> named.add(index(c)));
        if (truth.driftFrom() >= 0) {
            if (result.kind() == BisectResult.Kind.DRIFT) {
                return index(result.range().get(0)) <= truth.driftFrom()
                        && index(result.range().get(result.range().size() - 1)) >= truth.driftTo() ? Verdict.EXACT
                                : Verdict.RANGE;
            }
            if (named.isEmpty()) {
                return Verdict.NONE;
            }
            return named.stream().allMatch(c -> c >= truth.driftFrom() && c <= truth.driftTo()) ? Verdict.PARTIAL
                    : Verdict.WRONG;
        }
        switch (result.kind()) {
            case SINGLE_STEP, TWO_STEPS -> {
                if (named.equals(truth.culprits())) {
                    return Verdict.EXACT;
                }
                return truth.culprits().containsAll(named) ? Verdict.PARTIAL : Verdict.WRONG;
            }
            case RANGE -> {
                Set<Integer> range = result.range().stream().map(BisectQualityBenchmark::index).collect(Collectors.toSet());
                return range.containsAll(truth.culprits()) ? Verdict.RANGE : Verdict.WRONG;
            }
            case NO_REGRESSION -> {
                return truth.culprits().isEmpty() ? Verdict.EXACT : Verdict.NONE;
            }
            default -> {
                return Verdict.NONE;
            }
        }
    }

    static int index(Commit c) {
        return SimulatedHistory.index(c);
    }

    private static Truth step(SplittableRandom r, int commits, double percent) {
        int at = 1 + r.nextInt(commits - 1);
        return new Truth(SimulatedHistory.step(commits, at, percent / 100), Set.of(at), -1, -1, Set.of(),
                BASE * percent / 100);
    }

    private static Truth twoSteps(SplittableRandom r, int commits) {
        int first;
        int second;
        do {
            first = 1 + r.nextInt(commits - 1);
            second = 1 + r.nextInt(commits - 1);
        } while (Math.abs(first - second) < 8);
        int a = Math.min(first, second);
        int b = Math.max(first, second);
        return new Truth(SimulatedHistory.twoSteps(commits, a, 2 * T / 100, b, 2 * T / 100), Set.of(a, b), -1, -1,
                Set.of(), BASE * 2 * T / 100);
    }

    private static Truth drift(SplittableRandom r, int commits, int length) {
        int from = 1 + r.nextInt(commits - length);
        int to = from + length - 1;
        Set<Integer> all = new HashSet<>();
        for (int i = from; i <= to; i++) {
            all.add(i);
        }
        return new Truth(SimulatedHistory.drift(commits, from, to, 2 * T / 100), all, from, to, Set.of(),
                BASE * 2 * T / 100);
    }

    private static Truth none(int commits) {
        double[] levels = new double[commits];
        Arrays.fill(levels, 1);
        return new Truth(levels, Set.of(), -1, -1, Set.of(), BASE * T / 100);
    }

    private static Truth broken(SplittableRandom r, int commits, double share) {
        Truth step = step(r, commits, 2 * T);
        Set<Integer> broken = new HashSet<>();
        for (int i = 1; i < commits - 1; i++) {
            if (r.nextDouble() < share) {
                broken.add(i);
            }
        }
        return new Truth(step.levels(), step.culprits(), -1, -1, broken, step.magnitude());
    }

    private static void print(String scenario, String method, Trial[] trials) {
        int[] runs = Arrays.stream(trials).mapToInt(Trial::runs).sorted().toArray();
        String kinds = Arrays.stream(trials).collect(Collectors.groupingBy(Trial::kind, Collectors.counting()))
                .entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(e -> e.getKey().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + e.getValue())
                .limit(4).collect(Collectors.joining(", "));
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.1f | %d | %.1f | %s |%n", scenario, method,
                rate(trials, Verdict.EXACT), rate(trials, Verdict.RANGE), rate(trials, Verdict.PARTIAL),
                rate(trials, Verdict.WRONG), rate(trials, Verdict.NONE), Arrays.stream(runs).average().orElse(0),
                runs[(int) Math.ceil(0.9 * runs.length) - 1], Arrays.stream(trials).mapToInt(Trial::commits).average()
                        .orElse(0), kinds);
    }

    private static String rate(Trial[] trials, Verdict verdict) {
        long count = Arrays.stream(trials).filter(t -> t.verdict() == verdict).count();
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * count / trials.length);
    }
}
