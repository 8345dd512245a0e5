package dev.commitbench.bisect;

import java.util.Arrays;
import java.util.List;

/**
 * {@code RoundLocation} is used to reduce one round's samples to what the search's model sees: the
 * round's location on the log scale, oriented so that larger is worse, and the variance of one
 * iteration around it.
 *
 * <p>The location is the 10% trimmed mean of the logarithms of the samples (one sample: its logarithm),
 * so that a rare slow iteration (an outlier) does not move a round; its variance comes from the
 * winsorized sample (Tukey and McLaughlin): the variance of the trimmed mean is
 * {@code winsorizedVariance / ((1 - 2g/n)^2 n)} for {@code g} values trimmed from each end.
 *
 * @param y          the oriented log location
 * @param n          the number of samples
 * @param withinVar  the variance of one sample for the trimmed mean ({@code winsorized variance / (1 - 2g/n)^2});
 *                   0 for a single sample
 */
record RoundLocation(double y, int n, double withinVar) {

    /** The share trimmed from each end. */
    static final double TRIM = 0.1;

    /**
     * The location of {@code samples}, or {@code null} when a sample is not a positive finite number (a
     * relative change needs a positive metric).
     */
    static RoundLocation of(List<Double> samples, boolean higherIsBetter) {
        int n = samples.size();
        if (n == 0) {
            return null;
        }
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            Double v = samples.get(i);
            if (v == null || !(v > 0) || Double.isInfinite(v)) {
                return null;
            }
            logs[i] = Math.log(v);
        }
        double sign = higherIsBetter ? -1 : 1;
        if (n == 1) {
            return new RoundLocation(sign * logs[0], 1, 0);
        }
        Arrays.sort(logs);
        int g = (int) Math.floor(TRIM * n);
        double sum = 0;
        for (int i = g; i < n - g; i++) {
            sum += logs[i];
        }
        double trimmed = sum / (n - 2 * g);
        double low = logs[g];
        double high = logs[n - 1 - g];
        double wMean = 0;
        for (double v : logs) {
            wMean += Math.min(Math.max(v, low), high);
        }
        wMean /= n;
        double ss = 0;
        for (double v : logs) {
            double d = Math.min(Math.max(v, low), high) - wMean;
            ss += d * d;
        }
        double kept = 1 - 2.0 * g / n;
        return new RoundLocation(sign * trimmed, n, ss / (n - 1) / (kept * kept));
    }
}
