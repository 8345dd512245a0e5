package dev.commitbench.assertj;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code ShouldNotRegress} is used to build the message of a regression: the table of regressed comparisons. */
final class ShouldNotRegress extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldNotRegress(CombinedReport report, List<Comparison> regressed) {
        return new ShouldNotRegress(report, regressed);
    }

    private ShouldNotRegress(CombinedReport report, List<Comparison> regressed) {
        super("%nExpecting no candidate to be worse than the baseline by more than the threshold but %s regressed"
                + " (the whole confidence interval lies above +threshold):%n%s%s%nFull report: %s",
                unquotedString(regressed.size() == 1 ? "1 comparison" : regressed.size() + " comparisons"),
                unquotedString(Tables.comparisons(regressed)), unquotedString(Tables.resolutionNotes(regressed)),
                unquotedString(Tables.reportLocation(report)));
    }
}
