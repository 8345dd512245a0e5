package dev.commitbench.stats;

import java.util.Map;

/**
 * How comparisons are made.
 *
 * @param thresholdPercent the regression threshold t, in percent (default 5)
 * @param confidence       the confidence level of the interval (default 0.95)
 * @param resamples        bootstrap resamples (at least 2,000)
 * @param seed             the bootstrap's seed, so that a report is reproducible
 * @param directions       per-metric overrides of {@link Direction#of(String)}
 */
public record ComparisonSettings(double thresholdPercent, double confidence, int resamples, long seed,
        Map<String, Direction> directions) {

    public ComparisonSettings {
        directions = directions == null ? Map.of() : Map.copyOf(directions);
    }

    public static ComparisonSettings defaults() {
        return new ComparisonSettings(5.0, 0.95, 2000, 20261127L, Map.of());
    }

    public ComparisonSettings withThreshold(double percent) {
        return new ComparisonSettings(percent, confidence, resamples, seed, directions);
    }

    public Direction direction(String metric) {
        return directions.getOrDefault(metric, Direction.of(metric));
    }
}
