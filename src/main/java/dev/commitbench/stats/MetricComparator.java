package dev.commitbench.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Measurement;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * {@code MetricComparator} is used to compare one metric of one sweep point between the baseline and
 * a candidate.
 *
 * <p>The statistic is the one the metric path names ({@link Statistic#of}): a location statistic
 * over each commit's pooled per-iteration samples, anything else the mean of its round values. The change is relative, in percent, oriented so that positive is worse
 * ({@link ComparisonSettings#direction}). Its confidence interval comes from a hierarchical bootstrap
 * (rounds with replacement, then iterations within each chosen round, each commit independently)
 * read as a <em>percentile interval expanded for few rounds</em>: the arms of the percentile
 * interval, measured from the bootstrap median, grow by {@link #expansion} for {@code n}, the smaller
 * number of rounds (2.69 at 3 rounds, 1.22 at 10, 1 in the limit), which undoes the bootstrap's
 * narrowness when the independent units (rounds) are few. See {@code docs/detection-quality.md}.
 *
 * <p>Results are reproducible: the generator is seeded from the settings' seed and the comparison's
 * identity. Thread-safe (no shared state).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class MetricComparator {

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
        return compare(model, config, metric, baseline, base, candidate, cand, settings, true);
    }

    /** As the public {@code compare}; {@code expanded} false reads the plain percentile interval (for the benchmark). */
    static Comparison compare(String model, String config, String metric, Commit baseline, Measurement base,
            Commit candidate, Measurement cand, ComparisonSettings settings, boolean expanded) {
        Statistic statistic = Statistic.of(metric);
        HierarchicalBootstrap b = samples(metric, statistic, baseline, base);
        HierarchicalBootstrap c = samples(metric, statistic, candidate, cand);
        double baseValue = b.pooled(statistic);
        double candValue = c.pooled(statistic);
        if (baseValue == 0) {
            throw new IllegalArgumentException("Cannot compare metric [" + metric + "]: the baseline " + baseline
                    + " has " + statistic + " 0, so a relative change is undefined; leave this metric out of the plan's metrics.");
        }
        boolean higherIsBetter = settings.direction(metric) == Direction.HIGHER_IS_BETTER;

        SplittableRandom random = new SplittableRandom(settings.seed() * 31
                + Objects.hash(model, config, metric, baseline.sha(), candidate.sha()));
        double[] baseReps = b.replicates(statistic, settings.resamples(), random);
        double[] candReps = c.replicates(statistic, settings.resamples(), random);
        double[] changes = new double[settings.resamples()];
        for (int i = 0; i < changes.length; i++) {
            changes[i] = change(baseReps[i], candReps[i], higherIsBetter);
        }
        Arrays.sort(changes);
        double tail = (1 - settings.confidence()) / 2;
        double lower = percentile(changes, tail);
        double upper = percentile(changes, 1 - tail);
        if (expanded) {
            double center = percentile(changes, 0.5);
            double k = expansion(settings.confidence(), Math.min(b.rounds(), c.rounds()));
            lower = center - k * (center - lower);
            upper = center + k * (upper - center);
        }
        double t = settings.thresholdPercent();
        return new Comparison(model, config, metric, unitOf(base, cand), baseline, candidate, baseValue, candValue,
                change(baseValue, candValue, higherIsBetter), lower, upper, settings.confidence(), t,
                Verdicts.decide(lower, upper, t), cv(base.roundValues()), cv(cand.roundValues()),
                (upper - lower) / 2, b.rounds(), c.rounds());
    }

    private static HierarchicalBootstrap samples(String metric, Statistic statistic, Commit commit, Measurement m) {
        HierarchicalBootstrap samples = new HierarchicalBootstrap(statistic.samples(m));
        if (samples.rounds() == 0) {
            throw new IllegalArgumentException("Cannot compare metric [" + metric + "]: commit " + commit
                    + " has no samples; check that its runs succeeded and that the reports contain this metric.");
        }
        return samples;
    }

    /** The relative change from {@code base} to {@code cand} in percent, positive when worse. */
    static double change(double base, double cand, boolean higherIsBetter) {
        double relative = (cand / base - 1) * 100;
        return higherIsBetter ? -relative : relative;
    }

    /**
     * The factor by which the percentile interval's arms grow for {@code n} rounds:
     * {@code sqrt(n/(n-1)) t(1-alpha/2, n-1) / z(1-alpha/2)}; below two rounds, the factor for two.
     * It undoes the bootstrap's too-small variance with few rounds ({@code (n-1)/n}) and uses the t
     * quantile for a variance estimated from {@code n} rounds; it tends to 1 as rounds grow.
     */
    static double expansion(double confidence, int n) {
        int rounds = Math.max(n, 2);
        double p = 1 - (1 - confidence) / 2;
        return Math.sqrt(rounds / (rounds - 1.0)) * Distributions.studentTQuantile(p, rounds - 1)
                / Distributions.normalQuantile(p);
    }

    /** numpy's linear percentile {@code p} of the sorted {@code values}. */
    static double percentile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
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
