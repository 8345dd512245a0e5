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

    /** The information gain's tables, made at the first choice. */
    private BisectInformation information;

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

        double tauFirst = RoundVariance.betweenRoundVariance(y, commit, u, ubar);
        double[] blockShift = new double[m];
        double[] blockVar = new double[m];
        omega2 = RoundVariance.drift(y, commit, block, last, tauFirst + ubar, blockShift, blockVar);
        double[] corrected = new double[m];
        for (int r = 0; r < m; r++) {
            corrected[r] = y[r] - blockShift[r];
        }
        tau2 = omega2 > 0 ? RoundVariance.betweenRoundVariance(corrected, commit, u, ubar) : tauFirst;

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

    private void posterior() {
        BisectPosterior.fill(this);
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
     * Chooses up to {@code count} commits to measure next, greedily by expected information gain
     * ({@link BisectInformation#choose}).
     *
     * @param count    how many to pick
     * @param eligible per commit: may be measured
     * @return the picks in order; fewer when no commit is informative
     */
    List<Integer> choose(int count, boolean[] eligible) {
        return information().choose(count, eligible);
    }

    /** {@return the expected information gain (nats) of one more round of commit {@code i}, alone} */
    double information(int i) {
        return information().information(i);
    }

    /** H(mixture) - sum of weight x H(component), by the trapezoid rule on a grid. */
    static double mixtureInformation(double[] weight, double[] mean, double[] var) {
        return BisectInformation.mixtureInformation(weight, mean, var);
    }

    private BisectInformation information() {
        if (information == null) {
            information = new BisectInformation(this);
        }
        return information;
    }
}
