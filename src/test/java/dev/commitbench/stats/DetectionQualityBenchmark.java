package dev.commitbench.stats;

import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Gate;
import dev.commitbench.Measurement;
import dev.commitbench.session.BenchmarkPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * {@code DetectionQualityBenchmark} is used to measure, on simulated A/A and A/B comparisons with realistic
 * noise, how often the gate decides right at the default settings (3 rounds, adaptive up to 10, threshold 5%),
 * how well the 95% interval covers the true change at 3, 5 and 10 rounds, and how wide it is next to an
 * oracle that knows the true variance; side by side with the oracle's gate, the naive rule ("the mean is
 * slower by more than t") and asv's rule (Mann–Whitney p &lt; 0.002 on the pooled samples and a ratio beyond
 * the threshold). Run on demand, not a unit test (see {@code docs/detection-quality.md}):
 *
 * <pre>
 * ./mvnw -o -q -Dexamples.skip test-compile exec:exec -Dbench="dev.commitbench.stats.DetectionQualityBenchmark 1000"
 * </pre>
 *
 * <p>The first argument is the number of trials per cell (default 1000); {@code 0} prints only the timing of one
 * comparison. Further arguments select noise models by their row in the table, counted from 1 (for example
 * {@code 300 12 13} runs only the two models of processes in two modes); without them every model runs. Every
 * trial is seeded on its own and a model's seeds depend only on its row, so a run is reproducible and a
 * selected row gives the same numbers as in the full table.
 */
public final class DetectionQualityBenchmark {

    static final double T = 5.0;
    static final int ROUNDS = 3;
    static final int MAX_ROUNDS = BenchmarkPlan.DEFAULT_MAX_ROUNDS;
    static final int[] COVERAGE_ROUNDS = {3, 5, 10};
    /** The true changes simulated: A/A, a 3% speed-up, a change of exactly t, and 2t. */
    static final double[] EFFECTS = {0, -3, T, 2 * T};
    private static final int ORACLE_DRAWS = 20_000;
    private static final Commit A = new Commit("a".repeat(40), "main");
    private static final Commit B = new Commit("b".repeat(40), "HEAD");
    private static final String MEAN = "decode.latency.mean";
    private static final String P50 = "decode.latency.p50";

    /**
     * One noise model: iteration CV, per-round offset CV, linear drift over the whole run (percent), outlier share
     * and the range of an outlier's factor, processes in two modes (the probability that a round runs in the slow
     * mode, and how much slower it is, in percent), iterations per round, and the metric compared.
     */
    record Scenario(String name, double cv, double roundCv, double driftPercent, double outliers, double outlierLow,
            double outlierHigh, double modeP, double modeShift, int iterations, String metric) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("CV 1%, offsets 1%", 0.01, 0.01, 0, 0, 1.5, 3, 0, 0, 20, MEAN),
            new Scenario("CV 3%, offsets 1% (target)", 0.03, 0.01, 0, 0, 1.5, 3, 0, 0, 20, MEAN),
            new Scenario("CV 10%, offsets 1%", 0.10, 0.01, 0, 0, 1.5, 3, 0, 0, 20, MEAN),
            new Scenario("CV 3%, offsets 3%", 0.03, 0.03, 0, 0, 1.5, 3, 0, 0, 20, MEAN),
            new Scenario("CV 3%, offsets 1%, drift 5%/run", 0.03, 0.01, 5, 0, 1.5, 3, 0, 0, 20, MEAN),
            new Scenario("CV 3%, offsets 1%, 1% outliers x1.5-3", 0.03, 0.01, 0, 0.01, 1.5, 3, 0, 0, 20, MEAN),
            new Scenario("CV 3%, offsets 1%, 1% outliers x1.5-3, p50", 0.03, 0.01, 0, 0.01, 1.5, 3, 0, 0, 20, P50),
            new Scenario("CV 3%, offsets 1%, bimodal rounds (30% +5%)", 0.03, 0.01, 0, 0, 1.5, 3, 0.3, 5, 20, MEAN),
            new Scenario("CV 10%, offsets 3%, all of the above", 0.10, 0.03, 5, 0.01, 1.5, 3, 0.3, 5, 20, MEAN),
            new Scenario("4x outliers in a process (2% x3.5-4.5, 10 it.)", 0.03, 0.01, 0, 0.02, 3.5, 4.5, 0, 0, 10,
                    MEAN),
            new Scenario("4x outliers in a process, p50", 0.03, 0.01, 0, 0.02, 3.5, 4.5, 0, 0, 10, P50),
            new Scenario("two process modes (10% of rounds x2.3)", 0.03, 0.01, 0, 0, 1.5, 3, 0.1, 130, 20, MEAN),
            new Scenario("two process modes (30% of rounds x2.3)", 0.03, 0.01, 0, 0, 1.5, 3, 0.3, 130, 20, MEAN));

    /** What one rule decided in one trial: its gate, whether that was a probable regression, and the rounds used. */
    record Decision(Gate gate, boolean probable, int rounds) {
    }

    /** One trial: our gate, the oracle's, the naive rule's and asv's, and whether each fixed-round interval covered. */
    record Trial(Decision ours, Decision oracle, Decision naive, Decision asv, boolean[] covered, double halfWidth3) {
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? trials(args[0]) : 1000;
        List<Scenario> selected = selected(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        ComparisonSettings settings = ComparisonSettings.defaults().withThreshold(T).withLooks(ROUNDS, MAX_ROUNDS);
        System.out.println(timing(settings));
        if (trials == 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "%d trials per cell, t = %.0f%%, %d rounds adaptive up to %d, %d resamples,"
                + " %.0f%% confidence at the first look; nominal one-sided error per look: %s%n%n", trials, T, ROUNDS,
                MAX_ROUNDS, settings.resamples(), settings.confidence() * 100, levels(settings));
        StringBuilder gate = new StringBuilder("| noise | coverage 3 rounds | coverage 5 | coverage 10 | half-width at 3"
                + " rounds / oracle | A/A: pass | A/A: false alarm | A/A: rounds | 2t: fail | 2t: probable | 2t: rounds"
                + " | -3%: pass | at t: fail | at t: pass |\n| --- |" + " ---: |".repeat(13) + "\n");
        StringBuilder side = new StringBuilder("| noise | false alarms: oracle | ours | naive | asv | 2t fails the gate:"
                + " oracle | ours | naive | asv | -3% passes: oracle | ours | naive | asv |\n| --- |"
                + " ---: |".repeat(12) + "\n");
        long start = System.nanoTime();
        for (Scenario s : selected) {
            int index = SCENARIOS.indexOf(s);
            double[] oracleSd = oracleSd(s, 1_000_003L * (index + 101));
            Trial[][] cells = new Trial[EFFECTS.length][];
            for (int e = 0; e < EFFECTS.length; e++) {
                double effect = EFFECTS[e];
                long base = 1_000_003L * (index * 10 + e);
                cells[e] = IntStream.range(0, trials).parallel()
                        .mapToObj(i -> trial(s, effect, base + i, settings, oracleSd)).toArray(Trial[]::new);
            }
            Trial[] aa = cells[0];
            Trial[] faster = cells[1];
            Trial[] atT = cells[2];
            Trial[] twoT = cells[3];
            Trial[] all = Arrays.stream(cells).flatMap(Arrays::stream).toArray(Trial[]::new);
            double halfWidth = Arrays.stream(all).mapToDouble(Trial::halfWidth3).average().orElse(Double.NaN);
            double oracleHalfWidth = Distributions.normalQuantile(0.975) * oracleSd[ROUNDS];
            gate.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s | %s | %.1f | %s | %s | %.1f | %s | %s"
                    + " | %s |%n", s.name(), rate(all, t -> t.covered()[0]), rate(all, t -> t.covered()[1]),
                    rate(all, t -> t.covered()[2]), halfWidth / oracleHalfWidth,
                    rate(aa, t -> t.ours().gate() == Gate.PASS), rate(aa, t -> t.ours().gate() == Gate.FAIL),
                    rounds(aa), rate(twoT, t -> t.ours().gate() == Gate.FAIL), rate(twoT, t -> t.ours().probable()),
                    rounds(twoT), rate(faster, t -> t.ours().gate() == Gate.PASS),
                    rate(atT, t -> t.ours().gate() == Gate.FAIL), rate(atT, t -> t.ours().gate() == Gate.PASS)));
            side.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    s.name(), rate(aa, t -> t.oracle().gate() == Gate.FAIL), rate(aa, t -> t.ours().gate() == Gate.FAIL),
                    rate(aa, t -> t.naive().gate() == Gate.FAIL), rate(aa, t -> t.asv().gate() == Gate.FAIL),
                    rate(twoT, t -> t.oracle().gate() == Gate.FAIL), rate(twoT, t -> t.ours().gate() == Gate.FAIL),
                    rate(twoT, t -> t.naive().gate() == Gate.FAIL), rate(twoT, t -> t.asv().gate() == Gate.FAIL),
                    rate(faster, t -> t.oracle().gate() == Gate.PASS), rate(faster, t -> t.ours().gate() == Gate.PASS),
                    rate(faster, t -> t.naive().gate() == Gate.PASS), rate(faster, t -> t.asv().gate() == Gate.PASS)));
            System.err.printf(Locale.ROOT, "%s done after %.0f s%n", s.name(), (System.nanoTime() - start) / 1e9);
        }
        System.out.println(gate);
        System.out.println(side);
        System.out.printf(Locale.ROOT, "simulation took %.0f s%n", (System.nanoTime() - start) / 1e9);
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
                + "]; use e.g. 1000, or 0 to only time one comparison.");
    }

    /** The noise models named by their rows (counted from 1), in table order; every model when none is named. */
    static List<Scenario> selected(String[] rows) {
        if (rows.length == 0) {
            return SCENARIOS;
        }
        java.util.SortedSet<Integer> chosen = new java.util.TreeSet<>();
        for (String row : rows) {
            int number;
            try {
                number = Integer.parseInt(row.trim());
            } catch (NumberFormatException e) {
                number = 0;
            }
            if (number < 1 || number > SCENARIOS.size()) {
                throw new IllegalArgumentException("A noise model is selected by its row in the table, 1 to "
                        + SCENARIOS.size() + ", but was [" + row + "]; e.g. 300 12 13 runs the two process-mode models.");
            }
            chosen.add(number - 1);
        }
        return chosen.stream().map(SCENARIOS::get).toList();
    }

    /**
     * One trial: 10 rounds per commit in ABBA order; our gate and the oracle's with adaptive rounds (3, then one
     * more per commit while undecided, up to 10), the naive and asv rules at 3 rounds, and the 95% interval at a
     * fixed 3, 5 and 10 rounds (a single look).
     */
    static Trial trial(Scenario s, double effectPercent, long seed, ComparisonSettings settings, double[] oracleSd) {
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
        double truth = effectPercent;
        boolean[] covered = new boolean[COVERAGE_ROUNDS.length];
        double halfWidth3 = Double.NaN;
        for (int i = 0; i < COVERAGE_ROUNDS.length; i++) {
            int n = COVERAGE_ROUNDS[i];
            Comparison c = compare(s.metric(), a.subList(0, n), b.subList(0, n), settings.withLooks(n, n));
            covered[i] = c.lowerPercent() <= truth && truth <= c.upperPercent();
            if (n == ROUNDS) {
                halfWidth3 = (Math.log1p(c.upperPercent() / 100) - Math.log1p(c.lowerPercent() / 100)) / 2;
            }
        }
        return new Trial(ours(s.metric(), a, b, settings), oracle(s.metric(), a, b, settings, oracleSd),
                naive(s.metric(), a, b), asv(s.metric(), a, b), covered, halfWidth3);
    }

    /** Our gate with adaptive rounds, as the session runs it. */
    private static Decision ours(String metric, List<List<Double>> a, List<List<Double>> b, ComparisonSettings settings) {
        for (int n = ROUNDS; ; n++) {
            Comparison c = compare(metric, a.subList(0, n), b.subList(0, n), settings);
            if (c.gate() != Gate.INCONCLUSIVE || n == MAX_ROUNDS) {
                return new Decision(c.gate(), c.probableRegression(), n);
            }
        }
    }

    /** The same adaptive gate with the true standard deviation of the log change given, and normal quantiles. */
    private static Decision oracle(String metric, List<List<Double>> a, List<List<Double>> b,
            ComparisonSettings settings, double[] sd) {
        Statistic statistic = Statistic.of(metric);
        for (int n = ROUNDS; ; n++) {
            double d = Math.log(pooled(statistic, b.subList(0, n)) / pooled(statistic, a.subList(0, n)));
            double margin = Distributions.normalQuantile(1 - settings.alpha(n)) * sd[n];
            double lower = Math.expm1(d - margin) * 100;
            double upper = Math.expm1(d + margin) * 100;
            Gate gate = Gate.of(lower, upper, T);
            if (gate != Gate.INCONCLUSIVE || n == MAX_ROUNDS) {
                return new Decision(gate, gate == Gate.INCONCLUSIVE && Math.expm1(d) * 100 > T && lower > 0, n);
            }
        }
    }

    /** The naive rule at 3 rounds: fail when the statistic is worse by more than t, pass otherwise. */
    private static Decision naive(String metric, List<List<Double>> a, List<List<Double>> b) {
        Statistic statistic = Statistic.of(metric);
        double change = (pooled(statistic, b.subList(0, ROUNDS)) / pooled(statistic, a.subList(0, ROUNDS)) - 1) * 100;
        return new Decision(change > T ? Gate.FAIL : Gate.PASS, false, ROUNDS);
    }

    /**
     * asv's rule at 3 rounds (its {@code compare}): a regression when the samples differ (Mann–Whitney, two-sided
     * p &lt; 0.002, on every sample pooled, as asv keeps them) and the ratio of the statistics exceeds 1 + t.
     */
    private static Decision asv(String metric, List<List<Double>> a, List<List<Double>> b) {
        Statistic statistic = Statistic.of(metric);
        double[] x = a.subList(0, ROUNDS).stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
        double[] y = b.subList(0, ROUNDS).stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
        double ratio = pooled(statistic, b.subList(0, ROUNDS)) / pooled(statistic, a.subList(0, ROUNDS));
        boolean different = mannWhitneyP(x, y) < 0.002;
        return new Decision(different && ratio > 1 + T / 100 ? Gate.FAIL : Gate.PASS, false, ROUNDS);
    }

    /** The two-sided p value of the Mann–Whitney U test, by the normal approximation with a continuity correction. */
    static double mannWhitneyP(double[] x, double[] y) {
        int n = x.length + y.length;
        double[] all = new double[n];
        int[] group = new int[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            all[i] = i < x.length ? x[i] : y[i - x.length];
            group[i] = i < x.length ? 0 : 1;
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(all[p], all[q]));
        double rankSumX = 0;
        for (int i = 0; i < n; i++) {
            if (group[order[i]] == 0) {
                rankSumX += i + 1;
            }
        }
        double u = rankSumX - x.length * (x.length + 1) / 2.0;
        double mean = x.length * (double) y.length / 2;
        double sd = Math.sqrt(x.length * (double) y.length * (n + 1) / 12);
        double z = (Math.abs(u - mean) - 0.5) / sd;
        return Math.min(1, 2 * Distributions.normalUpperTail(Math.max(z, 0)));
    }

    private static Comparison compare(String metric, List<List<Double>> a, List<List<Double>> b,
            ComparisonSettings settings) {
        return MetricComparator.compare("sim", "", metric, A, measurement(metric, a), B, measurement(metric, b),
                settings);
    }

    /**
     * The true standard deviation of the log of the estimated ratio at each number of rounds, from
     * {@value #ORACLE_DRAWS} A/A draws: what the oracle knows.
     */
    static double[] oracleSd(Scenario s, long seed) {
        Statistic statistic = Statistic.of(s.metric());
        double[] sd = new double[MAX_ROUNDS + 1];
        double[][] logs = new double[MAX_ROUNDS + 1][ORACLE_DRAWS];
        IntStream.range(0, ORACLE_DRAWS).parallel().forEach(i -> {
            SplittableRandom random = new SplittableRandom(seed + i);
            List<List<Double>> a = new ArrayList<>();
            List<List<Double>> b = new ArrayList<>();
            for (int r = 0; r < MAX_ROUNDS; r++) {
                a.add(round(s, 1.0, r % 2 == 0 ? 2 * r : 2 * r + 1, random));
                b.add(round(s, 1.0, r % 2 == 0 ? 2 * r + 1 : 2 * r, random));
            }
            for (int n = ROUNDS; n <= MAX_ROUNDS; n++) {
                logs[n][i] = Math.log(pooled(statistic, b.subList(0, n)) / pooled(statistic, a.subList(0, n)));
            }
        });
        for (int n = ROUNDS; n <= MAX_ROUNDS; n++) {
            double[] v = logs[n];
            double mean = Arrays.stream(v).average().orElseThrow();
            sd[n] = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
        }
        return sd;
    }

    private static List<Double> round(Scenario s, double scale, int position, SplittableRandom random) {
        double sigma = Math.sqrt(Math.log(1 + s.cv() * s.cv()));
        double roundSigma = Math.sqrt(Math.log(1 + s.roundCv() * s.roundCv()));
        double level = scale * Math.exp(roundSigma * Samples.gaussian(random) - roundSigma * roundSigma / 2)
                * (1 + s.driftPercent() / 100 * position / (2.0 * MAX_ROUNDS))
                * (random.nextDouble() < s.modeP() ? 1 + s.modeShift() / 100 : 1);
        List<Double> values = new ArrayList<>(s.iterations());
        for (int i = 0; i < s.iterations(); i++) {
            double v = level * Math.exp(sigma * Samples.gaussian(random) - sigma * sigma / 2);
            if (random.nextDouble() < s.outliers()) {
                v *= s.outlierLow() + (s.outlierHigh() - s.outlierLow()) * random.nextDouble();
            }
            values.add(v);
        }
        return values;
    }

    private static double pooled(Statistic statistic, List<List<Double>> rounds) {
        double[] all = rounds.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
        return statistic.compute(all, all.length);
    }

    private static Measurement measurement(String metric, List<List<Double>> rounds) {
        Statistic statistic = Statistic.of(metric);
        List<Double> values = rounds.stream()
                .map(r -> statistic.compute(r.stream().mapToDouble(Double::doubleValue).toArray(), r.size())).toList();
        return new Measurement(metric, "s", values, rounds);
    }

    private static String levels(ComparisonSettings settings) {
        StringBuilder text = new StringBuilder();
        for (int n = ROUNDS; n <= MAX_ROUNDS; n++) {
            text.append(n == ROUNDS ? "" : ", ").append(n).append(": ")
                    .append(String.format(Locale.ROOT, "%.2f%%", settings.alpha(n) * 100));
        }
        return text.toString();
    }

    private static String rate(Trial[] trials, Predicate<Trial> p) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * Arrays.stream(trials).filter(p).count() / trials.length);
    }

    private static double rounds(Trial[] trials) {
        return Arrays.stream(trials).mapToInt(t -> t.ours().rounds()).average().orElse(0);
    }

    /** The median time of one comparison of 2 commits x 10 rounds x 100 values, after warm-up. */
    static String timing(ComparisonSettings settings) {
        Measurement base = Samples.lognormal(MEAN, 1.0, 0.03, 0.01, 10, 100, 1);
        Measurement cand = Samples.lognormal(MEAN, 1.05, 0.03, 0.01, 10, 100, 2);
        String p90 = "decode.latency.p90";
        Measurement baseP90 = new Measurement(p90, "s", base.roundValues(), base.roundSamples());
        Measurement candP90 = new Measurement(p90, "s", cand.roundValues(), cand.roundSamples());
        double[] mean = medianMillis(() -> MetricComparator.compare("m", "", MEAN, A, base, B, cand, settings));
        double[] p90ms = medianMillis(() -> MetricComparator.compare("m", "", p90, A, baseP90, B, candP90, settings));
        return String.format(Locale.ROOT, "one comparison, 2 commits x 10 rounds x 100 values, %d resamples, median of 51"
                + " after 30 warm-ups: mean %.2f ms wall (%.2f ms CPU), p90 %.1f ms wall (%.1f ms CPU)",
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
