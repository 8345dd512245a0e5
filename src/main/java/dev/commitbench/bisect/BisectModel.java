package dev.commitbench.bisect;

import dev.commitbench.stats.Distributions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code BisectModel} is the search's posterior over where the metric changes along the commits, fitted
 * to every round measured so far. Immutable; one is built after every batch.
 *
 * <p><b>Data.</b> Commits {@code 0..N} on the first-parent path, 0 the good end and N the bad end. Each
 * successful round is reduced to its {@link RoundLocation} {@code y} (oriented log scale, larger is
 * worse) with the variance of one iteration around it.
 *
 * <p><b>Noise</b> (the verdicts' hierarchy: rounds, then iterations within a round): a round's location
 * is its commit's level, plus an offset of its process (between-round variance {@code tau2}), plus the
 * mean of its iterations (variance {@code sigma2 / n}); rounds started in the same batch also share a
 * block offset (variance {@code omega2}, drift over time), estimated from the ends' rounds in that batch
 * (the anchor) and removed. {@code sigma2} is pooled from the iterations of every round, {@code tau2}
 * from the scatter of a commit's rounds around its mean (with a weak prior, two degrees of freedom at
 * {@code sigma2 / n}), {@code omega2} from the anchors' scatter across batches. A common scale factor
 * with a prior of {@link #NU0} degrees of freedom at 1 is integrated out, so every hypothesis's
 * likelihood is a multivariate t: a model that misfits is penalized less than exponentially, and an
 * underestimated variance does not make the posterior overconfident.
 *
 * <p><b>Hypotheses</b>, each with flat priors on the good level G and the bad level B:
 * <ul>
 * <li>a single step at {@code k} ({@code 1..N}): commits before k at G, from k on at B (prior mass
 *     {@link #PRIOR_SINGLE}, uniform over k);</li>
 * <li>two steps at {@code j < k}: before j at G, from j to k-1 at a middle level M, from k on at B
 *     ({@link #PRIOR_TWO}); M has a proper normal prior centred between the ends' levels with half
 *     their distance as standard deviation, so that the extra level pays its Occam factor, truncated
 *     to levels at least half the threshold away from G and from B (both steps must be material: a
 *     small wobble before or after the real step is not a second culprit);</li>
 * <li>a gradual drift (a ramp) from {@code j} to {@code k}, at least {@link #MIN_RAMP_LENGTH} commits
 *     long: the level rises linearly from G at j-1 to B at k ({@link #PRIOR_RAMP}).</li>
 * </ul>
 * Marginal likelihoods are closed forms of weighted sums over commits, computed from prefix sums, so
 * the whole posterior costs O(N^2) (the two-step and ramp families are left out above
 * {@link #MAX_FAMILY_COMMITS} commits).
 */
final class BisectModel {

    static final double PRIOR_SINGLE = 0.87;
    static final double PRIOR_TWO = 0.1;
    static final double PRIOR_RAMP = 0.03;
    static final int MIN_RAMP_LENGTH = 4;
    static final int MAX_FAMILY_COMMITS = 600;
    static final double NU0 = 4;
    static final double TAU_PRIOR_DF = 2;
    private static final int GRID = 100;

    /** One successful round: its commit, location and block (the batch it was started in). */
    record Obs(int commit, RoundLocation location, int block) {
    }

    /** What the posterior points at. */
    enum AnswerKind { SINGLE, TWO, DRIFT }

    /**
     * The most probable answer: a single step in the group of hypotheses {@code [a, b]} (more than one
     * when commits a..b-1 could not be measured), two steps in groups {@code [a, b]} and {@code [c, d]},
     * or a drift over commits {@code a..b} (its 95% range).
     */
    record Answer(AnswerKind kind, int a, int b, int c, int d, double probability) {
    }

    final int n;
    final int last;
    final double tlog;
    final double sigma2;
    final double tau2;
    final double omega2;
    final double lambda;
    final double nu;
    final double newRoundVar;
    final double reference;
    final double[] w;
    final double[] sy;
    final double[] syy;
    final int[] rounds;
    final double goodLevel;
    final double badLevel;
    final double goodVar;
    final double badVar;
    final double m0;
    final double g;
    final boolean families;
    final double[] single;
    final double[] two;
    final double[] ramp;
    final double[] twoMean;
    final double[] twoVar;
    final int[] groupStart;
    final int[] groupEnd;

    private double[] cumSingle;
    private double[][] cumTwo;
    private double[][] cumRamp;

    /**
     * Fits the model.
     *
     * @param n            the number of commits (N + 1)
     * @param observations every successful round
     * @param unmeasurable per commit: skipped without a successful round (hypotheses around it cannot be told apart)
     * @param tlog         the threshold on the oriented log scale
     */
    BisectModel(int n, List<Obs> observations, boolean[] unmeasurable, double tlog) {
        this.n = n;
        this.last = n - 1;
        this.tlog = tlog;
        this.families = n <= MAX_FAMILY_COMMITS;
        int m = observations.size();
        reference = m == 0 ? 0 : observations.get(0).location().y();
        double[] y = new double[m];
        int[] commit = new int[m];
        int[] block = new int[m];
        double[] u = new double[m];
        double num = 0;
        double den = 0;
        for (int r = 0; r < m; r++) {
            Obs o = observations.get(r);
            y[r] = o.location().y() - reference;
            commit[r] = o.commit();
            block[r] = o.block();
            if (o.location().n() >= 2) {
                num += (o.location().n() - 1) * o.location().withinVar();
                den += o.location().n() - 1;
            }
        }
        sigma2 = den > 0 ? num / den : 0;
        double ubar = 0;
        for (int r = 0; r < m; r++) {
            u[r] = sigma2 / observations.get(r).location().n();
            ubar += u[r];
        }
        ubar = m == 0 ? 0 : ubar / m;

        double tauFirst = betweenRoundVariance(y, commit, u, ubar);
        double[] blockShift = new double[m];
        double[] blockVar = new double[m];
        omega2 = drift(y, commit, block, tauFirst + ubar, blockShift, blockVar);
        double[] corrected = new double[m];
        for (int r = 0; r < m; r++) {
            corrected[r] = y[r] - blockShift[r];
        }
        tau2 = omega2 > 0 ? betweenRoundVariance(corrected, commit, u, ubar) : tauFirst;

        w = new double[n];
        sy = new double[n];
        syy = new double[n];
        rounds = new int[n];
        for (int r = 0; r < m; r++) {
            double v = Math.max(tau2 + u[r] + blockVar[r], 1e-12);
            int c = commit[r];
            w[c] += 1 / v;
            sy[c] += corrected[r] / v;
            syy[c] += corrected[r] * corrected[r] / v;
            rounds[c]++;
        }
        double rssWithin = 0;
        int dfWithin = 0;
        for (int c = 0; c < n; c++) {
            if (rounds[c] > 0) {
                rssWithin += Math.max(0, syy[c] - sy[c] * sy[c] / w[c]);
                dfWithin += rounds[c] - 1;
            }
        }
        lambda = (NU0 + rssWithin) / (NU0 + dfWithin);
        nu = NU0 + m - 2;
        newRoundVar = lambda * (tau2 + ubar + omega2);

        goodLevel = w[0] > 0 ? sy[0] / w[0] : 0;
        badLevel = w[last] > 0 ? sy[last] / w[last] : 0;
        goodVar = w[0] > 0 ? lambda / w[0] : newRoundVar;
        badVar = w[last] > 0 ? lambda / w[last] : newRoundVar;
        double distance = badLevel - goodLevel;
        m0 = (goodLevel + badLevel) / 2;
        g = Math.max(distance * distance / 4, 4 * newRoundVar);

        groupStart = new int[n];
        groupEnd = new int[n];
        for (int k = 1; k < n; k++) {
            groupStart[k] = k > 1 && unmeasurable[k - 1] ? groupStart[k - 1] : k;
        }
        for (int k = last; k >= 1; k--) {
            groupEnd[k] = k < last && groupStart[k + 1] == groupStart[k] ? groupEnd[k + 1] : k;
        }

        single = new double[n];
        two = families ? new double[n * n] : null;
        ramp = families ? new double[n * n] : null;
        twoMean = families ? new double[n * n] : null;
        twoVar = families ? new double[n * n] : null;
        posterior();
    }

    /**
     * The between-round variance: the pooled scatter of each commit's rounds around its mean, less what
     * the iterations explain, with a prior of {@link #TAU_PRIOR_DF} degrees of freedom at {@code ubar}.
     */
    private static double betweenRoundVariance(double[] y, int[] commit, double[] u, double ubar) {
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
        double priorDf = ubar > 0 ? TAU_PRIOR_DF : 0;
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
    private double drift(double[] y, int[] commit, int[] block, double v0, double[] shift, double[] leftVar) {
        Map<Integer, double[]> endSums = new HashMap<>();
        double[] total = new double[2];
        double[] count = new double[2];
        for (int r = 0; r < y.length; r++) {
            int e = endOf(commit[r]);
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

    private int endOf(int commit) {
        return commit == 0 ? 0 : commit == last ? 1 : -1;
    }

    private void posterior() {
        double[] p0 = new double[n + 1];
        double[] p1 = new double[n + 1];
        double[] p2 = new double[n + 1];
        double[] t0 = new double[n + 1];
        double[] t1 = new double[n + 1];
        double[] uu = new double[n + 1];
        for (int i = 0; i < n; i++) {
            p0[i + 1] = p0[i] + w[i];
            p1[i + 1] = p1[i] + w[i] * i;
            p2[i + 1] = p2[i] + w[i] * (double) i * i;
            t0[i + 1] = t0[i] + sy[i];
            t1[i + 1] = t1[i] + sy[i] * i;
            uu[i + 1] = uu[i] + syy[i];
        }
        double half = nu / 2;
        double logSingle = Math.log(PRIOR_SINGLE / last);
        int twoCount = families ? last * (last - 1) / 2 : 0;
        int rampCount = 0;
        if (families) {
            for (int j = 1; j <= last; j++) {
                rampCount += Math.max(0, last - (j + MIN_RAMP_LENGTH - 1) + 1);
            }
        }
        double logTwo = twoCount > 0 ? Math.log(PRIOR_TWO / twoCount) : Double.NEGATIVE_INFINITY;
        double logRamp = rampCount > 0 ? Math.log(PRIOR_RAMP / rampCount) : Double.NEGATIVE_INFINITY;
        double priorMaterial = Math.log(Math.max(1 - excluded(m0, g), 1e-300));

        double max = Double.NEGATIVE_INFINITY;
        single[0] = Double.NEGATIVE_INFINITY;
        for (int k = 1; k <= last; k++) {
            double wg = p0[k];
            double wb = p0[n] - p0[k];
            double rss = flat(p0, t0, uu, 0, k) + flat(p0, t0, uu, k, n);
            double ll = -0.5 * (log(wg) + log(wb)) - half * Math.log(NU0 + rss);
            single[k] = logSingle + ll;
            max = Math.max(max, single[k]);
        }
        if (families) {
            Arrays.fill(two, Double.NEGATIVE_INFINITY);
            Arrays.fill(ramp, Double.NEGATIVE_INFINITY);
            for (int j = 1; j < last; j++) {
                double wg = p0[j];
                double rssG = flat(p0, t0, uu, 0, j);
                for (int k = j + 1; k <= last; k++) {
                    double wb = p0[n] - p0[k];
                    double rss = rssG + flat(p0, t0, uu, k, n);
                    double logdet = log(wg) + log(wb);
                    double wm = p0[k] - p0[j];
                    int at = j * n + k;
                    double material = 0;
                    if (wm > 0) {
                        double tm = t0[k] - t0[j];
                        double mean = tm / wm;
                        rss += (uu[k] - uu[j]) - tm * mean + (mean - m0) * (mean - m0) / (g + 1 / wm);
                        logdet += Math.log1p(g * wm);
                        double precision = 1 / g + wm / lambda;
                        twoMean[at] = (m0 / g + tm / lambda) / precision;
                        twoVar[at] = 1 / precision;
                        material = Math.log(Math.max(1 - excluded(twoMean[at], twoVar[at]), 1e-300)) - priorMaterial;
                    } else {
                        twoMean[at] = m0;
                        twoVar[at] = g;
                    }
                    two[at] = logTwo + material - 0.5 * logdet - half * Math.log(NU0 + Math.max(rss, 0));
                    max = Math.max(max, two[at]);
                }
            }
            for (int j = 1; j <= last; j++) {
                double a11g = p0[j];
                double b1g = t0[j];
                double cg = uu[j];
                for (int k = j + MIN_RAMP_LENGTH - 1; k <= last; k++) {
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
                    double a22 = (p0[n] - p0[k]) + f2;
                    double b1 = b1g + s0 - h1;
                    double b2 = (t0[n] - t0[k]) + h1;
                    double c = cg + (uu[k] - uu[j]) + (uu[n] - uu[k]);
                    double det = a11 * a22 - a12 * a12;
                    if (!(det > 0)) {
                        continue;
                    }
                    double rss = c - (a22 * b1 * b1 - 2 * a12 * b1 * b2 + a11 * b2 * b2) / det;
                    int at = j * n + k;
                    ramp[at] = logRamp - 0.5 * Math.log(det) - half * Math.log(NU0 + Math.max(rss, 0));
                    max = Math.max(max, ramp[at]);
                }
            }
        }
        double sum = 0;
        for (int k = 1; k <= last; k++) {
            single[k] = Math.exp(single[k] - max);
            sum += single[k];
        }
        single[0] = 0;
        if (families) {
            for (int i = 0; i < two.length; i++) {
                two[i] = two[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(two[i] - max);
                ramp[i] = ramp[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(ramp[i] - max);
                sum += two[i] + ramp[i];
            }
            for (int i = 0; i < two.length; i++) {
                two[i] /= sum;
                ramp[i] /= sum;
            }
        }
        for (int k = 1; k <= last; k++) {
            single[k] /= sum;
        }
    }

    /**
     * The probability that a middle level distributed N(mean, var) lies within half the threshold of
     * the good or the bad level: two steps count only when each is material.
     */
    private double excluded(double mean, double var) {
        double h = tlog / 2;
        double lo1 = goodLevel - h;
        double hi1 = goodLevel + h;
        double lo2 = badLevel - h;
        double hi2 = badLevel + h;
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

    /** {@return the posterior mass of the single-step family} */
    double singleMass() {
        double s = 0;
        for (double p : single) {
            s += p;
        }
        return s;
    }

    /** {@return the posterior mass of the two-step family} */
    double twoMass() {
        return families ? sum(two) : 0;
    }

    /** {@return the posterior mass of the drift family} */
    double driftMass() {
        return families ? sum(ramp) : 0;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /** The most probable answer (groups of indistinguishable hypotheses merged). */
    Answer best() {
        double[] singles = new double[n];
        for (int k = 1; k <= last; k++) {
            singles[groupStart[k]] += single[k];
        }
        double[] pairs = families ? new double[n * n] : null;
        if (families) {
            for (int j = 1; j < last; j++) {
                for (int k = j + 1; k <= last; k++) {
                    double p = two[j * n + k];
                    if (p == 0) {
                        continue;
                    }
                    if (groupStart[j] == groupStart[k]) {
                        singles[groupStart[j]] += p;
                    } else {
                        pairs[groupStart[j] * n + groupStart[k]] += p;
                    }
                }
            }
        }
        Answer best = new Answer(AnswerKind.SINGLE, 1, groupEnd[1], 0, 0, -1);
        for (int s = 1; s <= last; s++) {
            if (singles[s] > best.probability()) {
                best = new Answer(AnswerKind.SINGLE, s, groupEnd[s], 0, 0, singles[s]);
            }
        }
        if (families) {
            for (int at = 0; at < pairs.length; at++) {
                if (pairs[at] > best.probability()) {
                    int a = at / n;
                    int c = at % n;
                    best = new Answer(AnswerKind.TWO, a, groupEnd[a], c, groupEnd[c], pairs[at]);
                }
            }
        }
        double drift = driftMass();
        if (drift > best.probability()) {
            int[] range = driftRange(0.025);
            best = new Answer(AnswerKind.DRIFT, range[0], range[1], 0, 0, drift);
        }
        return best;
    }

    /**
     * The range of the drift family: the {@code tail} quantile of where ramps start and the
     * {@code 1 - tail} quantile of where they end.
     */
    int[] driftRange(double tail) {
        double[] start = new double[n];
        double[] end = new double[n];
        double total = 0;
        for (int j = 1; j <= last; j++) {
            for (int k = j; k <= last; k++) {
                double p = ramp[j * n + k];
                start[j] += p;
                end[k] += p;
                total += p;
            }
        }
        int lo = 1;
        double acc = 0;
        for (int j = 1; j <= last; j++) {
            acc += start[j];
            if (acc >= tail * total) {
                lo = j;
                break;
            }
        }
        int hi = last;
        acc = 0;
        for (int k = last; k >= 1; k--) {
            acc += end[k];
            if (acc >= tail * total) {
                hi = k;
                break;
            }
        }
        return new int[] {lo, Math.max(lo, hi)};
    }

    /**
     * The probability that each commit is the first bad one: the first commit whose level is worse than
     * good's by more than the threshold (the first change when no level is).
     */
    double[] culpritMarginals() {
        double[] p = single.clone();
        if (!families) {
            return p;
        }
        double distance = badLevel - goodLevel;
        for (int j = 1; j <= last; j++) {
            for (int k = j + 1; k <= last; k++) {
                int at = j * n + k;
                if (two[at] > 0) {
                    p[twoMean[at] - goodLevel > tlog ? j : k] += two[at];
                }
                if (ramp[at] > 0) {
                    int length = k - j + 1;
                    int i = k;
                    if (distance > tlog) {
                        i = Math.min(k, j - 1 + (int) Math.floor(tlog * length / distance) + 1);
                    }
                    p[i] += ramp[at];
                }
            }
        }
        return p;
    }

    /** {@return the weighted mean level of commit {@code c} (on the centred, oriented log scale), NaN when unmeasured} */
    double level(int c) {
        return w[c] > 0 ? sy[c] / w[c] : Double.NaN;
    }

    /** {@return the standard error of commit {@code c}'s level} */
    double levelError(int c) {
        return w[c] > 0 ? Math.sqrt(lambda / w[c]) : Double.NaN;
    }

    /** {@return the degrees of freedom of the scale (for intervals)} */
    int degreesOfFreedom() {
        return (int) Math.max(1, Math.round(nu));
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
        tables();
        List<Integer> picked = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            List<Integer> sorted = new ArrayList<>(picked);
            sorted.sort(null);
            List<double[]> patterns = patterns(sorted);
            int best = -1;
            double bestGain = 1e-9;
            for (int i = 1; i < last; i++) {
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
        tables();
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
            hi[a] = a == cells - 1 ? last : sorted.get(a);
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
        if (families) {
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
        if (families) {
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
        double distance = badLevel - goodLevel;
        double[] weight = {pg / total, pb / total, pm / total, pr / total};
        double[] mean = {goodLevel, badLevel, mMean, goodLevel + distance * fMean};
        double[] var = {newRoundVar + goodVar, newRoundVar + badVar,
            newRoundVar + Math.max(0, mSecond - mMean * mMean),
            newRoundVar + (goodVar + badVar) / 2 + distance * distance * Math.max(0, fSecond - fMean * fMean)};
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
        if (cumSingle != null) {
            return;
        }
        cumSingle = new double[n + 1];
        for (int k = 0; k < n; k++) {
            cumSingle[k + 1] = cumSingle[k] + single[k];
        }
        if (!families) {
            return;
        }
        double[][] twoValues = new double[3][n * n];
        double[][] rampValues = new double[6][n * n];
        for (int j = 1; j <= last; j++) {
            for (int k = j + 1; k <= last; k++) {
                int at = j * n + k;
                double p = two[at];
                twoValues[0][at] = p;
                twoValues[1][at] = p * twoMean[at];
                twoValues[2][at] = p * (twoMean[at] * twoMean[at] + twoVar[at]);
                double q = ramp[at];
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
        int size = n + 1;
        double[] c = new double[size * size];
        for (int j = 0; j < n; j++) {
            double row = 0;
            for (int k = 0; k < n; k++) {
                row += values[j * n + k];
                c[(j + 1) * size + k + 1] = c[j * size + k + 1] + row;
            }
        }
        return c;
    }

    private double rect(double[] c, int j1, int j2, int k1, int k2) {
        j1 = Math.max(j1, 0);
        k1 = Math.max(k1, 0);
        j2 = Math.min(j2, n - 1);
        k2 = Math.min(k2, n - 1);
        if (j1 > j2 || k1 > k2) {
            return 0;
        }
        int size = n + 1;
        return c[(j2 + 1) * size + k2 + 1] - c[j1 * size + k2 + 1] - c[(j2 + 1) * size + k1] + c[j1 * size + k1];
    }

    private static double rangeSum(double[] c, int lo, int hi) {
        lo = Math.max(lo, 0);
        hi = Math.min(hi, c.length - 2);
        return lo > hi ? 0 : c[hi + 1] - c[lo];
    }
}
