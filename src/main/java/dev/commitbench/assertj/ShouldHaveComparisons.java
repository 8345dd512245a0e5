package dev.commitbench.assertj;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code ShouldHaveComparisons} is used to build the message of a report that compared nothing: a
 * single commit, no metric measured, or none that both the baseline and a candidate measured could be
 * compared (no samples, or a baseline of 0).
 */
final class ShouldHaveComparisons extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldHaveComparisons(CombinedReport report) {
        return new ShouldHaveComparisons(report);
    }

    private ShouldHaveComparisons(CombinedReport report) {
        super("%nExpecting the report to compare at least one metric of a candidate with the baseline but nothing was"
                + " compared:%n  commits: %s%n  metrics: %s%n%s%nFull report: %s",
                unquotedString(report.commits().stream().map(Commit::displayName).toList().toString()),
                unquotedString(report.metrics().toString()), unquotedString(reason(report)),
                unquotedString(Tables.reportLocation(report)));
    }

    private static String reason(CombinedReport report) {
        if (report.commits().size() < 2) {
            return "Only " + report.commits().size() + " commit was benchmarked: give a baseline and at least one"
                    + " candidate, e.g. commits = {\"main\", \"HEAD\"} or \"diff\".";
        }
        if (report.metrics().isEmpty()) {
            return "No metric was measured: check the metric paths against the engine's reports.";
        }
        return "No metric measured by both the baseline and a candidate could be compared: check that the reports"
                + " hold samples of the metrics and that the baseline's value is not 0.";
    }
}
