package dev.commitbench.assertj;

import static dev.commitbench.assertj.Reports.LATENCY;
import static dev.commitbench.assertj.Reports.MEMORY;
import static dev.commitbench.assertj.Reports.regressed;
import static dev.commitbench.assertj.Reports.report;
import static dev.commitbench.assertj.Reports.unchanged;
import static dev.commitbench.assertj.ShouldHaveComparedMetric.shouldHaveComparedMetric;
import static dev.commitbench.assertj.ShouldNotRegress.shouldNotRegress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.commitbench.CombinedReport;
import dev.commitbench.Outcome;
import org.junit.jupiter.api.Test;

class CommitbenchSoftAssertions_Test {

    @Test
    void should_collect_every_failure_including_those_of_metric_assertions() {
        // GIVEN
        CombinedReport report = report(unchanged(), regressed());
        CommitbenchSoftAssertions softly = new CommitbenchSoftAssertions();
        // WHEN
        softly.assertThat(report).hasNoRegression();
        softly.assertThat(report).metric(LATENCY).isNotWorseThan(7);
        softly.assertThat(report).metric(MEMORY).isNotWorseThan(5);
        softly.assertThat(report).hasNoRegression(50);
        // THEN
        // (AssertJ appends the test's line: our own frames are trimmed, so it points at the assertion above)
        assertThat(softly.errorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
                m -> assertThat(m).startsWith(shouldNotRegress(Outcome.of(report)).create())
                        .contains("at CommitbenchSoftAssertions_Test.should_collect_every_failure"),
                m -> assertThat(m).startsWith(
                        shouldNotRegress(Outcome.ofMetric(report, LATENCY, 7)).create()),
                m -> assertThat(m).startsWith(shouldHaveComparedMetric(Outcome.ofMetric(report, MEMORY, 5)).create())
                        .contains("at CommitbenchSoftAssertions_Test.should_collect_every_failure"));
    }

    @Test
    void should_report_all_collected_failures_at_once() {
        // GIVEN
        CombinedReport report = report(unchanged(), regressed());
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> CommitbenchSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(report).hasNoRegression();
            softly.assertThat(report).metric(MEMORY).isNotWorseThan(5);
        }));
        // THEN
        assertThat(error).hasMessageContainingAll("Multiple Failures (2 failures)",
                shouldNotRegress(Outcome.of(report)).create().strip(),
                shouldHaveComparedMetric(Outcome.ofMetric(report, MEMORY, 5)).create().strip());
    }

    @Test
    void should_pass_when_nothing_failed() {
        CommitbenchSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(report(unchanged())).hasNoRegression();
            softly.assertThat(report(unchanged())).metric(LATENCY).isNotWorseThan(5);
        });
    }
}
