package dev.commitbench.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@code RoundBootstrap} is used to estimate how much a percentile of one commit's pooled samples varies from
 * one set of rounds to another: it resamples whole rounds (engine processes) with replacement, keeping each
 * round's iterations as they were, and computes the percentile of every resample. Rounds, not iterations, are
 * the independent units: a process's start-up, memory layout, frequency and neighbours shift all of its
 * iterations together, and the pooled percentile responds to which rounds it holds in a way no closed form
 * gives. Primitive arrays only; not thread-safe (the caller owns the random generator).
 */
final class RoundBootstrap {

    private final double[] sorted;
    private final int[][] ranks;

    /** Holds the rounds' samples ({@code rounds[r]}, each non-empty). */
    RoundBootstrap(double[][] rounds) {
        int total = 0;
        for (double[] round : rounds) {
            total += round.length;
        }
        double[] values = new double[total];
        int[] roundOf = new int[total];
        int pos = 0;
        for (int r = 0; r < rounds.length; r++) {
            for (double v : rounds[r]) {
                roundOf[pos] = r;
                values[pos++] = v;
            }
        }
        Integer[] order = new Integer[total];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        sorted = new double[total];
        ranks = new int[rounds.length][];
        int[] filled = new int[rounds.length];
        for (int r = 0; r < rounds.length; r++) {
            ranks[r] = new int[rounds[r].length];
        }
        for (int i = 0; i < total; i++) {
            sorted[i] = values[order[i]];
            int r = roundOf[order[i]];
            ranks[r][filled[r]++] = i;
        }
    }

    /**
     * {@code resamples} replicates of the quantile at {@code level} (numpy's linear percentile) of the pooled
     * samples of a resample of the rounds. Each replicate counts how often each value (by rank) was drawn and
     * walks the counts from the nearer end, so no resample is stored or sorted.
     */
    double[] replicates(double level, int resamples, SplittableRandom random) {
        double[] out = new double[resamples];
        int[] counts = new int[sorted.length];
        int rounds = ranks.length;
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(counts, 0);
            int n = 0;
            for (int i = 0; i < rounds; i++) {
                int[] chosen = ranks[index(random, rounds)];
                for (int rank : chosen) {
                    counts[rank]++;
                }
                n += chosen.length;
            }
            out[b] = quantile(counts, n, level);
        }
        return out;
    }

    /** numpy's linear quantile of a resample given as draw counts per sorted value. */
    private double quantile(int[] counts, int n, double level) {
        double h = (n - 1) * level;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        if (lo < n / 2) {
            double low = fromBottom(counts, lo);
            return h == lo ? low : low + (h - lo) * (fromBottom(counts, hi) - low);
        }
        double low = fromTop(counts, n - 1 - lo);
        return h == lo ? low : low + (h - lo) * (fromTop(counts, n - 1 - hi) - low);
    }

    /** The value of 0-based rank {@code rank} counted from the smallest. */
    private double fromBottom(int[] counts, int rank) {
        int seen = 0;
        for (int i = 0; ; i++) {
            seen += counts[i];
            if (seen > rank) {
                return sorted[i];
            }
        }
    }

    /** The value of 0-based rank {@code rank} counted from the largest. */
    private double fromTop(int[] counts, int rank) {
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
