package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * What an undecided {@link Gate} does to a test and to the command line's exit code. Two policies use it: the
 * one for an inconclusive gate (default {@link #ABORT}) and the one for a probable regression, an inconclusive
 * gate whose estimate lies beyond the threshold with its whole interval above 0 (default {@link #FAIL}).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum InconclusivePolicy {
    /** Abort the test (shown as skipped; the command line exits 4) with the interval and what to do. */
    ABORT,
    /** Fail the test (the command line exits 1). */
    FAIL,
    /** Let the test pass (exit 0); the report and the end-of-run summary still show the comparison. */
    PASS
}
