package dev.commitbench.bisect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * {@code RoundOutcome} is what one {@link Trial} gave: the metric measured in that round, or why the
 * round failed (the commit does not build, the engine failed, the report lacks the metric). A failed
 * round is not an error of the search: the commit is tried again, and skipped (as {@code git bisect skip}
 * does) once it has failed {@link BisectSettings#skipAfterFailures()} times.
 *
 * <p>For example:
 *
 * <pre><code class='java'>
 * RoundOutcome ok = RoundOutcome.measured(0.0123, List.of(0.0121, 0.0125, 0.0122));
 * RoundOutcome broken = RoundOutcome.failed("exit code 1: ModuleNotFoundError: No module named 'torch'");
 * </code></pre>
 *
 * @param value   the metric's value in this round, as the report gives it (NaN for a failure)
 * @param samples the values the metric's statistic is computed over: the per-iteration values of a
 *                latency, or the value alone for a single-valued metric (empty for a failure)
 * @param failure why the round failed, or {@code null} when it was measured
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RoundOutcome(double value, List<Double> samples, String failure) {

    /**
     * Copies the samples.
     *
     * @param value the metric's value in this round
     * @param samples the values the metric's statistic is computed over
     * @param failure why the round failed, or {@code null}
     */
    public RoundOutcome {
        samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
        if (failure == null && samples.isEmpty()) {
            throw new IllegalArgumentException("A measured round needs at least one sample; use RoundOutcome.failed(reason)"
                    + " for a round that measured nothing.");
        }
    }

    /**
     * A measured round.
     *
     * @param value the metric's value in this round, as the report gives it
     * @param samples the per-iteration values (or the value alone); must not be empty
     * @return the outcome
     */
    public static RoundOutcome measured(double value, List<Double> samples) {
        return new RoundOutcome(value, samples, null);
    }

    /**
     * A failed round.
     *
     * @param reason why it failed, for the report (one line is best); must not be blank
     * @return the outcome
     */
    public static RoundOutcome failed(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A failed round needs a reason for the report, e.g. the engine's exit code"
                    + " and last error line.");
        }
        return new RoundOutcome(Double.NaN, List.of(), reason);
    }

    /** {@return why the round failed; empty when it was measured} */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failure);
    }

    /** {@return true when the round failed} */
    public boolean isFailure() {
        return failure != null;
    }
}
