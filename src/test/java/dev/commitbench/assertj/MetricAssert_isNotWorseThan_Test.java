package dev.commitbench.assertj;

import static dev.commitbench.assertj.CommitbenchAssertions.assertThat;
import static dev.commitbench.assertj.Reports.LATENCY;
import static dev.commitbench.assertj.Reports.MAIN;
import static dev.commitbench.assertj.Reports.MEMORY;
import static dev.commitbench.assertj.Reports.failure;
import static dev.commitbench.assertj.Reports.inconclusive;
import static dev.commitbench.assertj.Reports.regressed;
import static dev.commitbench.assertj.Reports.report;
import static dev.commitbench.assertj.Reports.unchanged;
import static dev.commitbench.assertj.ShouldBeConclusive.shouldBeConclusive;
import static dev.commitbench.assertj.ShouldHaveComparedMetric.shouldHaveComparedMetric;
import static dev.commitbench.assertj.ShouldHaveEveryMetric.shouldHaveEveryMetric;
import static dev.commitbench.assertj.ShouldHaveNoFailedRuns.shouldHaveNoFailedRuns;
import static dev.commitbench.assertj.ShouldNotRegress.shouldNotRegress;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.commitbench.CombinedReport;
import dev.commitbench.Outcome;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class MetricAssert_isNotWorseThan_Test {

    @Test
    void should_pass_when_the_metric_is_within_the_threshold_even_if_another_metric_regressed() {
        // GIVEN
        CombinedReport report = report(Reports.comparison(MEMORY, "batch_size=1", 0, -1, 1), regressed());
        // WHEN/THEN
        assertThat(report).metric(MEMORY).isNotWorseThan(5);
        assertThat(report).metric(LATENCY).isNotWorseThan(20);
    }

    @Test
    void should_fail_with_only_the_metrics_regressed_comparisons() {
        // GIVEN
        CombinedReport report = report(unchanged(), regressed(), inconclusive());
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class,
                () -> assertThat(report).metric(LATENCY).isNotWorseThan(7));
        // THEN
        org.assertj.core.api.Assertions.assertThat(error)
                .hasMessage(shouldNotRegress(Outcome.ofMetric(report, LATENCY, 7)).create())
                .hasMessageNotContaining(MEMORY);
    }

    @Test
    void should_fail_when_a_candidate_lacks_this_metric_but_not_when_it_lacks_another() {
        // GIVEN
        CombinedReport report = Reports.builder(unchanged())
                .put("gpt2", "batch_size=1", MAIN.sha(), Reports.measurement(MEMORY, 512)).build();
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class,
                () -> assertThat(report).metric(MEMORY).isNotWorseThan(5));
        // THEN
        org.assertj.core.api.Assertions.assertThat(error)
                .hasMessage(shouldHaveEveryMetric(Outcome.ofMetric(report, MEMORY, 5)).create())
                .hasMessageContaining("load.memory.max_ram  gpt2 · batch_size=1  HEAD@5d6e7f8  the candidate's report"
                        + " lacks it (baseline main@1a2b3c4 has it)");
        assertThat(report).metric(LATENCY).isNotWorseThan(5);
    }

    @Test
    void should_fail_when_the_metric_was_not_compared() {
        // GIVEN
        CombinedReport report = report(unchanged());
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class,
                () -> assertThat(report).metric("decode.latency.p99").isNotWorseThan(5));
        // THEN
        org.assertj.core.api.Assertions.assertThat(error)
                .hasMessage(shouldHaveComparedMetric(Outcome.ofMetric(report, "decode.latency.p99", 5)).create())
                .hasMessageContainingAll("Expecting the report to have compared the metric but found:",
                        "Nothing compared: metric decode.latency.p99 was not compared; the compared metrics are"
                                + " [decode.latency.mean].", "Check the path");
    }

    @Test
    void should_fail_when_runs_failed() {
        // GIVEN
        CombinedReport report = Reports.builder(unchanged()).failure(failure()).build();
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class,
                () -> assertThat(report).metric(LATENCY).isNotWorseThan(5));
        // THEN
        org.assertj.core.api.Assertions.assertThat(error)
                .hasMessage(shouldHaveNoFailedRuns(Outcome.ofMetric(report, LATENCY, 5)).create());
    }

    @Test
    void should_abort_when_the_metric_is_inconclusive() {
        // GIVEN
        CombinedReport report = report(unchanged(), inconclusive());
        // WHEN
        TestAbortedException aborted = catchThrowableOfType(TestAbortedException.class,
                () -> assertThat(report).metric(MEMORY).isNotWorseThan(5));
        // THEN
        org.assertj.core.api.Assertions.assertThat(aborted)
                .hasMessage(shouldBeConclusive(Outcome.ofMetric(report, MEMORY, 5)).create())
                .hasMessageContaining("Inconclusive: 1 comparison");
    }

    @Test
    void should_fail_on_a_probable_regression_of_the_metric() {
        // GIVEN
        CombinedReport report = report(unchanged(), Reports.probable());
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class,
                () -> assertThat(report).metric(LATENCY).isNotWorseThan(5));
        // THEN
        org.assertj.core.api.Assertions.assertThat(error)
                .hasMessage(ShouldNotProbablyRegress.shouldNotProbablyRegress(Outcome.ofMetric(report, LATENCY, 5))
                        .create())
                .hasMessageContaining("Probable regression: 1 comparison");
    }

    @Test
    void should_reject_a_threshold_that_is_not_a_number() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(report(unchanged())).metric(LATENCY)
                .isNotWorseThan(Double.NaN))
                .withMessage("The threshold must be a positive percentage, e.g. 5, but was [NaN].");
    }
}
