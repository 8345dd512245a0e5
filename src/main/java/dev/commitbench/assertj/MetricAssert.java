package dev.commitbench.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Outcome;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AssertionErrorCollector;

/**
 * {@code MetricAssert} is used to assert on the comparisons of one metric path of a
 * {@link CombinedReport}, every sweep point and candidate; get one from
 * {@link AbstractCombinedReportAssert#metric(String)}. Within {@link CommitbenchSoftAssertions} its
 * failures are collected like any soft assertion's. Not thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class MetricAssert extends AbstractAssert<MetricAssert, CombinedReport> {

    private final String metric;
    private final AssertionErrorCollector collector;

    MetricAssert(CombinedReport actual, String metric, AssertionErrorCollector collector) {
        super(actual, MetricAssert.class);
        this.metric = metric;
        this.collector = collector;
    }

    /**
     * Verifies that this metric did not get worse by more than {@code percent} for any candidate and
     * point: every gate is decided again from its stored confidence interval with that threshold and must pass
     * (the interval's upper bound lies below {@code +percent}).
     *
     * <pre><code class='java'> // passes: decode.latency.mean changed by [-1.0%, +2.5%]
     * assertThat(report).metric("decode.latency.mean").isNotWorseThan(5);
     *
     * // fails: decode.latency.mean changed by [+8.1%, +15.9%]
     * assertThat(report).metric("decode.latency.mean").isNotWorseThan(5);</code></pre>
     *
     * @param percent the threshold in percent ({@code 5} means 5%); must be above 0
     * @return {@code this} assertion object
     * @throws IllegalArgumentException if {@code percent} is not above 0 or not a finite number
     * @throws AssertionError if the report is {@code null}, has failed runs, lacks this metric for one
     *                        commit that another has at the same point, did not compare this metric,
     *                        or its gate failed (or is a probable regression under policy FAIL, or
     *                        inconclusive under policy FAIL)
     * @throws org.opentest4j.TestAbortedException if a gate is inconclusive under policy ABORT
     * @since 0.1
     */
    public MetricAssert isNotWorseThan(double percent) {
        AbstractCombinedReportAssert.requireThreshold(percent);
        isNotNull();
        RegressionCheck.verify(Outcome.ofMetric(actual, metric, percent), f -> {
            AssertionError error = RegressionCheck.trimmed(assertionError(f));
            if (collector == null) {
                throw error;
            }
            collector.collectAssertionError(error);
        }, f -> f.create(info.description(), info.representation()));
        return myself;
    }
}
