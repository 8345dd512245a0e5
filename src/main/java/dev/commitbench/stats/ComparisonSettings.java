package dev.commitbench.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Gate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How comparisons are made.
 *
 * @param thresholdPercent the regression threshold t, in percent (default 5)
 * @param confidence       the confidence level of the interval at the gate's first look (default 0.95)
 * @param resamples        bootstrap resamples for percentile statistics (at least 2,000)
 * @param seed             the bootstrap's seed, so that a report is reproducible
 * @param directions       per-metric overrides of {@link Direction#of(String)}
 * @param rounds           the rounds per commit at the gate's first look (the plan's rounds)
 * @param maxRounds        the rounds per commit at its last look (the plan's maxRounds); the gate looks after
 *                         {@code rounds} and after every round added up to {@code maxRounds}, and later looks
 *                         are wider so that the gate's errors over all looks stay bounded
 *                         ({@link SequentialBoundary}); equal to {@code rounds} for a single look
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ComparisonSettings(double thresholdPercent, double confidence, int resamples, long seed,
        Map<String, Direction> directions, int rounds, int maxRounds) {

    /** The fewest bootstrap resamples allowed. */
    public static final int MIN_RESAMPLES = 2000;
    /** The regression threshold unless one is set: 5%. */
    public static final double DEFAULT_THRESHOLD_PERCENT = 5.0;
    /** The confidence level unless one is set: 95%. */
    public static final double DEFAULT_CONFIDENCE = 0.95;
    /** The seed of the random round order and the bootstrap unless one is set. */
    public static final long DEFAULT_SEED = 20261127L;

    /**
     * Validates the settings.
     *
     * @param thresholdPercent the regression threshold t, in percent (default 5)
     * @param confidence the confidence level of the interval at the first look (default 0.95)
     * @param resamples bootstrap resamples (at least 2,000)
     * @param seed the bootstrap's seed, so that a report is reproducible
     * @param directions per-metric overrides of {@link Direction#of(String)}
     * @param rounds the rounds per commit at the gate's first look (at least 1)
     * @param maxRounds the rounds per commit at its last look (at least {@code rounds})
     */
    public ComparisonSettings {
        if (!Gate.isValidThreshold(thresholdPercent)) {
            throw new IllegalArgumentException("thresholdPercent must be a positive percentage, e.g. 5, but was ["
                    + thresholdPercent + "].");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie between 0 and 1 (exclusive) but was ["
                    + confidence + "]; use e.g. 0.95 for 95%.");
        }
        if (resamples < MIN_RESAMPLES) {
            throw new IllegalArgumentException("resamples must be at least " + MIN_RESAMPLES + " but was ["
                    + resamples + "]; fewer make the interval's ends too noisy.");
        }
        if (rounds < 1 || maxRounds < rounds) {
            throw new IllegalArgumentException("rounds must be at least 1 and maxRounds at least rounds but were ["
                    + rounds + ", " + maxRounds + "]; use e.g. 3 and 10.");
        }
        directions = directions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(directions));
    }

    /**
     * Settings with a single look after {@code rounds} rounds.
     *
     * @param thresholdPercent the regression threshold, in percent
     * @param confidence the confidence level of the first look
     * @param resamples the bootstrap resamples
     * @param seed the bootstrap's seed
     * @param directions per-metric overrides of {@link Direction#of(String)}
     */
    public ComparisonSettings(double thresholdPercent, double confidence, int resamples, long seed,
            Map<String, Direction> directions) {
        this(thresholdPercent, confidence, resamples, seed, directions, 1, 1);
    }

    /**
     * {@return the default settings: 5% threshold, 95% confidence, 2,000 resamples, a fixed seed, no direction
     * overrides, a single look}
     */
    public static ComparisonSettings defaults() {
        return new ComparisonSettings(DEFAULT_THRESHOLD_PERCENT, DEFAULT_CONFIDENCE, MIN_RESAMPLES, DEFAULT_SEED,
                Map.of());
    }

    /**
     * A copy with another threshold.
     *
     * @param percent the threshold, in percent
     * @return the copy
     */
    public ComparisonSettings withThreshold(double percent) {
        return new ComparisonSettings(percent, confidence, resamples, seed, directions, rounds, maxRounds);
    }

    /**
     * These settings with the gate looking after {@code rounds} and every round added up to {@code maxRounds}.
     *
     * @param rounds the rounds of the first look
     * @param maxRounds the rounds of the last look
     * @return the copy
     */
    public ComparisonSettings withLooks(int rounds, int maxRounds) {
        return new ComparisonSettings(thresholdPercent, confidence, resamples, seed, directions, rounds, maxRounds);
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

    /**
     * The one-sided error each end of the interval allows at the look after {@code roundsSoFar} rounds per
     * commit: {@code (1 - confidence) / 2} at the first look, less at later ones.
     */
    double alpha(int roundsSoFar) {
        return SequentialBoundary.alpha(confidence, rounds, maxRounds, roundsSoFar);
    }
}
