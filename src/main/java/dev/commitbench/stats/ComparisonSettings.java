package dev.commitbench.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * How comparisons are made.
 *
 * @param thresholdPercent the regression threshold t, in percent (default 5)
 * @param confidence       the confidence level of the interval (default 0.95)
 * @param resamples        bootstrap resamples (at least 2,000)
 * @param seed             the bootstrap's seed, so that a report is reproducible
 * @param directions       per-metric overrides of {@link Direction#of(String)}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ComparisonSettings(double thresholdPercent, double confidence, int resamples, long seed,
        Map<String, Direction> directions) {

    /** The fewest bootstrap resamples allowed. */
    public static final int MIN_RESAMPLES = 2000;

    /**
     * Validates the settings.
     *
     * @param thresholdPercent the regression threshold t, in percent (default 5)
     * @param confidence the confidence level of the interval (default 0.95)
     * @param resamples bootstrap resamples (at least 2,000)
     * @param seed the bootstrap's seed, so that a report is reproducible
     * @param directions per-metric overrides of {@link Direction#of(String)}
     */
    public ComparisonSettings {
        if (!(thresholdPercent >= 0) || Double.isInfinite(thresholdPercent)) {
            throw new IllegalArgumentException("thresholdPercent must be a finite number >= 0 but was ["
                    + thresholdPercent + "]; use e.g. 5 for 5%.");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie between 0 and 1 (exclusive) but was ["
                    + confidence + "]; use e.g. 0.95 for 95%.");
        }
        if (resamples < MIN_RESAMPLES) {
            throw new IllegalArgumentException("resamples must be at least " + MIN_RESAMPLES + " but was ["
                    + resamples + "]; fewer make the interval's ends too noisy.");
        }
        directions = directions == null ? Map.of() : Map.copyOf(directions);
    }

    /** {@return the default settings: 5% threshold, 95% confidence, 2,000 resamples, a fixed seed, no direction overrides} */
    public static ComparisonSettings defaults() {
        return new ComparisonSettings(5.0, 0.95, 2000, 20261127L, Map.of());
    }

    /**
     * A copy with another threshold.
     *
     * @param percent the threshold, in percent
     * @return the copy
     */
    public ComparisonSettings withThreshold(double percent) {
        return new ComparisonSettings(percent, confidence, resamples, seed, directions);
    }

    /**
     * The direction of a metric: its override, otherwise {@link Direction#of(String)}.
     *
     * @param metric the metric path
     * @return which way is better
     */
    public Direction direction(String metric) {
        return directions.getOrDefault(metric, Direction.of(metric));
    }
}
