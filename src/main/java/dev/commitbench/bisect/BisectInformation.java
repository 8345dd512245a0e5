package dev.commitbench.bisect;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code BisectInformation} is used by {@link BisectModel} to choose what to measure next: the expected information
 * gain of one more round of a commit about the model's hypotheses, from cumulative tables of the posterior (made once
 * per model).
 */
final class BisectInformation {

    private static final int GRID = 100;

    private final BisectModel model;
    private double[] cumSingle;
    private double[][] cumTwo;
    private double[][] cumRamp;

    BisectInformation(BisectModel model) {
        this.model = model;
        tables();
    }

    /**
     * Chooses up to {@code count} commits to measure next, greedily by expected information gain about
     * the hypotheses: each next pick maximizes the mutual information of its next round with the
     * hypothesis, given that the commits already picked will reveal which level (G, middle or B) they
     * are at.
     *
     * @param count    how many to pick
     * @param eligible per commit: may be measured
     * @return the picks in order; fewer when no commit is informative
     */
    List<Integer> choose(int count, boolean[] eligible) {
        List<Integer> picked = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            List<Integer> sorted = new ArrayList<>(picked);
            sorted.sort(null);
            List<double[]> patterns = patterns(sorted);
            int best = -1;
            double bestGain = 1e-9;
            for (int i = 1; i < model.last; i++) {
                if (!eligible[i] || picked.contains(i)) {
                    continue;
                }
                double gain = 0;
                for (double[] p : patterns) {
                    gain += p[0] * information(i, p);
                }
                if (gain > bestGain) {
                    bestGain = gain;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            picked.add(best);
        }
        return picked;
    }

    /** {@return the expected information gain (nats) of one more round of commit {@code i}, alone} */
    double information(int i) {
        List<double[]> patterns = patterns(List.of());
        return information(i, patterns.get(0));
    }

    /**
     * The patterns the picked commits can reveal, each as {mass, single k range, two j/k ranges, ramp
     * j/k ranges} (empty ranges have lo > hi).
     */
    private List<double[]> patterns(List<Integer> sorted) {
        int cells = sorted.size() + 1;
        int[] lo = new int[cells];
        int[] hi = new int[cells];
        for (int a = 0; a < cells; a++) {
            lo[a] = a == 0 ? 1 : sorted.get(a - 1) + 1;
            hi[a] = a == cells - 1 ? model.last : sorted.get(a);
        }
        List<double[]> out = new ArrayList<>();
        for (int a = 0; a < cells; a++) {
            for (int b = a; b < cells; b++) {
                if (a == b) {
                    add(out, new double[] {0, lo[a], hi[a], lo[a], hi[a], lo[a], hi[a], lo[a], hi[a], lo[a], hi[a]});
                } else {
                    add(out, new double[] {0, 1, 0, lo[a], hi[a], lo[b], hi[b], 1, 0, 1, 0});
                    add(out, new double[] {0, 1, 0, 1, 0, 1, 0, lo[a], hi[a], lo[b], hi[b]});
                }
            }
        }
        return out;
    }

    private void add(List<double[]> out, double[] p) {
        double mass = rangeSum(cumSingle, (int) p[1], (int) p[2]);
        if (model.families) {
            mass += rect(cumTwo[0], (int) p[3], (int) p[4], (int) p[5], (int) p[6])
                    + rect(cumRamp[0], (int) p[7], (int) p[8], (int) p[9], (int) p[10]);
        }
        if (mass > 1e-9) {
            p[0] = mass;
            out.add(p);
        }
    }

    /**
     * The mutual information between commit {@code i}'s next round and the hypothesis, within the
     * hypotheses of pattern {@code p}. Each family's hypotheses predict one of G, B, a middle level or a
     * point on a ramp; the middle and ramp predictions are collapsed to one normal each (moment
     * matched), and the mixture's entropy is integrated numerically.
     */
    private double information(int i, double[] p) {
        int sLo = (int) p[1];
        int sHi = (int) p[2];
        double mass = p[0];
        double pg = rangeSum(cumSingle, Math.max(sLo, i + 1), sHi);
        double pb = rangeSum(cumSingle, sLo, Math.min(sHi, i));
        double pm = 0;
        double mMean = 0;
        double mSecond = 0;
        double pr = 0;
        double fMean = 0;
        double fSecond = 0;
        if (model.families) {
            int jLo = (int) p[3];
            int jHi = (int) p[4];
            int kLo = (int) p[5];
            int kHi = (int) p[6];
            pg += rect(cumTwo[0], Math.max(jLo, i + 1), jHi, kLo, kHi);
            pb += rect(cumTwo[0], jLo, jHi, kLo, Math.min(kHi, i));
            pm = rect(cumTwo[0], jLo, Math.min(jHi, i), Math.max(kLo, i + 1), kHi);
            if (pm > 1e-12) {
                mMean = rect(cumTwo[1], jLo, Math.min(jHi, i), Math.max(kLo, i + 1), kHi) / pm;
                mSecond = rect(cumTwo[2], jLo, Math.min(jHi, i), Math.max(kLo, i + 1), kHi) / pm;
            }
            jLo = (int) p[7];
            jHi = (int) p[8];
            kLo = (int) p[9];
            kHi = (int) p[10];
            pg += rect(cumRamp[0], Math.max(jLo, i + 1), jHi, kLo, kHi);
            pb += rect(cumRamp[0], jLo, jHi, kLo, Math.min(kHi, i));
            int jTop = Math.min(jHi, i);
            int kBottom = Math.max(kLo, i + 1);
            pr = rect(cumRamp[0], jLo, jTop, kBottom, kHi);
            if (pr > 1e-12) {
                double x = i + 1;
                double overL = rect(cumRamp[1], jLo, jTop, kBottom, kHi);
                double jOverL = rect(cumRamp[2], jLo, jTop, kBottom, kHi);
                double overL2 = rect(cumRamp[3], jLo, jTop, kBottom, kHi);
                double jOverL2 = rect(cumRamp[4], jLo, jTop, kBottom, kHi);
                double jjOverL2 = rect(cumRamp[5], jLo, jTop, kBottom, kHi);
                fMean = (x * overL - jOverL) / pr;
                fSecond = (x * x * overL2 - 2 * x * jOverL2 + jjOverL2) / pr;
            }
        }
        double total = pg + pb + pm + pr;
        if (total <= 1e-12 || mass <= 0) {
            return 0;
        }
        double distance = model.badLevel - model.goodLevel;
        double[] weight = {pg / total, pb / total, pm / total, pr / total};
        double[] mean = {model.goodLevel, model.badLevel, mMean, model.goodLevel + distance * fMean};
        double[] var = {model.newRoundVar + model.goodVar, model.newRoundVar + model.badVar,
            model.newRoundVar + Math.max(0, mSecond - mMean * mMean),
            model.newRoundVar + (model.goodVar + model.badVar) / 2 + distance * distance * Math.max(0, fSecond - fMean * fMean)};
        return mixtureInformation(weight, mean, var);
    }

    /** H(mixture) - sum of weight x H(component), by the trapezoid rule on a grid. */
    static double mixtureInformation(double[] weight, double[] mean, double[] var) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double conditional = 0;
        int live = 0;
        for (int c = 0; c < weight.length; c++) {
            if (weight[c] > 1e-12) {
                double s = Math.sqrt(var[c]);
                lo = Math.min(lo, mean[c] - 6 * s);
                hi = Math.max(hi, mean[c] + 6 * s);
                conditional += weight[c] * 0.5 * Math.log(2 * Math.PI * Math.E * var[c]);
                live++;
            }
        }
        if (live < 2) {
            return 0;
        }
        double step = (hi - lo) / (GRID - 1);
        double entropy = 0;
        for (int x = 0; x < GRID; x++) {
            double at = lo + x * step;
            double density = 0;
            for (int c = 0; c < weight.length; c++) {
                if (weight[c] > 1e-12) {
                    double d = at - mean[c];
                    density += weight[c] * Math.exp(-0.5 * d * d / var[c]) / Math.sqrt(2 * Math.PI * var[c]);
                }
            }
            if (density > 0) {
                double term = -density * Math.log(density);
                entropy += (x == 0 || x == GRID - 1 ? 0.5 : 1) * term;
            }
        }
        entropy *= step;
        return Math.max(0, entropy - conditional);
    }

    private void tables() {
        cumSingle = new double[model.n + 1];
        for (int k = 0; k < model.n; k++) {
            cumSingle[k + 1] = cumSingle[k] + model.single[k];
        }
        if (!model.families) {
            return;
        }
        double[][] twoValues = new double[3][model.n * model.n];
        double[][] rampValues = new double[6][model.n * model.n];
        for (int j = 1; j <= model.last; j++) {
            for (int k = j + 1; k <= model.last; k++) {
                int at = j * model.n + k;
                double p = model.two[at];
                twoValues[0][at] = p;
                twoValues[1][at] = p * model.twoMean[at];
                twoValues[2][at] = p * (model.twoMean[at] * model.twoMean[at] + model.twoVar[at]);
                double q = model.ramp[at];
                if (q > 0) {
                    double length = k - j + 1;
                    rampValues[0][at] = q;
                    rampValues[1][at] = q / length;
                    rampValues[2][at] = q * j / length;
                    rampValues[3][at] = q / (length * length);
                    rampValues[4][at] = q * j / (length * length);
                    rampValues[5][at] = q * (double) j * j / (length * length);
                }
            }
        }
        cumTwo = new double[3][];
        for (int t = 0; t < 3; t++) {
            cumTwo[t] = cumulative(twoValues[t]);
        }
        cumRamp = new double[6][];
        for (int t = 0; t < 6; t++) {
            cumRamp[t] = cumulative(rampValues[t]);
        }
    }

    private double[] cumulative(double[] values) {
        int size = model.n + 1;
        double[] c = new double[size * size];
        for (int j = 0; j < model.n; j++) {
            double row = 0;
            for (int k = 0; k < model.n; k++) {
                row += values[j * model.n + k];
                c[(j + 1) * size + k + 1] = c[j * size + k + 1] + row;
            }
        }
        return c;
    }

    private double rect(double[] c, int j1, int j2, int k1, int k2) {
        j1 = Math.max(j1, 0);
        k1 = Math.max(k1, 0);
        j2 = Math.min(j2, model.n - 1);
        k2 = Math.min(k2, model.n - 1);
        if (j1 > j2 || k1 > k2) {
            return 0;
        }
        int size = model.n + 1;
        return c[(j2 + 1) * size + k2 + 1] - c[j1 * size + k2 + 1] - c[(j2 + 1) * size + k1] + c[j1 * size + k1];
    }

    private static double rangeSum(double[] c, int lo, int hi) {
        lo = Math.max(lo, 0);
        hi = Math.min(hi, c.length - 2);
        return lo > hi ? 0 : c[hi + 1] - c[lo];
    }
}
