package dev.commitbench.bisect;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code RoundVariance} is used by {@link BisectModel} to estimate its noise components from the rounds: the
 * variance between rounds of one commit, and the drift between blocks (batches) seen in the ends' rounds.
 */
final class RoundVariance {

    private RoundVariance() {
    }

    /**
     * The between-round variance: the pooled scatter of each commit's rounds around its mean, less what
     * the iterations explain, with a prior of {@link BisectModel#TAU_PRIOR_DF} degrees of freedom at {@code ubar}.
     */
    static double betweenRoundVariance(double[] y, int[] commit, double[] u, double ubar) {
        Map<Integer, double[]> sums = new HashMap<>();
        for (int r = 0; r < y.length; r++) {
            double[] s = sums.computeIfAbsent(commit[r], c -> new double[2]);
            s[0] += y[r];
            s[1]++;
        }
        double ss = 0;
        int df = 0;
        for (int r = 0; r < y.length; r++) {
            double[] s = sums.get(commit[r]);
            double d = y[r] - s[0] / s[1];
            ss += d * d;
        }
        for (double[] s : sums.values()) {
            df += (int) s[1] - 1;
        }
        double priorDf = ubar > 0 ? BisectModel.TAU_PRIOR_DF : 0;
        double excess = df > 0 ? Math.max(0, ss / df - ubar) : 0;
        if (priorDf + df == 0) {
            return 0;
        }
        return (priorDf * ubar + df * excess) / (priorDf + df);
    }

    /**
     * The block (drift) variance from the ends' rounds: each block's mean residual of the ends against
     * their rounds in other blocks. Fills each round's estimated block shift (shrunk towards 0) and the
     * variance left after removing it; returns {@code omega2} (0 below three blocks with an end).
     */
    static double drift(double[] y, int[] commit, int[] block, int last, double v0, double[] shift,
            double[] leftVar) {
        Map<Integer, double[]> endSums = new HashMap<>();
        double[] total = new double[2];
        double[] count = new double[2];
        for (int r = 0; r < y.length; r++) {
            int e = commit[r] == 0 ? 0 : commit[r] == last ? 1 : -1;
            if (e >= 0) {
                total[e] += y[r];
                count[e]++;
                double[] s = endSums.computeIfAbsent(block[r], b -> new double[4]);
                s[e] += y[r];
                s[2 + e]++;
            }
        }
        Map<Integer, double[]> effect = new HashMap<>();
        for (Map.Entry<Integer, double[]> entry : endSums.entrySet()) {
            double[] s = entry.getValue();
            double sum = 0;
            double var = 0;
            int parts = 0;
            for (int e = 0; e < 2; e++) {
                double outside = count[e] - s[2 + e];
                if (s[2 + e] > 0 && outside > 0) {
                    double mean = s[e] / s[2 + e];
                    double other = (total[e] - s[e]) / outside;
                    sum += mean - other;
                    var += v0 * (1 / s[2 + e] + 1 / outside);
                    parts++;
                }
            }
            if (parts > 0) {
                effect.put(entry.getKey(), new double[] {sum / parts, var / (parts * parts)});
            }
        }
        if (effect.size() < 3) {
            return 0;
        }
        double excess = 0;
        for (double[] e : effect.values()) {
            excess += e[0] * e[0] - e[1];
        }
        double omega = Math.max(0, excess / effect.size());
        if (omega == 0) {
            return 0;
        }
        for (int r = 0; r < y.length; r++) {
            double[] e = effect.get(block[r]);
            if (e == null) {
                leftVar[r] = omega;
            } else {
                double shrink = omega / (omega + e[1]);
                shift[r] = shrink * e[0];
                leftVar[r] = omega * e[1] / (omega + e[1]);
            }
        }
        return omega;
    }
}
