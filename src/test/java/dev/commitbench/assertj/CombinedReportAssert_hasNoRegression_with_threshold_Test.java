package dev.commitbench.assertj;

import static dev.commitbench.assertj.CommitbenchAssertions.assertThat;
import static dev.commitbench.assertj.Reports.inconclusive;
import static dev.commitbench.assertj.Reports.regressed;
import static dev.commitbench.assertj.Reports.report;
import static dev.commitbench.assertj.Reports.unchanged;
import static dev.commitbench.assertj.ShouldNotRegress.shouldNotRegress;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.commitbench.CombinedReport;
import dev.commitbench.Outcome;
import org.junit.jupiter.api.Test;

class CombinedReportAssert_hasNoRegression_with_threshold_Test {

    @Test
    void should_pass_when_every_interval_lies_below_a_larger_threshold() {
        // GIVEN: [+8.1%, +15.9%] and [-3.0%, +9.0%] lie below +20%
        CombinedReport report = report(regressed(), inconclusive());
        // WHEN/THEN
        assertThat(report).hasNoRegression(20);
    }

    @Test
    void should_fail_when_a_smaller_threshold_lies_below_an_interval() {
        // GIVEN: [-1.2%, +2.0%] is UNCHANGED at 5% but [-1.2%, +2.0%] is not decided at 1%; [+8.1%, +15.9%] regresses
        CombinedReport report = report(unchanged(), regressed());
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression(1));
        // THEN
        org.assertj.core.api.Assertions.assertThat(error)
                .hasMessage(shouldNotRegress(Outcome.of(report, 1)).create())
                .hasMessageContainingAll("more than the 1% threshold", "  1%         REGRESSED  FAIL");
    }

    @Test
    void should_pass_at_ten_percent_an_interval_that_rules_out_any_slowdown_beyond_ten_percent() {
        // GIVEN: INCONCLUSIVE -3.6% [-13.1%, +7.1%] at 10%: the improvement is undecided, a slowdown beyond 10% is not
        CombinedReport report = report(Reports.comparison(Reports.LATENCY, "batch_size=1", -3.6, -13.1, 7.1));
        // WHEN/THEN
        assertThat(report).hasNoRegression(10);
    }

    @Test
    void should_reject_a_negative_threshold_with_what_to_use() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(report(unchanged())).hasNoRegression(-5))
                .withMessage("The threshold must be a positive percentage, e.g. 5, but was [-5.0].");
    }
}
