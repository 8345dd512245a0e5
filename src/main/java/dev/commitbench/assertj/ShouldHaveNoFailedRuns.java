package dev.commitbench.assertj;

import dev.commitbench.CombinedReport;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code ShouldHaveNoFailedRuns} is used to build the message of a report whose runs did not all succeed. */
final class ShouldHaveNoFailedRuns extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldHaveNoFailedRuns(CombinedReport report) {
        return new ShouldHaveNoFailedRuns(report);
    }

    private ShouldHaveNoFailedRuns(CombinedReport report) {
        super("%nExpecting every benchmark run to succeed but %s, so the report cannot show that nothing regressed:%n%s"
                + "%nFix the failing runs (each run directory holds the engine's log) and run again.%nFull report: %s",
                unquotedString(report.failures().size() == 1 ? "1 run failed" : report.failures().size() + " runs failed"),
                unquotedString(Tables.failures(report.failures())), unquotedString(Tables.reportLocation(report)));
    }
}
