package dev.commitbench.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Measurement;
import dev.commitbench.Verdict;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * {@code MetricComparator} is used to compare one metric of one sweep point between the baseline and
 * a candidate.
 *
 * <p>The statistic is the one the metric path names ({@link Statistic#of}): a location statistic over each
 * commit's pooled per-iteration samples, anything else the mean of its round values. The change is relative, in
 * percent, oriented so that positive is worse ({@link ComparisonSettings#direction}).
 *
 * <p>Its confidence interval is a t interval on the log scale, built from the rounds (engine processes), the
 * independent units: each commit's variance of the log of its statistic comes from how its rounds differ, the
 * two commits' variances add up, and the degrees of freedom are both commits' rounds less one each
 * ({@code nA + nB - 2}). For a mean (of iterations or of round values) the variance is the rounds' spread
 * around the pooled mean, each round weighted by its share of the samples; for a percentile, {@code median},
 * {@code min} or {@code max}, which responds to which rounds are pooled in a way no closed form gives, it is the
 * variance over a bootstrap of whole rounds ({@link RoundBootstrap}), both times corrected by {@code n/(n-1)}.
 * With 4 or more rounds per commit a linear drift common to both commits (in the round index, as rounds run
 * interleaved) is removed from the spread first, at the cost of one degree of freedom. With one round for a
 * commit the spread cannot be estimated and the interval is unbounded. The interval's level is the one the
 * gate's look calls for ({@link ComparisonSettings#alpha}). See {@code docs/detection-quality.md}.
 *
 * <p>Results are reproducible: the bootstrap's generator is seeded from the settings' seed and the
 * comparison's identity. Thread-safe (no shared state).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class MetricComparator {

    /** The rounds per commit from which a common linear drift is removed. */
    static final int TREND_ROUNDS = 4;

    private MetricComparator() {
    }

    /**
     * Compares {@code metric} of one sweep point ({@code model}, {@code config}) between {@code baseline}
     * (measured as {@code base}) and {@code candidate} (measured as {@code cand}).
     *
     * @param model the model
     * @param config the config label
     * @param metric the metric path
     * @param baseline the baseline commit
     * @param base the baseline's measurement
     * @param candidate the candidate commit
     * @param cand the candidate's measurement
     * @param settings threshold, confidence, resamples, seed and directions
     * @throws IllegalArgumentException if either side has no samples, or the baseline's statistic is
     *                                  zero (a relative change is undefined)
     * @return the comparison with its interval and verdict
     */
    public static Comparison compare(String model, String config, String metric, Commit baseline, Measurement base,
            Commit candidate, Measurement cand, ComparisonSettings settings) {
        Statistic statistic = Statistic.of(metric);
        double[][] a = rounds(metric, statistic, baseline, base);
        double[][] b = rounds(metric, statistic, candidate, cand);
        double baseValue = pooled(statistic, a);
        double candValue = pooled(statistic, b);
        if (baseValue == 0) {
            throw new IllegalArgumentException("Cannot compare metric [" + metric + "]: the baseline " + baseline
                    + " has " + statistic + " 0, so a relative change is undefined; leave this metric out of the plan's metrics.");
        }
        boolean higherIsBetter = settings.direction(metric) == Direction.HIGHER_IS_BETTER;
        SplittableRandom random = new SplittableRandom(settings.seed() * 31
                + Objects.hash(model, config, metric, baseline.sha(), candidate.sha()));
        double alpha = settings.alpha(Math.max(a.length, b.length));
        double[] ratio = ratioInterval(statistic, a, b, alpha, settings.resamples(), random);
        double lower = change(ratio[higherIsBetter ? 1 : 0]);
        double upper = change(ratio[higherIsBetter ? 0 : 1]);
        if (higherIsBetter) {
            lower = -lower;
            upper = -upper;
        }
        double t = settings.thresholdPercent();
        return new Comparison(model, config, metric, unitOf(base, cand), baseline, candidate, baseValue, candValue,
                change(baseValue, candValue, higherIsBetter), lower, upper, 1 - 2 * alpha, t,
                Verdict.of(lower, upper, t), cv(base.roundValues()), cv(cand.roundValues()),
                iterationCv(statistic, a, baseValue), iterationCv(statistic, b, candValue), (upper - lower) / 2,
                a.length, b.length);
    }

    /**
     * The interval {@code [lo, hi]} of the ratio of the candidate's statistic to the baseline's, each end at
     * one-sided level {@code alpha}: unbounded ({@code [-inf, +inf]} as changes) when the rounds leave no degree
     * of freedom.
     */
    static double[] ratioInterval(Statistic statistic, double[][] a, double[][] b, double alpha, int resamples,
            SplittableRandom random) {
        double thetaA = pooled(statistic, a);
        double thetaB = pooled(statistic, b);
        boolean logScale = thetaA > 0 && thetaB > 0 && positive(statistic, a) && positive(statistic, b);
        boolean trend = logScale && a.length >= TREND_ROUNDS && b.length >= TREND_ROUNDS;
        double slope = trend ? slope(statistic, a, b) : 0;
        int df = a.length + b.length - 2 - (trend ? 1 : 0);
        if (df < 1) {
            return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        }
        // each commit's spread counts its own mean; the common slope costs one more degree of freedom
        double variance = (relativeVariance(statistic, detrended(a, slope), resamples, random)
                + relativeVariance(statistic, detrended(b, slope), resamples, random))
                * (a.length + b.length - 2) / df;
        double margin = Distributions.studentTQuantile(1 - alpha, df) * Math.sqrt(variance);
        double ratio = thetaB / thetaA;
        if (logScale) {
            return new double[] {ratio * Math.exp(-margin), ratio * Math.exp(margin)};
        }
        double spread = Math.abs(ratio) * margin;
        return new double[] {ratio - spread, ratio + spread};
    }

    /**
     * The variance of one commit's statistic relative to its value (the variance of its log, to first order),
     * from how its rounds differ, corrected by {@code n/(n-1)}.
     */
    static double relativeVariance(Statistic statistic, double[][] rounds, int resamples, SplittableRandom random) {
        int n = rounds.length;
        if (statistic.isMean()) {
            int total = Arrays.stream(rounds).mapToInt(r -> r.length).sum();
            double theta = pooled(statistic, rounds);
            double sum = 0;
            for (double[] round : rounds) {
                double w = round.length / (double) total;
                double d = Statistic.mean(round) / theta - 1;
                sum += w * w * d * d;
            }
            return sum * n / (n - 1);
        }
        double theta = pooled(statistic, rounds);
        double[] reps = new RoundBootstrap(rounds).replicates(statistic.level(), resamples, random);
        boolean log = theta > 0 && Arrays.stream(reps).allMatch(v -> v > 0);
        double mean = 0;
        for (int i = 0; i < reps.length; i++) {
            reps[i] = log ? Math.log(reps[i]) : reps[i] / theta;
            mean += reps[i];
        }
        mean /= reps.length;
        double ss = 0;
        for (double v : reps) {
            ss += (v - mean) * (v - mean);
        }
        return ss / (reps.length - 1) * n / (n - 1);
    }

    /**
     * The slope of a linear drift common to both commits: of the log of each round's statistic on the round's
     * index, within each commit (rounds of the same index run in the same block, so the index is their time).
     */
    static double slope(Statistic statistic, double[][] a, double[][] b) {
        double sxy = 0;
        double sxx = 0;
        for (double[][] rounds : List.of(a, b)) {
            double[] y = new double[rounds.length];
            for (int r = 0; r < rounds.length; r++) {
                y[r] = Math.log(statistic.compute(rounds[r].clone(), rounds[r].length));
            }
            double meanY = Statistic.mean(y);
            double meanX = (rounds.length - 1) / 2.0;
            for (int r = 0; r < rounds.length; r++) {
                sxy += (r - meanX) * (y[r] - meanY);
                sxx += (r - meanX) * (r - meanX);
            }
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /** The rounds with a drift of {@code slope} (log per round) taken out around their middle. */
    private static double[][] detrended(double[][] rounds, double slope) {
        if (slope == 0) {
            return rounds;
        }
        double middle = (rounds.length - 1) / 2.0;
        double[][] out = new double[rounds.length][];
        for (int r = 0; r < rounds.length; r++) {
            double factor = Math.exp(-slope * (r - middle));
            out[r] = Arrays.stream(rounds[r]).map(v -> v * factor).toArray();
        }
        return out;
    }

    private static boolean positive(Statistic statistic, double[][] rounds) {
        for (double[] round : rounds) {
            if (!(statistic.compute(round.clone(), round.length) > 0)) {
                return false;
            }
        }
        return true;
    }

    /** The statistic over every round's samples pooled. */
    static double pooled(Statistic statistic, double[][] rounds) {
        double[] all = Arrays.stream(rounds).flatMapToDouble(Arrays::stream).toArray();
        return statistic.compute(all, all.length);
    }

    /** The non-empty rounds of the samples the statistic is computed over. */
    private static double[][] rounds(String metric, Statistic statistic, Commit commit, Measurement m) {
        double[][] rounds = statistic.samples(m).stream().filter(r -> !r.isEmpty())
                .map(r -> r.stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
        if (rounds.length == 0) {
            throw new IllegalArgumentException("Cannot compare metric [" + metric + "]: commit " + commit
                    + " has no samples; check that its runs succeeded and that the reports contain this metric.");
        }
        return rounds;
    }

    /** The relative change from {@code base} to {@code cand} in percent, positive when worse. */
    static double change(double base, double cand, boolean higherIsBetter) {
        double relative = (cand / base - 1) * 100;
        return higherIsBetter ? -relative : relative;
    }

    /** A ratio as a relative change in percent; an unbounded end stays unbounded. */
    private static double change(double ratio) {
        return Double.isInfinite(ratio) ? ratio : (ratio - 1) * 100;
    }

    /**
     * The coefficient of variation the round values of a mean of iterations would have if only the iterations within
     * each round varied: the root of the rounds' average of {@code s_r^2 / m_r} (a round's sample variance over its
     * number of samples), relative to {@code value}. NaN for any other statistic (a percentile's spread has no such
     * simple form, a round value has no iterations) and where no round has two samples.
     */
    static double iterationCv(Statistic statistic, double[][] rounds, double value) {
        if (!statistic.isMean() || !statistic.overIterations()) {
            return Double.NaN;
        }
        double sum = 0;
        int counted = 0;
        for (double[] round : rounds) {
            if (round.length >= 2) {
                double s = Statistic.stdev(round, round.length);
                sum += s * s / round.length;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : Math.sqrt(sum / counted) / Math.abs(value);
    }

    /** The coefficient of variation of the round values; NaN below two rounds. */
    static double cv(List<Double> roundValues) {
        double[] v = roundValues.stream().mapToDouble(Double::doubleValue).toArray();
        if (v.length < 2) {
            return Double.NaN;
        }
        return Statistic.stdev(v, v.length) / Math.abs(Arrays.stream(v).average().orElseThrow());
    }

    private static String unitOf(Measurement base, Measurement cand) {
        return base.unit().isEmpty() ? cand.unit() : base.unit();
    }
}
