package dev.commitbench.assertj;

import static dev.commitbench.assertj.ShouldHaveComparisons.shouldHaveComparisons;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.stats.Comparisons;
import dev.commitbench.stats.Verdicts;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AssertionErrorCollector;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code AbstractCombinedReportAssert} is used to assert on the verdicts of a {@link CombinedReport};
 * extend it to add assertions of your own.
 *
 * <p>Every assertion treats a report with failed runs, one in which a candidate lacks a metric that the
 * baseline has (or the reverse), or one that compared nothing, as a failure: never a silent pass. A {@code REGRESSED} comparison fails; an {@code INCONCLUSIVE} one follows
 * {@link CombinedReport#inconclusivePolicy()} (ABORT, the default, aborts the test with the interval
 * and what to do). Failure messages are a table of the offending comparisons and say where the full
 * report is. Not thread-safe.
 *
 * @param <SELF>   the "self" type of this assertion class
 * @param <ACTUAL> the type of the report
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public abstract class AbstractCombinedReportAssert<SELF extends AbstractCombinedReportAssert<SELF, ACTUAL>,
        ACTUAL extends CombinedReport> extends AbstractAssert<SELF, ACTUAL> {

    /** Set by {@link CommitbenchSoftAssertions}: where {@link MetricAssert}s collect their errors. */
    AssertionErrorCollector softCollector;

    /**
     * Starts assertions on {@code actual}.
     *
     * @param actual the report under test
     * @param selfType the concrete assertion class, as AssertJ's {@code AbstractAssert} needs it
     */
    protected AbstractCombinedReportAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /**
     * Verifies that no candidate regressed: every comparison in the report, each with the threshold it
     * was decided with (the plan's).
     *
     * <pre><code class='java'> // passes: every comparison UNCHANGED or IMPROVED
     * assertThat(report).hasNoRegression();
     *
     * // fails: decode.latency.mean of HEAD is 12% slower, interval [+8.1%, +15.9%], threshold 5%
     * assertThat(report).hasNoRegression();</code></pre>
     *
     * @return {@code this} assertion object
     * @throws AssertionError if the report is {@code null}, has failed runs, lacks a metric for one commit
     *                        that another has at the same point, compared nothing, or has a
     *                        {@code REGRESSED} comparison (or an inconclusive one under policy FAIL)
     * @throws org.opentest4j.TestAbortedException if a comparison is inconclusive under policy ABORT
     * @since 0.1
     */
    public SELF hasNoRegression() {
        isNotNull();
        verify(actual.comparisons());
        return myself;
    }

    /**
     * Verifies that no candidate regressed by more than {@code thresholdPercent}: every verdict is
     * decided again from its stored confidence interval with that threshold.
     *
     * <pre><code class='java'> // passes: the interval [+6.0%, +9.0%] lies inside (-10%, +10%)
     * assertThat(report).hasNoRegression(10);
     *
     * // fails: the interval [+6.0%, +9.0%] lies above +5%
     * assertThat(report).hasNoRegression(5);</code></pre>
     *
     * @param thresholdPercent the threshold in percent ({@code 5} means 5%); must be at least 0
     * @return {@code this} assertion object
     * @throws IllegalArgumentException if {@code thresholdPercent} is negative or not a number
     * @throws AssertionError as {@link #hasNoRegression()}
     * @since 0.1
     */
    public SELF hasNoRegression(double thresholdPercent) {
        requireThreshold(thresholdPercent);
        isNotNull();
        verify(actual.comparisons().stream().map(c -> Verdicts.withThreshold(c, thresholdPercent)).toList());
        return myself;
    }

    /**
     * Starts assertions on one metric's comparisons, every point and candidate.
     *
     * <pre><code class='java'> assertThat(report).metric("decode.latency.mean").isNotWorseThan(10);</code></pre>
     *
     * @param path the dotted metric path, e.g. {@code decode.latency.mean}
     * @return a new {@link MetricAssert}
     * @since 0.1
     */
    public MetricAssert metric(String path) {
        MetricAssert metric = new MetricAssert(actual, path, softCollector);
        metric.info.useRepresentation(info.representation());
        if (info.description() != null) {
            metric.describedAs(info.description());
        }
        return metric;
    }

    private void verify(List<Comparison> comparisons) {
        ErrorMessageFactory nothing = shouldHaveComparisons(actual);
        RegressionCheck.verify(actual, comparisons, Comparisons.missingMetrics(actual), nothing, f -> {
            throw RegressionCheck.trimmed(assertionError(f));
        }, f -> f.create(info.description(), info.representation()));
    }

    static void requireThreshold(double thresholdPercent) {
        if (!(thresholdPercent >= 0) || Double.isInfinite(thresholdPercent)) {
            throw new IllegalArgumentException("The threshold must be a finite percentage >= 0 but was ["
                    + thresholdPercent + "]; use e.g. 5 for 5%.");
        }
    }
}
