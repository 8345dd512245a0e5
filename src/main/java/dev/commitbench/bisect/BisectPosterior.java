package dev.commitbench.bisect;

import dev.commitbench.stats.Distributions;
import java.util.Arrays;

/**
 * {@code BisectPosterior} is used by {@link BisectModel} to fill its posterior over the hypotheses (one step, two
 * steps, a drift) from the commits' weighted levels, with the prior that a change is material (beyond the threshold).
 */
final class BisectPosterior {

    private BisectPosterior() {
    }

    static void fill(BisectModel model) {
        double[] p0 = new double[model.n + 1];
        double[] p1 = new double[model.n + 1];
        double[] p2 = new double[model.n + 1];
        double[] t0 = new double[model.n + 1];
        double[] t1 = new double[model.n + 1];
        double[] uu = new double[model.n + 1];
        for (int i = 0; i < model.n; i++) {
            p0[i + 1] = p0[i] + model.w[i];
            p1[i + 1] = p1[i] + model.w[i] * i;
            p2[i + 1] = p2[i] + model.w[i] * (double) i * i;
            t0[i + 1] = t0[i] + model.sy[i];
            t1[i + 1] = t1[i] + model.sy[i] * i;
            uu[i + 1] = uu[i] + model.syy[i];
        }
        double half = model.nu / 2;
        double logSingle = Math.log(BisectModel.PRIOR_SINGLE / model.last);
        int twoCount = model.families ? model.last * (model.last - 1) / 2 : 0;
        int rampCount = 0;
        if (model.families) {
            for (int j = 1; j <= model.last; j++) {
                rampCount += Math.max(0, model.last - (j + BisectModel.MIN_RAMP_LENGTH - 1) + 1);
            }
        }
        double logTwo = twoCount > 0 ? Math.log(BisectModel.PRIOR_TWO / twoCount) : Double.NEGATIVE_INFINITY;
        double logRamp = rampCount > 0 ? Math.log(BisectModel.PRIOR_RAMP / rampCount) : Double.NEGATIVE_INFINITY;
        double priorMaterial = Math.log(Math.max(1 - excluded(model, model.m0, model.g), 1e-300));

        double max = Double.NEGATIVE_INFINITY;
        model.single[0] = Double.NEGATIVE_INFINITY;
        for (int k = 1; k <= model.last; k++) {
            double wg = p0[k];
            double wb = p0[model.n] - p0[k];
            double rss = flat(p0, t0, uu, 0, k) + flat(p0, t0, uu, k, model.n);
            double ll = -0.5 * (log(wg) + log(wb)) - half * Math.log(BisectModel.NU0 + rss);
            model.single[k] = logSingle + ll;
            max = Math.max(max, model.single[k]);
        }
        if (model.families) {
            Arrays.fill(model.two, Double.NEGATIVE_INFINITY);
            Arrays.fill(model.ramp, Double.NEGATIVE_INFINITY);
            for (int j = 1; j < model.last; j++) {
                double wg = p0[j];
                double rssG = flat(p0, t0, uu, 0, j);
                for (int k = j + 1; k <= model.last; k++) {
                    double wb = p0[model.n] - p0[k];
                    double rss = rssG + flat(p0, t0, uu, k, model.n);
                    double logdet = log(wg) + log(wb);
                    double wm = p0[k] - p0[j];
                    int at = j * model.n + k;
                    double material = 0;
                    if (wm > 0) {
                        double tm = t0[k] - t0[j];
                        double mean = tm / wm;
                        rss += (uu[k] - uu[j]) - tm * mean + (mean - model.m0) * (mean - model.m0) / (model.g + 1 / wm);
                        logdet += Math.log1p(model.g * wm);
                        double precision = 1 / model.g + wm / model.lambda;
                        model.twoMean[at] = (model.m0 / model.g + tm / model.lambda) / precision;
                        model.twoVar[at] = 1 / precision;
                        material = Math.log(Math.max(1 - excluded(model, model.twoMean[at], model.twoVar[at]), 1e-300)) - priorMaterial;
                    } else {
                        model.twoMean[at] = model.m0;
                        model.twoVar[at] = model.g;
                    }
                    model.two[at] = logTwo + material - 0.5 * logdet - half * Math.log(BisectModel.NU0 + Math.max(rss, 0));
                    max = Math.max(max, model.two[at]);
                }
            }
            for (int j = 1; j <= model.last; j++) {
                double a11g = p0[j];
                double b1g = t0[j];
                double cg = uu[j];
                for (int k = j + BisectModel.MIN_RAMP_LENGTH - 1; k <= model.last; k++) {
                    double length = k - j + 1;
                    double off = j - 1;
                    double w0 = p0[k] - p0[j];
                    double w1 = p1[k] - p1[j];
                    double w2 = p2[k] - p2[j];
                    double s0 = t0[k] - t0[j];
                    double s1 = t1[k] - t1[j];
                    double f1 = (w1 - off * w0) / length;
                    double f2 = (w2 - 2 * off * w1 + off * off * w0) / (length * length);
                    double h1 = (s1 - off * s0) / length;
                    double a11 = a11g + w0 - 2 * f1 + f2;
                    double a12 = f1 - f2;
                    double a22 = (p0[model.n] - p0[k]) + f2;
                    double b1 = b1g + s0 - h1;
                    double b2 = (t0[model.n] - t0[k]) + h1;
                    double c = cg + (uu[k] - uu[j]) + (uu[model.n] - uu[k]);
                    double det = a11 * a22 - a12 * a12;
                    if (!(det > 0)) {
                        continue;
                    }
                    double rss = c - (a22 * b1 * b1 - 2 * a12 * b1 * b2 + a11 * b2 * b2) / det;
                    int at = j * model.n + k;
                    model.ramp[at] = logRamp - 0.5 * Math.log(det) - half * Math.log(BisectModel.NU0 + Math.max(rss, 0));
                    max = Math.max(max, model.ramp[at]);
                }
            }
        }
        double sum = 0;
        for (int k = 1; k <= model.last; k++) {
            model.single[k] = Math.exp(model.single[k] - max);
            sum += model.single[k];
        }
        model.single[0] = 0;
        if (model.families) {
            for (int i = 0; i < model.two.length; i++) {
                model.two[i] = model.two[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(model.two[i] - max);
                model.ramp[i] = model.ramp[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(model.ramp[i] - max);
                sum += model.two[i] + model.ramp[i];
            }
            for (int i = 0; i < model.two.length; i++) {
                model.two[i] /= sum;
                model.ramp[i] /= sum;
            }
        }
        for (int k = 1; k <= model.last; k++) {
            model.single[k] /= sum;
        }
    }

    /**
     * The probability that a middle level distributed N(mean, var) lies within half the threshold of
     * the good or the bad level: two steps count only when each is material.
     */
    private static double excluded(BisectModel model, double mean, double var) {
        double h = model.tlog / 2;
        double lo1 = model.goodLevel - h;
        double hi1 = model.goodLevel + h;
        double lo2 = model.badLevel - h;
        double hi2 = model.badLevel + h;
        if (lo2 < lo1) {
            double a = lo1;
            double b = hi1;
            lo1 = lo2;
            hi1 = hi2;
            lo2 = a;
            hi2 = b;
        }
        double sd = Math.sqrt(var);
        if (lo2 <= hi1) {
            return between(lo1, Math.max(hi1, hi2), mean, sd);
        }
        return between(lo1, hi1, mean, sd) + between(lo2, hi2, mean, sd);
    }

    private static double between(double lo, double hi, double mean, double sd) {
        return Math.max(0, Distributions.normalUpperTail((lo - mean) / sd) - Distributions.normalUpperTail((hi - mean) / sd));
    }

    /** The residual sum of squares of commits {@code [a, b)} around their own weighted mean. */
    private static double flat(double[] p0, double[] t0, double[] uu, int a, int b) {
        double wsum = p0[b] - p0[a];
        if (wsum <= 0) {
            return 0;
        }
        double t = t0[b] - t0[a];
        return Math.max(0, (uu[b] - uu[a]) - t * t / wsum);
    }

    private static double log(double x) {
        return x > 0 ? Math.log(x) : 0;
    }
}
