package dev.commitbench.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code SequentialBoundary} is used to widen the gate's interval at each look of adaptive rounds, so that the
 * chance of a wrong gate over all looks stays bounded: a group-sequential design with an error-spending
 * function (Lan and DeMets).
 *
 * <p>The gate looks after {@code first} rounds per commit and after every round added up to {@code last}, at
 * information fractions {@code t_k = n_k / last}. Each side of the gate (a false FAIL, a false PASS) may err with
 * one-sided probability {@code alpha1 = (1 - confidence) / 2} at the first look, so that a plan without adaptive
 * rounds and the first look of one with them show the familiar two-sided interval at {@code confidence}; the
 * looks after it spend another {@code alpha1}, in proportion to the square of the share of the added information
 * they reach (Kim and DeMets' power family with exponent 2: little right after the first look, where a look
 * adds little information, most towards the last), so that over all looks each side errs at most
 * {@code 2 alpha1} (5% at the default confidence: a one-sided 95% bound on the whole procedure). No look is
 * narrower than the first: where few looks would allow a later one more than {@code alpha1} (e.g. 2 rounds, then
 * 3), it keeps {@code alpha1}, which errs on the safe side. The nominal one-sided level of each look follows from
 * the joint normal distribution of the standardized estimates at the looks (correlation {@code sqrt(t_j / t_k)}),
 * integrated numerically look by look (Armitage, McPherson and Rowe's recursion). The two sides are computed apart, which is conservative:
 * stopping at the other side only removes chances to err.
 *
 * <p>Designs are computed once and cached. Thread-safe.
 */
final class SequentialBoundary {

    private static final int GRID = 401;
    private static final Map<String, double[]> CACHE = new ConcurrentHashMap<>();

    private SequentialBoundary() {
    }

    /**
     * The nominal one-sided error of the look after {@code rounds} rounds per commit, in a design that looks
     * after {@code first} rounds and every round up to {@code last}; {@code (1 - confidence) / 2} at the first
     * look and whenever there is a single look. Rounds outside {@code [first, last]} are clamped into it.
     */
    static double alpha(double confidence, int first, int last, int rounds) {
        double alpha1 = (1 - confidence) / 2;
        if (last <= first) {
            return alpha1;
        }
        double[] levels = CACHE.computeIfAbsent(confidence + "/" + first + "/" + last,
                k -> levels(alpha1, first, last));
        int look = Math.max(first, Math.min(last, rounds)) - first;
        return levels[look];
    }

    /** The nominal one-sided levels of every look, from {@code first} to {@code last} rounds. */
    static double[] levels(double alpha1, int first, int last) {
        int looks = last - first + 1;
        double[] t = new double[looks];
        double[] spent = new double[looks];
        double t1 = first / (double) last;
        for (int k = 0; k < looks; k++) {
            t[k] = (first + k) / (double) last;
            double share = (t[k] - t1) / (1 - t1);
            spent[k] = alpha1 + alpha1 * share * share;
        }
        double[] z = boundaries(t, spent);
        double[] levels = new double[looks];
        for (int k = 0; k < looks; k++) {
            levels[k] = Math.min(alpha1, Distributions.normalUpperTail(z[k]));
        }
        levels[0] = alpha1;
        return levels;
    }

    /**
     * The boundaries {@code z_k} on the standardized scale such that a Brownian motion observed at times
     * {@code t_k} first crosses {@code z_k sqrt(t_k)} at look k with probability {@code spent_k - spent_(k-1)}.
     */
    static double[] boundaries(double[] t, double[] spent) {
        int looks = t.length;
        double[] z = new double[looks];
        double[] grid = null;
        double[] density = null;
        for (int k = 0; k < looks; k++) {
            double step = spent[k] - (k == 0 ? 0 : spent[k - 1]);
            double tk = t[k];
            double previous = k == 0 ? 0 : t[k - 1];
            double[] g = grid;
            double[] f = density;
            double lo = -6 * Math.sqrt(tk);
            double hi = 12 * Math.sqrt(tk);
            if (step <= 0) {
                z[k] = Double.POSITIVE_INFINITY;
            } else {
                for (int i = 0; i < 80; i++) {
                    double mid = (lo + hi) / 2;
                    if (crossing(g, f, tk, previous, mid) > step) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                z[k] = (lo + hi) / 2 / Math.sqrt(tk);
            }
            double bound = Double.isInfinite(z[k]) ? 12 * Math.sqrt(tk) : z[k] * Math.sqrt(tk);
            double from = -10 * Math.sqrt(tk);
            double[] nextGrid = new double[GRID];
            double[] next = new double[GRID];
            for (int i = 0; i < GRID; i++) {
                nextGrid[i] = from + (bound - from) * i / (GRID - 1);
                next[i] = g == null ? normalDensity(nextGrid[i], tk) : continued(g, f, tk - previous, nextGrid[i]);
            }
            grid = nextGrid;
            density = next;
        }
        return z;
    }

    /** P(first crossing at this look) for the boundary {@code b} (unstandardized), given the sub-density so far. */
    private static double crossing(double[] grid, double[] density, double tk, double previous, double b) {
        if (grid == null) {
            return Distributions.normalUpperTail(b / Math.sqrt(tk));
        }
        double sd = Math.sqrt(tk - previous);
        double sum = 0;
        for (int i = 0; i < grid.length; i++) {
            double w = i == 0 || i == grid.length - 1 ? 0.5 : 1;
            sum += w * density[i] * Distributions.normalUpperTail((b - grid[i]) / sd);
        }
        return sum * (grid[1] - grid[0]);
    }

    /** The sub-density at {@code x} after an increment of variance {@code dt}, by the trapezoid rule. */
    private static double continued(double[] grid, double[] density, double dt, double x) {
        double sum = 0;
        for (int i = 0; i < grid.length; i++) {
            double w = i == 0 || i == grid.length - 1 ? 0.5 : 1;
            sum += w * density[i] * normalDensity(x - grid[i], dt);
        }
        return sum * (grid[1] - grid[0]);
    }

    private static double normalDensity(double x, double variance) {
        return Math.exp(-x * x / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
    }
}
