package dev.commitbench.bisect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.stats.ComparisonSettings;
import dev.commitbench.stats.Direction;
import java.util.Objects;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * {@code BisectSettings} is used to configure a {@link BisectSearch}: which metric of which sweep point
 * is searched, the threshold and comparison settings (from {@link ComparisonSettings}: the threshold t,
 * the interval's confidence, the direction of the metric), when to stop, and how runs are batched.
 * No expected size of the regression is needed: the noise is estimated from the rounds.
 *
 * <p>For example, with four workers and at most 80 engine runs:
 *
 * <pre><code class='java'>
 * BisectSettings settings = BisectSettings.of("decode.latency.mean").withPoint("gpt2", "batch_size=1")
 *         .withComparison(ComparisonSettings.defaults().withThreshold(5)).withParallelism(4).withMaxRuns(80);
 * </code></pre>
 *
 * @param model             the model of the sweep point (for the comparisons); may be empty
 * @param config            the config label of the sweep point; may be empty
 * @param metric            the dotted metric path; must not be blank
 * @param unit              the metric's unit, or {@code ""}
 * @param comparison        threshold, confidence, resamples, seed and directions of the comparisons
 * @param stopProbability   the posterior probability at which an answer is accepted (default 0.95)
 * @param maxRuns           the engine-run budget, every round counted, failed ones too (default 120)
 * @param parallelism       how many commits the search measures per batch, one per worker or device (default 1)
 * @param endRounds         rounds of each end before the search (default 3; at least 2)
 * @param maxEndRounds      the most rounds of each end while the ends' comparison is too wide to tell
 *                          whether bad is worse (default 10)
 * @param maxConfirmRounds  the most rounds of a located commit and of its parent for the confirming
 *                          comparison (default 10)
 * @param skipAfterFailures failed rounds after which a commit is skipped (default 2)
 * @param anchor            whether every batch also runs an end (alternately good and bad), so that
 *                          drift over time can be estimated and removed (default true)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record BisectSettings(String model, String config, String metric, String unit, ComparisonSettings comparison,
        double stopProbability, int maxRuns, int parallelism, int endRounds, int maxEndRounds, int maxConfirmRounds,
        int skipAfterFailures, boolean anchor) {

    /** The default engine-run budget. */
    public static final int DEFAULT_MAX_RUNS = 120;

    /**
     * Validates the settings.
     *
     * @param model the model of the sweep point; may be empty
     * @param config the config label of the sweep point; may be empty
     * @param metric the dotted metric path; must not be blank
     * @param unit the metric's unit, or {@code ""}
     * @param comparison threshold, confidence, resamples, seed and directions of the comparisons
     * @param stopProbability the posterior probability at which an answer is accepted, in (0.5, 1)
     * @param maxRuns the engine-run budget
     * @param parallelism how many commits the search measures per batch
     * @param endRounds rounds of each end before the search, at least 2
     * @param maxEndRounds the most rounds of each end while their comparison is too wide
     * @param maxConfirmRounds the most rounds of a located commit and its parent for the confirmation
     * @param skipAfterFailures failed rounds after which a commit is skipped
     * @param anchor whether every batch also runs an end
     */
    public BisectSettings {
        model = model == null ? "" : model;
        config = config == null ? "" : config;
        unit = unit == null ? "" : unit;
        Objects.requireNonNull(comparison, "comparison");
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("The metric to bisect must be a dotted path such as decode.latency.mean,"
                    + " but was [" + metric + "].");
        }
        if (!(stopProbability > 0.5 && stopProbability < 1)) {
            throw new IllegalArgumentException("stopProbability must lie between 0.5 and 1 (exclusive) but was ["
                    + stopProbability + "]; use e.g. 0.95.");
        }
        if (endRounds < 2) {
            throw new IllegalArgumentException("endRounds must be at least 2 (the noise is estimated from the ends'"
                    + " rounds) but was [" + endRounds + "].");
        }
        if (maxEndRounds < endRounds) {
            throw new IllegalArgumentException("maxEndRounds must be at least endRounds (" + endRounds + ") but was ["
                    + maxEndRounds + "].");
        }
        if (maxConfirmRounds < 2) {
            throw new IllegalArgumentException("maxConfirmRounds must be at least 2 but was [" + maxConfirmRounds + "].");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1 (commits measured per batch) but was ["
                    + parallelism + "].");
        }
        if (skipAfterFailures < 1) {
            throw new IllegalArgumentException("skipAfterFailures must be at least 1 but was [" + skipAfterFailures + "].");
        }
        if (maxRuns < 2 * endRounds) {
            throw new IllegalArgumentException("maxRuns must leave room for the ends' " + endRounds + " rounds each ("
                    + 2 * endRounds + " runs) but was [" + maxRuns + "]; the default is " + DEFAULT_MAX_RUNS + ".");
        }
        if (comparison.thresholdPercent() >= 100 && comparison.direction(metric) == Direction.HIGHER_IS_BETTER) {
            throw new IllegalArgumentException("A threshold of " + comparison.thresholdPercent() + "% cannot be crossed"
                    + " by a metric where higher is better (it cannot fall by 100% or more); use a smaller threshold.");
        }
    }

    /**
     * The default settings for {@code metric}: no point labels, {@link ComparisonSettings#defaults()}
     * (t = 5%), P = 0.95, 120 runs, one commit per batch, 3 end rounds (up to 10), 10 confirming rounds,
     * skip after 2 failures, anchored.
     *
     * @param metric the dotted metric path
     * @return the settings
     */
    public static BisectSettings of(String metric) {
        return new BisectSettings("", "", metric, "", ComparisonSettings.defaults(), 0.95, DEFAULT_MAX_RUNS, 1, 3, 10,
                10, 2, true);
    }

    /**
     * A copy for another sweep point.
     *
     * @param newModel the model
     * @param newConfig the config label
     * @return the copy
     */
    public BisectSettings withPoint(String newModel, String newConfig) {
        return with(c -> {
            c.model = newModel;
            c.config = newConfig;
        });
    }

    /**
     * A copy with the metric's unit.
     *
     * @param newUnit the unit, e.g. {@code s}
     * @return the copy
     */
    public BisectSettings withUnit(String newUnit) {
        return with(c -> c.unit = newUnit);
    }

    /**
     * A copy with other comparison settings (threshold, confidence, directions, seed).
     *
     * @param newComparison the comparison settings
     * @return the copy
     */
    public BisectSettings withComparison(ComparisonSettings newComparison) {
        return with(c -> c.comparison = newComparison);
    }

    /**
     * A copy with another engine-run budget.
     *
     * @param newMaxRuns the budget
     * @return the copy
     */
    public BisectSettings withMaxRuns(int newMaxRuns) {
        return with(c -> c.maxRuns = newMaxRuns);
    }

    /**
     * A copy that measures {@code commits} commits per batch (one per worker or device).
     *
     * @param commits commits per batch
     * @return the copy
     */
    public BisectSettings withParallelism(int commits) {
        return with(c -> c.parallelism = commits);
    }

    /**
     * A copy with or without the anchor runs.
     *
     * @param withAnchor whether every batch also runs an end
     * @return the copy
     */
    public BisectSettings withAnchor(boolean withAnchor) {
        return with(c -> c.anchor = withAnchor);
    }

    /** {@return the threshold t, in percent} */
    public double thresholdPercent() {
        return comparison.thresholdPercent();
    }

    /** The one copy path of the {@code with…} methods: these settings with {@code change} applied, checked again. */
    private BisectSettings with(Consumer<Copy> change) {
        Copy copy = new Copy();
        change.accept(copy);
        return copy.build();
    }

    /**
     * The components the {@code with…} methods change, starting as these settings' own; {@link #build()} takes the
     * others from these settings.
     */
    private final class Copy {
        private String model = BisectSettings.this.model;
        private String config = BisectSettings.this.config;
        private String unit = BisectSettings.this.unit;
        private ComparisonSettings comparison = BisectSettings.this.comparison;
        private int maxRuns = BisectSettings.this.maxRuns;
        private int parallelism = BisectSettings.this.parallelism;
        private boolean anchor = BisectSettings.this.anchor;

        private BisectSettings build() {
            return new BisectSettings(model, config, metric, unit, comparison, stopProbability, maxRuns, parallelism,
                    endRounds, maxEndRounds, maxConfirmRounds, skipAfterFailures, anchor);
        }
    }
}
