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
import dev.commitbench.stats.Verdicts;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedReportAssert_hasNoRegression_with_threshold_Test {

    @Test
    void should_pass_when_a_larger_threshold_contains_every_interval() {
        // GIVEN: [+8.1%, +15.9%] and [-3.0%, +9.0%] lie inside (-20%, +20%)
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
                .hasMessage(shouldNotRegress(report, List.of(Verdicts.withThreshold(regressed(), 1))).create())
                .hasMessageContaining("  1%         REGRESSED");
    }

    @Test
    void should_reject_a_negative_threshold_with_what_to_use() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(report(unchanged())).hasNoRegression(-5))
                .withMessage("The threshold must be a finite percentage >= 0 but was [-5.0]; use e.g. 5 for 5%.");
    }
}
