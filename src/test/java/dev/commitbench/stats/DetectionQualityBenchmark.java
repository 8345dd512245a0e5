package dev.commitbench.stats;

import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Measurement;
import dev.commitbench.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * {@code DetectionQualityBenchmark} is used to measure how often verdicts are right on simulated A/A and
 * A/B comparisons with realistic noise, next to the naive rule "mean slower by more than t", and how
 * long one comparison takes. Run on demand, not a unit test (see {@code docs/detection-quality.md}):
 *
 * <pre>
 * ./mvnw -o -q -Dexamples.skip test-compile exec:exec -Dbench="dev.commitbench.stats.DetectionQualityBenchmark 500"
 * </pre>
 *
 * <p>The argument is the number of trials per cell (default 500); {@code 0} prints only the timing of
 * one comparison.
 */
public final class DetectionQualityBenchmark {

    static final double T = 5.0;
    static final int ROUNDS = 3;
    static final int MAX_ROUNDS = 10;
    static final int ITERATIONS = 20;
    static final double[] EFFECTS = {0, T, 2 * T, 4 * T};
    private static final Commit A = new Commit("a".repeat(40), "main");
    private static final Commit B = new Commit("b".repeat(40), "HEAD");
    private static final String METRIC = "decode.latency.mean";

    /**
     * One noise model: iteration CV, per-round offset CV, linear drift over the whole run (percent),
     * outlier share (each outlier x1.5-3), and bimodal rounds (probability of a round landing in a mode
     * that is {@code bimodalShift} percent slower).
     */
    record Scenario(String name, double cv, double roundCv, double driftPercent, double outliers, double bimodalP,
            double bimodalShift, String metric) {

        Scenario(String name, double cv, double roundCv, double driftPercent, double outliers, double bimodalP,
                double bimodalShift) {
            this(name, cv, roundCv, driftPercent, outliers, bimodalP, bimodalShift, METRIC);
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("CV 1%, offsets 1%", 0.01, 0.01, 0, 0, 0, 0),
            new Scenario("CV 3%, offsets 1% (target)", 0.03, 0.01, 0, 0, 0, 0),
            new Scenario("CV 10%, offsets 1%", 0.10, 0.01, 0, 0, 0, 0),
            new Scenario("CV 3%, offsets 3%", 0.03, 0.03, 0, 0, 0, 0),
            new Scenario("CV 3%, offsets 1%, drift 5%/run", 0.03, 0.01, 5, 0, 0, 0),
            new Scenario("CV 3%, offsets 1%, 1% outliers", 0.03, 0.01, 0, 0.01, 0, 0),
            new Scenario("CV 3%, offsets 1%, 1% outliers, p50", 0.03, 0.01, 0, 0.01, 0, 0, "decode.latency.p50"),
            new Scenario("CV 3%, offsets 1%, bimodal rounds", 0.03, 0.01, 0, 0, 0.3, 5),
            new Scenario("CV 10%, offsets 3%, all of the above", 0.10, 0.03, 5, 0.01, 0.3, 5));

    /** One adaptive comparison: the verdict at 3 rounds, the final verdict, and the rounds per commit used. */
    record Run(Verdict first, Verdict last, int rounds) {
    }

    /** What one trial gave: the expanded and the plain percentile interval's runs, and the naive rule. */
    record Outcome(Run expanded, Run plain, boolean naive) {
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? trials(args[0]) : 500;
        ComparisonSettings settings = ComparisonSettings.defaults().withThreshold(T);
        System.out.println(timing(settings));
        if (trials == 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "%d trials per cell, t = %.0f%%, %d rounds (adaptive up to %d), %d iterations per round,"
                + " %d resamples, %.0f%% confidence%n%n", trials, T, ROUNDS, MAX_ROUNDS, ITERATIONS, settings.resamples(),
                settings.confidence() * 100);
        System.out.println("| noise | false alarms A/A | inconclusive A/A | rounds A/A | detected t | missed t (UNCHANGED)"
                + " | detected 2t | detected 4t | inconclusive 2t | rounds 2t | 2t detected at 3 rounds"
                + " | naive false alarms | naive detected t | naive detected 2t"
                + " | plain: false alarms | plain: missed t | plain: detected 2t | plain: rounds A/A |");
        System.out.println("| --- |" + " ---: |".repeat(17));
        long start = System.nanoTime();
        for (Scenario s : SCENARIOS) {
            Outcome[][] cells = new Outcome[EFFECTS.length][];
            for (int e = 0; e < EFFECTS.length; e++) {
                double effect = EFFECTS[e];
                long base = 1_000_003L * (SCENARIOS.indexOf(s) * 10 + e);
                cells[e] = IntStream.range(0, trials).parallel()
                        .mapToObj(i -> trial(s, effect, base + i, settings)).toArray(Outcome[]::new);
            }
            Outcome[] aa = cells[0];
            Outcome[] t1 = cells[1];
            Outcome[] t2 = cells[2];
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1f | %s | %s | %s | %s | %s | %.1f | %s | %s | %s | %s | %s | %s | %s | %.1f |%n",
                    s.name(),
                    rate(aa, o -> o.expanded().last() == Verdict.REGRESSED),
                    rate(aa, o -> o.expanded().last() == Verdict.INCONCLUSIVE), rounds(aa, Outcome::expanded),
                    rate(t1, o -> o.expanded().last() == Verdict.REGRESSED),
                    rate(t1, o -> o.expanded().last() == Verdict.UNCHANGED),
                    rate(t2, o -> o.expanded().last() == Verdict.REGRESSED),
                    rate(cells[3], o -> o.expanded().last() == Verdict.REGRESSED),
                    rate(t2, o -> o.expanded().last() == Verdict.INCONCLUSIVE), rounds(t2, Outcome::expanded),
                    rate(t2, o -> o.expanded().first() == Verdict.REGRESSED),
                    rate(aa, Outcome::naive), rate(t1, Outcome::naive), rate(t2, Outcome::naive),
                    rate(aa, o -> o.plain().last() == Verdict.REGRESSED),
                    rate(t1, o -> o.plain().last() == Verdict.UNCHANGED),
                    rate(t2, o -> o.plain().last() == Verdict.REGRESSED), rounds(aa, Outcome::plain));
        }
        System.out.printf(Locale.ROOT, "%nsimulation took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static int trials(String arg) {
        try {
            int trials = Integer.parseInt(arg.trim());
            if (trials >= 0) {
                return trials;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("The number of trials per cell must be an integer >= 0 but was [" + arg
                + "]; use e.g. 500, or 0 to only time one comparison.");
    }

    /** One A/B comparison with adaptive rounds: 3 rounds, then one more per commit while inconclusive. */
    static Outcome trial(Scenario s, double effectPercent, long seed, ComparisonSettings settings) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Double>> a = new ArrayList<>();
        List<List<Double>> b = new ArrayList<>();
        for (int i = 0; i < MAX_ROUNDS; i++) {
            // ABBA order: A B, B A, A B, ... so drift hits both commits alike on average.
            int posA = i % 2 == 0 ? 2 * i : 2 * i + 1;
            int posB = i % 2 == 0 ? 2 * i + 1 : 2 * i;
            a.add(round(s, 1.0, posA, random));
            b.add(round(s, 1 + effectPercent / 100, posB, random));
        }
        boolean naive = (mean(b.subList(0, ROUNDS)) / mean(a.subList(0, ROUNDS)) - 1) * 100 > T;
        return new Outcome(adaptive(s.metric(), a, b, settings, true), adaptive(s.metric(), a, b, settings, false), naive);
    }

    /** Compares the first 3 rounds, then one more round per commit while inconclusive, up to 10. */
    private static Run adaptive(String metric, List<List<Double>> a, List<List<Double>> b, ComparisonSettings settings,
            boolean expanded) {
        Verdict first = null;
        for (int r = ROUNDS; ; r++) {
            Comparison c = MetricComparator.compare("sim", "", metric, A, measurement(metric, a.subList(0, r)), B,
                    measurement(metric, b.subList(0, r)), settings, expanded);
            first = first == null ? c.verdict() : first;
            if (c.verdict() != Verdict.INCONCLUSIVE || r == MAX_ROUNDS) {
                return new Run(first, c.verdict(), r);
            }
        }
    }

    private static List<Double> round(Scenario s, double scale, int position, SplittableRandom random) {
        double sigma = Math.sqrt(Math.log(1 + s.cv() * s.cv()));
        double roundSigma = Math.sqrt(Math.log(1 + s.roundCv() * s.roundCv()));
        double level = scale * Math.exp(roundSigma * Samples.gaussian(random))
                * (1 + s.driftPercent() / 100 * position / (2.0 * MAX_ROUNDS))
                * (random.nextDouble() < s.bimodalP() ? 1 + s.bimodalShift() / 100 : 1);
        List<Double> values = new ArrayList<>(ITERATIONS);
        for (int i = 0; i < ITERATIONS; i++) {
            double v = level * Math.exp(sigma * Samples.gaussian(random) - sigma * sigma / 2);
            if (random.nextDouble() < s.outliers()) {
                v *= 1.5 + 1.5 * random.nextDouble();
            }
            values.add(v);
        }
        return values;
    }

    private static Measurement measurement(String metric, List<List<Double>> rounds) {
        Statistic statistic = Statistic.of(metric);
        List<Double> values = rounds.stream()
                .map(r -> statistic.compute(r.stream().mapToDouble(Double::doubleValue).toArray(), r.size())).toList();
        return new Measurement(metric, "s", values, rounds);
    }

    private static double mean(List<List<Double>> rounds) {
        return rounds.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static String rate(Outcome[] outcomes, java.util.function.Predicate<Outcome> p) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * Arrays.stream(outcomes).filter(p).count() / outcomes.length);
    }

    private static double rounds(Outcome[] outcomes, java.util.function.Function<Outcome, Run> run) {
        return Arrays.stream(outcomes).mapToInt(o -> run.apply(o).rounds()).average().orElse(0);
    }

    /** The median time of one comparison of 2 commits x 10 rounds x 100 values, after warm-up. */
    static String timing(ComparisonSettings settings) {
        Measurement base = Samples.lognormal(METRIC, 1.0, 0.03, 0.01, 10, 100, 1);
        Measurement cand = Samples.lognormal(METRIC, 1.05, 0.03, 0.01, 10, 100, 2);
        String p90 = "decode.latency.p90";
        Measurement baseP90 = new Measurement(p90, "s", base.roundValues(), base.roundSamples());
        Measurement candP90 = new Measurement(p90, "s", cand.roundValues(), cand.roundSamples());
        double[] mean = medianMillis(() -> MetricComparator.compare("m", "", METRIC, A, base, B, cand, settings));
        double[] p90ms = medianMillis(() -> MetricComparator.compare("m", "", p90, A, baseP90, B, candP90, settings));
        return String.format(Locale.ROOT, "one comparison, 2 commits x 10 rounds x 100 values, %d resamples, median of 51"
                + " after 30 warm-ups: mean %.1f ms wall (%.1f ms CPU), p90 %.1f ms wall (%.1f ms CPU)",
                settings.resamples(), mean[0], mean[1], p90ms[0], p90ms[1]);
    }

    /** The median wall-clock and thread-CPU milliseconds of one run (CPU time is robust to a busy machine). */
    private static double[] medianMillis(Runnable comparison) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 30; i++) {
            comparison.run();
        }
        double[] wall = new double[51];
        double[] cpu = new double[51];
        for (int i = 0; i < wall.length; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            comparison.run();
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[wall.length / 2], cpu[cpu.length / 2]};
    }
}
