package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.InconclusivePolicy;
import org.apiguardian.api.API;

/**
 * {@code OutcomePolicies} is the part of a {@link BenchmarkPlan} that says what an undecided gate does to a test or
 * a CI job.
 *
 * @param inconclusive       what a gate still inconclusive after the most rounds does
 * @param probableRegression what a probable regression does: an inconclusive gate whose estimate lies beyond the
 *                           threshold with its whole interval above 0
 */
@API(status = INTERNAL, since = "0.1")
public record OutcomePolicies(InconclusivePolicy inconclusive, InconclusivePolicy probableRegression) {

    /** {@return the defaults: an inconclusive gate aborts, a probable regression fails} */
    public static OutcomePolicies defaults() {
        return new OutcomePolicies(InconclusivePolicy.ABORT, InconclusivePolicy.FAIL);
    }
}
