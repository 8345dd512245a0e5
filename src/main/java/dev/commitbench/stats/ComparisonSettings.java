package dev.commitbench.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

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
        if (rounds < 1 || maxRounds < rounds) {
            throw new IllegalArgumentException("rounds must be at least 1 and maxRounds at least rounds but were ["
                    + rounds + ", " + maxRounds + "]; use e.g. 3 and 10.");
        }
        directions = directions == null ? Map.of() : Map.copyOf(directions);
    }

    /** Settings with a single look after {@code rounds} rounds. */
    public ComparisonSettings(double thresholdPercent, double confidence, int resamples, long seed,
            Map<String, Direction> directions) {
        this(thresholdPercent, confidence, resamples, seed, directions, 1, 1);
    }

    /** 5%, 95%, 2,000 resamples, the default seed, no direction overrides, a single look. */
    public static ComparisonSettings defaults() {
        return new ComparisonSettings(5.0, 0.95, 2000, 20261127L, Map.of());
    }

    public ComparisonSettings withThreshold(double percent) {
        return new ComparisonSettings(percent, confidence, resamples, seed, directions, rounds, maxRounds);
    }

    /** These settings with the gate looking after {@code rounds} and every round added up to {@code maxRounds}. */
    public ComparisonSettings withLooks(int rounds, int maxRounds) {
        return new ComparisonSettings(thresholdPercent, confidence, resamples, seed, directions, rounds, maxRounds);
    }

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
