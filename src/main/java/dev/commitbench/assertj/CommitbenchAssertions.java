package dev.commitbench.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import org.apiguardian.api.API;

/**
 * {@code CommitbenchAssertions} is the entry point to assertions on benchmark results.
 *
 * <pre><code class='java'> import static dev.commitbench.assertj.CommitbenchAssertions.assertThat;
 *
 * assertThat(report).hasNoRegression();
 * assertThat(report).metric("decode.latency.mean").isNotWorseThan(10);</code></pre>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class CommitbenchAssertions {

    /** Allows subclasses that add entry points of their own; the methods are static. */
    protected CommitbenchAssertions() {
    }

    /**
     * Creates a new {@link CombinedReportAssert}.
     *
     * @param actual the report to assert on
     * @return the created assertion object
     * @since 0.1
     */
    public static CombinedReportAssert assertThat(CombinedReport actual) {
        return new CombinedReportAssert(actual);
    }
}
