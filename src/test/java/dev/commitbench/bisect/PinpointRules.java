package dev.commitbench.bisect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code PinpointRules} is the baseline of the bisection benchmark: Chromium Pinpoint's bisection rules,
 * written from their public description (catapult's {@code dashboard/pinpoint/models/compare/compare.py},
 * {@code thresholds.py}, {@code job_state.py} and {@code exploration.py}):
 * <ul>
 * <li>Start with the two ends, 10 runs each. Each run is reduced to the mean of its values.</li>
 * <li>Compare every pair of adjacent tested commits: p = min(Kolmogorov-Smirnov p, Mann-Whitney U p) over
 *     the per-run means. "Different" at p &lt;= 0.01; "same" above the high threshold, which comes from a
 *     table by the expected magnitude in IQR units (the expected absolute change divided by the larger IQR
 *     of the two samples) and the mean number of runs of the pair; "unknown" in between.</li>
 * <li>Different and not adjacent: add the midpoint and, speculating two levels, the midpoints of both halves
 *     (10 runs each). Unknown: double the runs of the commit with fewer (10, 20, 40, 80, 160); at 160 runs
 *     each, unknown is taken as same.</li>
 * <li>When a pass adds nothing, the culprits are the later commits of the adjacent pairs found different.</li>
 * </ul>
 * The expected magnitude is given the true size of the change (an oracle Pinpoint gets from the alert), so
 * the baseline is at its best. Not thread-safe.
 */
final class PinpointRules {

    static final double LOW_THRESHOLD = 0.01;
    static final int FIRST_RUNS = 10;
    static final int MAX_RUNS = 160;

    /**
     * catapult's high thresholds for performance comparisons, by expected magnitude in IQR units (1.0 to
     * 3.6 and above, in steps of 0.1) and by sample size from 1; beyond a row's end its last value holds.
     */
    private static final double[][] HIGH_THRESHOLDS = {
        {1.000, .6986, 1.000, .8853, 1.000, .9362, .8984, .7930, .6589, .5708, .4701, .4026, .3299, .2803, .2291, .1936,
            .1480, .1250, .1021, .0811, .0663, .0529, .0433, .0346, .0284, .0228, .0178, .0143, .0118, .0091},
        {1.000, .6986, 1.000, .8853, 1.000, .8102, .7983, .6365, .5365, .4274, .3247, .2603, .1999, .1611, .1249, .1012,
            .0790, .0598, .0472, .0361, .0287, .0208, .0167, .0130, .0099},
        {1.000, .6986, 1.000, .8853, .8346, .8102, .6093, .4949, .3773, .2731, .2122, .1573, .1240, .0936, .0680, .0523,
            .0388, .0303, .0211, .0167, .0119, .0089},
        {1.000, .6986, 1.000, .8853, .8346, .5752, .4433, .3721, .2510, .1859, .1310, .0999, .0649, .0509, .0344, .0250,
            .0175, .0131, .0094},
        {1.000, .6986, 1.000, .8853, .6761, .4712, .3711, .2272, .1577, .1213, .0763, .0531, .0355, .0259, .0162, .0123,
            .0080},
        {1.000, .6986, 1.000, .8853, .5309, .3785, .2502, .1563, .1120, .0757, .0489, .0304, .0211, .0140, .0090},
        {1.000, .6986, 1.000, .6651, .4034, .2980, .2014, .1036, .0774, .0452, .0303, .0166, .0120, .0072},
        {1.000, .6986, 1.000, .6651, .4034, .2298, .1252, .0832, .0423, .0258, .0181, .0102, .0057},
        {1.000, .6986, .6626, .4705, .2963, .1735, .0967, .0521, .0341, .0173, .0105, .0062},
        {1.000, .6986, .6626, .3124, .2101, .1283, .0737, .0406, .0217, .0114, .0059},
        {1.000, .6986, .6626, .3124, .1437, .0927, .0553, .0240, .0135, .0073},
        {1.000, .6986, .6626, .3124, .1437, .0656, .0410, .0182, .0105, .0046},
        {1.000, .6986, .3828, .1940, .0947, .0656, .0299, .0136, .0062},
        {1.000, .6986, .3828, .1940, .0947, .0454, .0215, .0101, .0048},
        {1.000, .6986, .3828, .1940, .0601, .0307, .0152, .0075},
        {1.000, .6986, .3828, .1124, .0601, .0307, .0152, .0054},
        {1.000, .6986, .3828, .1124, .0601, .0203, .0106, .0054},
        {1.000, .6986, .1905, .1124, .0368, .0203, .0073},
        {1.000, .6986, .1905, .1124, .0368, .0203, .0073},
        {1.000, .6986, .1905, .0606, .0368, .0131, .0073},
        {1.000, .2453, .1905, .0606, .0216, .0131, .0050},
        {1.000, .2453, .1905, .0606, .0216, .0131, .0050},
        {1.000, .2453, .0809, .0606, .0216, .0083},
        {1.000, .2453, .0809, .0606, .0216, .0083},
        {1.000, .2453, .0809, .0304, .0216, .0083},
        {1.000, .2453, .0809, .0304, .0122, .0083},
        {1.000, .2453, .0809, .0304, .0122, .0051},
    };

    enum Result { DIFFERENT, SAME, UNKNOWN }

    /** What a bisection found: the culprits (indices) and the engine runs it took. */
    record Outcome(List<Integer> culprits, int runs, int commits) {
    }

    private final SimulatedHistory history;
    private final int last;
    private final double magnitude;
    private final Map<Integer, List<Double>> values = new HashMap<>();
    private final Map<Integer, Integer> attempts = new HashMap<>();
    private int runs;

    /**
     * @param history   the simulated repository and engine
     * @param commits   commits on the path
     * @param magnitude the expected absolute change of the per-run means (the alert's size)
     */
    PinpointRules(SimulatedHistory history, int commits, double magnitude) {
        this.history = history;
        this.last = commits - 1;
        this.magnitude = magnitude;
    }

    Outcome bisect() {
        TreeSet<Integer> changes = new TreeSet<>(List.of(0, last));
        addRuns(0, FIRST_RUNS);
        addRuns(last, FIRST_RUNS);
        while (true) {
            List<Integer> list = new ArrayList<>(changes);
            List<Integer> toAdd = new ArrayList<>();
            List<Integer> toRefine = new ArrayList<>();
            for (int p = 0; p + 1 < list.size(); p++) {
                int a = list.get(p);
                int b = list.get(p + 1);
                Result r = compare(a, b);
                if (r == Result.UNKNOWN) {
                    int fewer = attempts.get(a) <= attempts.get(b) ? a : b;
                    if (attempts.get(fewer) < MAX_RUNS && !toRefine.contains(fewer)) {
                        toRefine.add(fewer);
                    }
                } else if (r == Result.DIFFERENT) {
                    speculate(a, b, 2, changes, toAdd);
                }
            }
            if (toAdd.isEmpty() && toRefine.isEmpty()) {
                List<Integer> culprits = new ArrayList<>();
                for (int p = 0; p + 1 < list.size(); p++) {
                    if (list.get(p + 1) - list.get(p) == 1 && compare(list.get(p), list.get(p + 1)) == Result.DIFFERENT) {
                        culprits.add(list.get(p + 1));
                    }
                }
                return new Outcome(culprits, runs, changes.size());
            }
            for (int c : toRefine) {
                addRuns(c, attempts.get(c));
            }
            for (int c : toAdd) {
                changes.add(c);
                addRuns(c, FIRST_RUNS);
            }
        }
    }

    /** The binary infix traversal of the midpoints between a and b, {@code levels} deep. */
    private void speculate(int a, int b, int levels, TreeSet<Integer> changes, List<Integer> toAdd) {
        if (levels == 0 || b - a < 2) {
            return;
        }
        int m = a + (b - a) / 2;
        speculate(a, m, levels - 1, changes, toAdd);
        if (!changes.contains(m) && !toAdd.contains(m)) {
            toAdd.add(m);
        }
        speculate(m, b, levels - 1, changes, toAdd);
    }

    private void addRuns(int commit, int count) {
        List<Double> v = values.computeIfAbsent(commit, c -> new ArrayList<>());
        for (int i = 0; i < count; i++) {
            RoundOutcome o = history.round(commit);
            runs++;
            if (!o.isFailure()) {
                v.add(o.value());
            }
        }
        attempts.merge(commit, count, Integer::sum);
    }

    Result compare(int a, int b) {
        List<Double> x = values.get(a);
        List<Double> y = values.get(b);
        if (x.isEmpty() || y.isEmpty()) {
            return Result.UNKNOWN;
        }
        int attemptCount = (attempts.get(a) + attempts.get(b)) / 2;
        double iqr = Math.max(iqr(x), iqr(y));
        double inIqr = iqr > 0 ? Math.abs(magnitude / iqr) : 1000.0;
        double high = highThreshold(inIqr, attemptCount);
        double p = Math.min(kolmogorovSmirnov(x, y), mannWhitneyU(x, y));
        if (p <= LOW_THRESHOLD) {
            return Result.DIFFERENT;
        }
        if (p > high) {
            return Result.SAME;
        }
        return attempts.get(a) >= MAX_RUNS && attempts.get(b) >= MAX_RUNS ? Result.SAME : Result.UNKNOWN;
    }

    static double highThreshold(double magnitudeInIqr, int sampleSize) {
        int row = Math.max(0, Math.min(HIGH_THRESHOLDS.length - 1, (int) (magnitudeInIqr * 10) - 10));
        double[] thresholds = HIGH_THRESHOLDS[row];
        return thresholds[Math.min(sampleSize, thresholds.length) - 1];
    }

    /** The interquartile range with the "C = 1/2" percentile (catapult's math_utils). */
    static double iqr(List<Double> values) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return percentile(s, 0.75) - percentile(s, 0.25);
    }

    private static double percentile(double[] sorted, double p) {
        double index = sorted.length * p - 0.5;
        int floor = (int) Math.max(Math.floor(index), 0);
        int ceil = (int) Math.min(Math.ceil(index), sorted.length - 1);
        if (floor >= ceil) {
            return sorted[Math.min(floor, sorted.length - 1)];
        }
        return sorted[floor] + (index - floor) * (sorted[ceil] - sorted[floor]);
    }

    /** The two-sample Kolmogorov-Smirnov p-value, asymptotic with Stephens' small-sample correction. */
    static double kolmogorovSmirnov(List<Double> a, List<Double> b) {
        double[] x = a.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] y = b.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double d = 0;
        for (double[] pool : new double[][] {x, y}) {
            for (double v : pool) {
                d = Math.max(d, Math.abs(upTo(x, v) / (double) x.length - upTo(y, v) / (double) y.length));
            }
        }
        double en = Math.sqrt(x.length * (double) y.length / (x.length + y.length));
        return kolmogorovTail((en + 0.12 + 0.11 / en) * d);
    }

    /** The number of values in the sorted array at or below v. */
    private static int upTo(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** P(K &gt; y) for the Kolmogorov distribution: 2 sum (-1)^(r-1) exp(-2 r^2 y^2). */
    private static double kolmogorovTail(double y) {
        if (y < 1.1e-16) {
            return 1.0;
        }
        double sum = 0;
        double sign = 1;
        for (int r = 1; r < 1000; r++) {
            double term = Math.exp(-2 * r * r * y * y);
            sum += sign * term;
            if (term == 0 || term / Math.abs(sum) <= 1.1e-16) {
                break;
            }
            sign = -sign;
        }
        return Math.min(1, Math.max(0, 2 * sum));
    }

    /** The two-sided Mann-Whitney U p-value, normal approximation with tie correction and a 0.5 continuity term. */
    static double mannWhitneyU(List<Double> a, List<Double> b) {
        int n1 = a.size();
        int n2 = b.size();
        double[] all = new double[n1 + n2];
        for (int i = 0; i < n1; i++) {
            all[i] = a.get(i);
        }
        for (int i = 0; i < n2; i++) {
            all[n1 + i] = b.get(i);
        }
        double[] ranks = ranks(all);
        double rankSumX = 0;
        for (int i = 0; i < n1; i++) {
            rankSumX += ranks[i];
        }
        double u1 = n1 * (double) n2 + n1 * (n1 + 1) / 2.0 - rankSumX;
        double u2 = n1 * (double) n2 - u1;
        double[] sorted = ranks.clone();
        Arrays.sort(sorted);
        double ties = 0;
        int size = sorted.length;
        for (int i = 0; i < size; ) {
            int j = i;
            while (j < size && sorted[j] == sorted[i]) {
                j++;
            }
            double t = j - i;
            ties += t * t * t - t;
            i = j;
        }
        double correction = size < 2 ? 1 : 1 - ties / (Math.pow(size, 3) - size);
        if (correction == 0) {
            return 1.0;
        }
        double sd = Math.sqrt(correction * n1 * (double) n2 * (n1 + n2 + 1) / 12.0);
        double z = (Math.max(u1, u2) - (n1 * (double) n2 / 2.0 + 0.5)) / sd;
        return 2 * dev.commitbench.stats.Distributions.normalUpperTail(Math.abs(z));
    }

    /** Fractional ranks from 1 (ties get the mean of their ranks). */
    private static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(values[p], values[q]));
        double[] ranks = new double[values.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j < order.length && values[order[j]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j + 1) / 2.0;
            for (int k = i; k < j; k++) {
                ranks[order[k]] = rank;
            }
            i = j;
        }
        return ranks;
    }
}
