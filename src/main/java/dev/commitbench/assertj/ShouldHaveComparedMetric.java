package dev.commitbench.assertj;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code ShouldHaveComparedMetric} is used to build the message of a metric path that the report did not compare. */
final class ShouldHaveComparedMetric extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldHaveComparedMetric(CombinedReport report, String metric) {
        return new ShouldHaveComparedMetric(report, metric);
    }

    private ShouldHaveComparedMetric(CombinedReport report, String metric) {
        super("%nExpecting the report to have compared metric:%n  %s%nbut it has no comparison of it; the compared"
                + " metrics are:%n  %s%nCheck the path against the plan's metrics and the engine's reports.",
                metric, unquotedString(report.comparisons().stream().map(Comparison::metric).distinct().toList().toString()));
    }
}
