package dev.commitbench;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What an {@link Verdict#INCONCLUSIVE} comparison does to a test.
 *
 * <p>The default is {@link #ABORT}. For example, to fail a test that the rounds could not decide:
 *
 * <pre><code class='java'>
 * &#64;BenchmarkAcrossCommits(commits = {"main", "HEAD"}, inconclusive = "fail", maxRounds = 10)
 * void decodingIsNotSlower() {
 * }
 * </code></pre>
 *
 * <p>or {@code commitbench.inconclusive = fail} in {@code junit-platform.properties}.
 */
@API(status = STABLE, since = "0.1")
public enum InconclusivePolicy {
    /** Abort the test (shown as skipped) with the interval and what to do: the default. */
    ABORT,
    /** Fail the test. */
    FAIL,
    /** Let the test pass (the report still shows the comparison as inconclusive). */
    PASS
}
