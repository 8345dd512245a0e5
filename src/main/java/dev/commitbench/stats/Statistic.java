package dev.commitbench.stats;

import dev.commitbench.Measurement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Statistic} is the summary a metric path names by its last segment. A location statistic,
 * {@code mean}, {@code median}/{@code pNN} (a percentile, interpolated like numpy's
 * {@code percentile}), {@code max} or {@code min}, is computed over the pooled per-iteration samples
 * of every round. Any other segment ({@code value}, {@code max_ram}, {@code total}, {@code count},
 * {@code stdev}, {@code gpu}, ...) names a value that the engine computed once per round, so it is the
 * mean of the round values ({@link Measurement#roundValues()}, one sample per round): a latency's
 * {@code total} is compared as the rounds' totals, never as the mean latency of its iterations.
 *
 * <p>Instances are immutable and thread-safe; {@link #compute} may reorder the array it is given.
 */
final class Statistic {

    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(?:\\.\\d+)?)");

    private final boolean mean;
    private final double quantile;
    private final boolean perRound;
    private final String name;

    private Statistic(boolean mean, double quantile, boolean perRound, String name) {
        this.mean = mean;
        this.quantile = quantile;
        this.perRound = perRound;
        this.name = name;
    }

    /**
     * The statistic that the last segment of {@code metricPath} names; the mean of the round values
     * when it names no location statistic.
     */
    static Statistic of(String metricPath) {
        String last = metricPath.substring(metricPath.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        Matcher m = PERCENTILE.matcher(last);
        if (m.matches()) {
            return new Statistic(false, Double.parseDouble(m.group(1)) / 100.0, false, last);
        }
        return switch (last) {
            case "mean" -> new Statistic(true, 0, false, last);
            case "median" -> new Statistic(false, 0.5, false, last);
            case "max" -> new Statistic(false, 1, false, last);
            case "min" -> new Statistic(false, 0, false, last);
            default -> new Statistic(true, 0, true, "mean of the round values");
        };
    }

    /** True for a mean (of the iterations or of the round values). */
    boolean isMean() {
        return mean;
    }

    /** True for a statistic over the per-iteration samples; false for one computed from the round values. */
    boolean overIterations() {
        return !perRound;
    }

    /**
     * The samples this statistic is computed over, grouped by round: the per-iteration samples for a
     * location statistic, otherwise each round's value as the round's only sample.
     */
    List<List<Double>> samples(Measurement measurement) {
        return perRound ? measurement.roundValues().stream().map(List::of).toList() : measurement.roundSamples();
    }

    /** The quantile level in [0, 1] ({@code max} is 1, {@code min} 0); only for quantiles. */
    double level() {
        return quantile;
    }

    /** The statistic of {@code values[0..n)}; may reorder those values. */
    double compute(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        if (!mean) {
            return quantile(values, n, quantile);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return sum / n;
    }

    /** The arithmetic mean of {@code values}; NaN when empty. */
    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The sample standard deviation (n - 1) of {@code values[0..n)}; 0 for one value. */
    static double stdev(double[] values, int n) {
        if (n < 2) {
            return 0;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += values[i];
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = values[i] - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (n - 1));
    }

    /** numpy's default (linear) percentile of {@code values[0..n)}, by selection: O(n), reorders. */
    static double quantile(double[] values, int n, double q) {
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        select(values, n, lo);
        double low = values[lo];
        if (lo + 1 >= n || h == lo) {
            return low;
        }
        double next = values[lo + 1];
        for (int i = lo + 2; i < n; i++) {
            next = Math.min(next, values[i]);
        }
        return low + (h - lo) * (next - low);
    }

    /** Reorders {@code a[0..n)} so that {@code a[k]} is the k-th smallest, smaller ones before it, larger after. */
    private static void select(double[] a, int n, int k) {
        int left = 0;
        int right = n - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            double pivot = medianOfThree(a[left], a[mid], a[right]);
            int i = left;
            int j = right;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return;
            }
        }
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    @Override
    public String toString() {
        return name;
    }
}
