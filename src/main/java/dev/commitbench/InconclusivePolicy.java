package dev.commitbench;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** What an {@link Verdict#INCONCLUSIVE} comparison does to a test. */
@API(status = STABLE, since = "0.1")
public enum InconclusivePolicy {
    /** Abort the test (shown as skipped) with the interval and what to do: the default. */
    ABORT,
    /** Fail the test. */
    FAIL,
    /** Let the test pass (the report still shows the comparison as inconclusive). */
    PASS
}
