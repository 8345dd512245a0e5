package dev.commitbench;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What an undecided {@link Gate} does to a test and to the command line's exit code. Two policies use it: the
 * one for an inconclusive gate (default {@link #ABORT}) and the one for a probable regression, an inconclusive
 * gate whose estimate lies beyond the threshold with its whole interval above 0 (default {@link #FAIL}).
 *
 * <p>For example, to fail a test that the rounds could not decide:
 *
 * <pre><code class='java'>
 * &#64;BenchmarkAcrossCommits(commits = {"main", "HEAD"}, inconclusive = "fail", maxRounds = 20)
 * void decodingIsNotSlower() {
 * }
 * </code></pre>
 *
 * <p>or {@code commitbench.inconclusive = fail} in {@code junit-platform.properties}.
 */
@API(status = STABLE, since = "0.1")
public enum InconclusivePolicy {
    /** Abort the test (shown as skipped; the command line exits 4) with the interval and what to do. */
    ABORT,
    /** Fail the test (the command line exits 1). */
    FAIL,
    /** Let the test pass (exit 0); the report and the end-of-run summary still show the comparison. */
    PASS
}
