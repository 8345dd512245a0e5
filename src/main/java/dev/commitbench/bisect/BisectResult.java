package dev.commitbench.bisect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * {@code BisectResult} is what a {@link BisectSearch} found: the kind of answer, the culprit (or the
 * steps, or the range), its posterior probability, the candidates left, the confirming comparisons,
 * the estimate of every tested commit, the skipped commits, and every engine run.
 *
 * <p>For example, the message of a nightly job:
 *
 * <pre><code class='java'>
 * BisectResult result = search.run(runner);
 * if (result.kind() == BisectResult.Kind.SINGLE_STEP) {
 *     System.out.println(result.culprit().sha() + " made it slower: " + result.summary());
 * }
 * </code></pre>
 *
 * @param kind                the kind of answer
 * @param settings            the settings the search ran with (metric, point, threshold, budget)
 * @param good                the good end
 * @param bad                 the bad end
 * @param culprit             the first bad commit: the first commit after which the metric is worse than at good by
 *                            more than t ({@link Kind#SINGLE_STEP}, {@link Kind#TWO_STEPS}); {@code null} otherwise
 * @param probability         the posterior probability of the answer (of the culprit's step, of both steps, of the
 *                            range, of a drift); for {@link Kind#NOT_PINNED_DOWN} that of the most probable candidate; for
 *                            {@link Kind#NO_REGRESSION} that of the step found smaller than the threshold, or 0 when the
 *                            ends' comparison alone showed it
 * @param steps               the commits where the level steps: one for {@link Kind#SINGLE_STEP}, two for
 *                            {@link Kind#TWO_STEPS} (for a step next to skipped commits, the first measured commit after
 *                            them); empty otherwise
 * @param range               the commits the answer cannot tell apart ({@link Kind#RANGE}: the skipped commits and the
 *                            first measured bad one after them) or the commits of a drift ({@link Kind#DRIFT}, first to
 *                            last); empty otherwise
 * @param candidates          the commits that may still be the first bad one, most probable first, with their
 *                            probabilities (at least 0.001; at most 20); empty for {@link Kind#NO_REGRESSION}
 * @param engineRuns          every engine run, failed ones included
 * @param commitsMaterialized the distinct commits that were run at least once
 * @param measurements        every engine run, in the order they were recorded
 * @param estimates           per commit that has a measured round, in path order: its level and change against good,
 *                            with intervals
 * @param endToEnd            bad against good, or {@code null} when an end could not be measured
 * @param confirmations       the confirming comparisons: each located commit against its parent (a range's first
 *                            measured bad commit against the last measured good one; a drift's last commit against the
 *                            commit before it), or for {@link Kind#NO_REGRESSION} the comparison that shows it
 * @param skipped             the commits skipped because they could not be measured, with why
 * @param summary             one paragraph saying what was found, for a console or a failure message
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record BisectResult(Kind kind, BisectSettings settings, Commit good, Commit bad, Commit culprit,
        double probability, List<Commit> steps, List<Commit> range, List<Candidate> candidates, int engineRuns,
        int commitsMaterialized, List<Run> measurements, List<CommitEstimate> estimates, Comparison endToEnd,
        List<Comparison> confirmations, List<Skipped> skipped, String summary) {

    /** What kind of answer the search gave. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Kind {
        /** One commit made the metric worse by a step; it is the culprit. */
        SINGLE_STEP,
        /** Two separate commits each made it worse by a step; both are named. */
        TWO_STEPS,
        /**
         * The step is in a range whose other commits could not be measured (skipped), as
         * {@code git bisect} says "the first bad commit could be any of".
         */
        RANGE,
        /** A gradual drift over a range of commits that no single commit explains. */
        DRIFT,
        /** Bad is not worse than good by more than the threshold (or the only step is smaller than it). */
        NO_REGRESSION,
        /** The budget ran out before one answer reached the stop probability; the candidates are left. */
        NOT_PINNED_DOWN,
        /** An end of the range (good or bad) could not be measured, so nothing can be located. */
        FAILED
    }

    /**
     * A commit that may be the first bad one.
     *
     * @param commit      the commit
     * @param index       its position on the path (0 is good)
     * @param probability the posterior probability that it is the first bad commit
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Candidate(Commit commit, int index, double probability) {

        /**
         * Validates the parts.
         *
         * @param commit the commit
         * @param index its position on the path
         * @param probability the posterior probability that it is the first bad commit
         */
        public Candidate {
            Objects.requireNonNull(commit, "commit");
        }
    }

    /**
     * One engine run of the bisection.
     *
     * @param sequence the run's number, from 1
     * @param index    the commit's position on the path
     * @param commit   the commit
     * @param round    the commit's round number, from 1 (failed rounds counted)
     * @param role     why it was run
     * @param value    the metric's value in the round (NaN when it failed)
     * @param samples  the values the statistic is computed over (empty when it failed)
     * @param failure  why the round failed, or {@code null}
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Run(int sequence, int index, Commit commit, int round, Trial.Role role, double value,
            List<Double> samples, String failure) {

        /**
         * Copies the samples.
         *
         * @param sequence the run's number, from 1
         * @param index the commit's position on the path
         * @param commit the commit
         * @param round the commit's round number, from 1
         * @param role why it was run
         * @param value the metric's value in the round
         * @param samples the values the statistic is computed over
         * @param failure why the round failed, or {@code null}
         */
        public Run {
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(role, "role");
            samples = List.copyOf(samples);
        }
    }

    /**
     * The search's estimate of one tested commit: its level (the robust location of its iterations,
     * in the metric's unit) and its change against good, with intervals at the comparisons' confidence.
     *
     * @param commit        the commit
     * @param index         its position on the path
     * @param rounds        its measured rounds
     * @param failures      its failed rounds
     * @param value         the level, in the metric's unit
     * @param lower         the interval's lower end, in the metric's unit
     * @param upper         the interval's upper end, in the metric's unit
     * @param changePercent the change against good, positive when worse, in percent
     * @param lowerPercent  the change interval's lower end
     * @param upperPercent  the change interval's upper end
     * @param probability   the posterior probability that it is the first bad commit
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record CommitEstimate(Commit commit, int index, int rounds, int failures, double value, double lower,
            double upper, double changePercent, double lowerPercent, double upperPercent, double probability) {

        /**
         * Validates the parts.
         *
         * @param commit the commit
         * @param index its position on the path
         * @param rounds its measured rounds
         * @param failures its failed rounds
         * @param value the level, in the metric's unit
         * @param lower the interval's lower end
         * @param upper the interval's upper end
         * @param changePercent the change against good, in percent
         * @param lowerPercent the change interval's lower end
         * @param upperPercent the change interval's upper end
         * @param probability the posterior probability that it is the first bad commit
         */
        public CommitEstimate {
            Objects.requireNonNull(commit, "commit");
        }
    }

    /**
     * A commit the search skipped.
     *
     * @param commit the commit
     * @param index  its position on the path
     * @param reason why its last round failed
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Skipped(Commit commit, int index, String reason) {

        /**
         * Validates the parts.
         *
         * @param commit the commit
         * @param index its position on the path
         * @param reason why its last round failed
         */
        public Skipped {
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Copies the lists.
     *
     * @param kind the kind of answer
     * @param settings the settings the search ran with
     * @param good the good end
     * @param bad the bad end
     * @param culprit the first bad commit, or {@code null}
     * @param probability the posterior probability of the answer
     * @param steps the commits where the level steps
     * @param range the commits the answer cannot tell apart, or of a drift
     * @param candidates the commits that may still be the first bad one
     * @param engineRuns every engine run
     * @param commitsMaterialized the distinct commits run at least once
     * @param measurements every engine run
     * @param estimates per tested commit, its level and change
     * @param endToEnd bad against good, or {@code null}
     * @param confirmations the confirming comparisons
     * @param skipped the skipped commits
     * @param summary what was found
     */
    public BisectResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(good, "good");
        Objects.requireNonNull(bad, "bad");
        Objects.requireNonNull(summary, "summary");
        steps = List.copyOf(steps);
        range = List.copyOf(range);
        candidates = List.copyOf(candidates);
        measurements = List.copyOf(measurements);
        estimates = List.copyOf(estimates);
        confirmations = List.copyOf(confirmations);
        skipped = List.copyOf(skipped);
    }

    /** {@return the metric searched} */
    public String metric() {
        return settings.metric();
    }

    /** {@return the threshold t, in percent} */
    public double thresholdPercent() {
        return settings.thresholdPercent();
    }

    /** {@return the culprit, or empty when the answer names none} */
    public Optional<Commit> culpritIfAny() {
        return Optional.ofNullable(culprit);
    }

    /** {@return the comparison of bad against good, or empty when an end could not be measured} */
    public Optional<Comparison> endToEndIfAny() {
        return Optional.ofNullable(endToEnd);
    }
}
