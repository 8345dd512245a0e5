package dev.commitbench.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Gate;
import dev.commitbench.Outcome;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AssertionErrorCollector;

/**
 * {@code AbstractCombinedReportAssert} is used to assert on the verdicts of a {@link CombinedReport};
 * extend it to add assertions of your own.
 *
 * <p>What a report means is decided by {@link Outcome}, exactly as for the JUnit extension's own verdicts and
 * the command line's exit code: a failed gate (a regression) fails; failed runs, a metric one commit's report
 * lacks, or nothing compared fail too (never a silent pass); a probable regression follows
 * {@link CombinedReport#probableRegressionPolicy()} (FAIL by default) and an inconclusive gate
 * {@link CombinedReport#inconclusivePolicy()} (ABORT by default: the test is aborted with the interval and what
 * to do). A report of a single commit has nothing to compare and passes. Failure messages are the outcome's:
 * tables of the comparisons, the gate next to each verdict, and where the full report is. Not thread-safe.
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
     * Verifies that no candidate regressed: the gate of every comparison in the report, each with the threshold
     * it was decided with (the plan's), passes, that is its interval's upper bound lies below {@code +t}.
     *
     * <pre><code class='java'> // passes: every interval lies below +5%, e.g. [-13.1%, +4.1%]
     * assertThat(report).hasNoRegression();
     *
     * // fails: decode.latency.mean of HEAD is 12% slower, interval [+8.1%, +15.9%], threshold 5%
     * assertThat(report).hasNoRegression();</code></pre>
     *
     * @return {@code this} assertion object
     * @throws AssertionError if the report is {@code null}, has failed runs, lacks a metric for one commit
     *                        that another has at the same point, compared nothing, or has a failed gate (or a
     *                        probable regression under policy FAIL, or an inconclusive gate under policy FAIL)
     * @throws org.opentest4j.TestAbortedException if a gate is inconclusive under policy ABORT
     * @since 0.1
     */
    public SELF hasNoRegression() {
        isNotNull();
        verify(Outcome.of(actual));
        return myself;
    }

    /**
     * Verifies that no candidate regressed by more than {@code thresholdPercent}: every gate is decided again
     * from its stored confidence interval with that threshold.
     *
     * <pre><code class='java'> // passes: the interval [+6.0%, +9.0%] lies below +10%
     * assertThat(report).hasNoRegression(10);
     *
     * // fails: the interval [+6.0%, +9.0%] lies above +5%
     * assertThat(report).hasNoRegression(5);</code></pre>
     *
     * @param thresholdPercent the threshold in percent ({@code 5} means 5%); must be above 0
     * @return {@code this} assertion object
     * @throws IllegalArgumentException if {@code thresholdPercent} is not above 0 or not a finite number
     * @throws AssertionError as {@link #hasNoRegression()}
     * @since 0.1
     */
    public SELF hasNoRegression(double thresholdPercent) {
        requireThreshold(thresholdPercent);
        isNotNull();
        verify(Outcome.of(actual, thresholdPercent));
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

    private void verify(Outcome outcome) {
        RegressionCheck.verify(outcome, f -> {
            throw RegressionCheck.trimmed(assertionError(f));
        }, f -> f.create(info.description(), info.representation()));
    }

    static void requireThreshold(double thresholdPercent) {
        if (!Gate.isValidThreshold(thresholdPercent)) {
            throw new IllegalArgumentException("The threshold must be a positive percentage, e.g. 5, but was ["
                    + thresholdPercent + "].");
        }
    }
}
