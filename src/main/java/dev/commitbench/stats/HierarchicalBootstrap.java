package dev.commitbench.stats;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code HierarchicalBootstrap} is used to resample one commit's samples the way they were produced:
 * first rounds (engine processes) with replacement, then iterations with replacement within each
 * chosen round, and to compute the statistic of each resample. Primitive arrays only; not
 * thread-safe (the caller owns the random generator).
 */
final class HierarchicalBootstrap {

    private final double[] values;
    private final int[] start;
    private final int[] length;

    /** Flattens the non-empty rounds of {@code rounds}. */
    HierarchicalBootstrap(List<List<Double>> rounds) {
        int count = 0;
        int total = 0;
        for (List<Double> round : rounds) {
            if (!round.isEmpty()) {
                count++;
                total += round.size();
            }
        }
        values = new double[total];
        start = new int[count];
        length = new int[count];
        int r = 0;
        int pos = 0;
        for (List<Double> round : rounds) {
            if (round.isEmpty()) {
                continue;
            }
            start[r] = pos;
            length[r] = round.size();
            for (double v : round) {
                values[pos++] = v;
            }
            r++;
        }
    }

    /** The number of non-empty rounds. */
    int rounds() {
        return start.length;
    }

    /** The statistic over every sample pooled. */
    double pooled(Statistic statistic) {
        return statistic.compute(values.clone(), values.length);
    }

    /**
     * {@code resamples} bootstrap replicates of {@code statistic}. Means are summed on the fly;
     * quantiles count how often each value (by rank) was drawn and walk the counts, so no resample is
     * stored or sorted.
     */
    double[] replicates(Statistic statistic, int resamples, SplittableRandom random) {
        double[] out = new double[resamples];
        if (statistic.isMean()) {
            for (int b = 0; b < resamples; b++) {
                out[b] = mean(random);
            }
            return out;
        }
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        int[] rank = new int[values.length];
        double[] sorted = new double[values.length];
        for (int i = 0; i < order.length; i++) {
            rank[order[i]] = i;
            sorted[i] = values[order[i]];
        }
        int[] counts = new int[values.length];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(counts, 0);
            int n = 0;
            for (int i = 0; i < start.length; i++) {
                int r = index(random, start.length);
                int s = start[r];
                int len = length[r];
                for (int j = 0; j < len; j++) {
                    counts[rank[s + index(random, len)]]++;
                }
                n += len;
            }
            out[b] = quantile(sorted, counts, n, statistic.level());
        }
        return out;
    }

    private double mean(SplittableRandom random) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < start.length; i++) {
            int r = index(random, start.length);
            int s = start[r];
            int len = length[r];
            for (int j = 0; j < len; j++) {
                sum += values[s + index(random, len)];
            }
            n += len;
        }
        return sum / n;
    }

    /**
     * numpy's linear quantile of a resample given as draw counts per sorted value, walking the counts
     * from the nearer end.
     */
    private static double quantile(double[] sorted, int[] counts, int n, double level) {
        double h = (n - 1) * level;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        if (lo < n / 2) {
            double low = fromBottom(sorted, counts, lo);
            return h == lo ? low : low + (h - lo) * (fromBottom(sorted, counts, hi) - low);
        }
        double low = fromTop(sorted, counts, n - 1 - lo);
        return h == lo ? low : low + (h - lo) * (fromTop(sorted, counts, n - 1 - hi) - low);
    }

    /** The value of 0-based rank {@code rank} counted from the smallest. */
    private static double fromBottom(double[] sorted, int[] counts, int rank) {
        int seen = 0;
        for (int i = 0; ; i++) {
            seen += counts[i];
            if (seen > rank) {
                return sorted[i];
            }
        }
    }

    /** The value of 0-based rank {@code rank} counted from the largest. */
    private static double fromTop(double[] sorted, int[] counts, int rank) {
        int seen = 0;
        for (int i = counts.length - 1; ; i--) {
            seen += counts[i];
            if (seen > rank) {
                return sorted[i];
            }
        }
    }

    /**
     * A uniform index in {@code [0, bound)} by multiply-shift (Lemire), about twice as fast as
     * {@code nextInt(bound)}; its bias, below {@code bound / 2^32}, is negligible here.
     */
    static int index(SplittableRandom random, int bound) {
        return (int) (((random.nextInt() & 0xFFFFFFFFL) * bound) >>> 32);
    }
}
