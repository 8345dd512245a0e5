package dev.commitbench.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * {@code CommitbenchSoftAssertions} is used to check several reports or metrics and see every failure
 * at once, like AssertJ's {@code SoftAssertions} (also usable with AssertJ's
 * {@code SoftAssertionsExtension}).
 *
 * <pre><code class='java'> CommitbenchSoftAssertions.assertSoftly(softly -&gt; {
 *     softly.assertThat(report).metric("decode.latency.mean").isNotWorseThan(5);
 *     softly.assertThat(report).metric("load.memory.max_ram").isNotWorseThan(10);
 * });</code></pre>
 *
 * <p>An inconclusive gate under policy ABORT aborts the test at once (an abort is not an
 * assertion error, so it is not collected). Not thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class CommitbenchSoftAssertions extends AbstractSoftAssertions {

    /**
     * Creates a soft {@link CombinedReportAssert}: its failures, and those of the {@link MetricAssert}s it
     * starts, are collected until {@link #assertAll()}.
     *
     * @param actual the report to assert on
     * @return the created assertion object
     * @since 0.1
     */
    public CombinedReportAssert assertThat(CombinedReport actual) {
        CombinedReportAssert softly = proxy(CombinedReportAssert.class, CombinedReport.class, actual);
        softly.softCollector = this;
        return softly;
    }

    /**
     * Runs {@code softly} and then reports every failure it collected in one error.
     *
     * @param softly the assertions to run
     * @throws AssertionError with every collected failure
     * @since 0.1
     */
    public static void assertSoftly(Consumer<CommitbenchSoftAssertions> softly) {
        SoftAssertionsProvider.assertSoftly(CommitbenchSoftAssertions.class, softly);
    }
}
