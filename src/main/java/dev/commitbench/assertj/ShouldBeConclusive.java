package dev.commitbench.assertj;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code ShouldBeConclusive} is used to build the message of inconclusive comparisons: the table, and
 * what to do (more rounds or a larger threshold).
 */
final class ShouldBeConclusive extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldBeConclusive(CombinedReport report, List<Comparison> inconclusive) {
        return new ShouldBeConclusive(report, inconclusive);
    }

    private ShouldBeConclusive(CombinedReport report, List<Comparison> inconclusive) {
        super("%nExpecting every comparison to be decided but %s inconclusive (the confidence interval crosses the"
                + " threshold):%n%s%s%nThe rounds so far cannot tell a change of the threshold's size from noise: run more"
                + " rounds (raise maxRounds, so that rounds are added while a comparison is inconclusive) or use a threshold"
                + " above %s%% (which every interval above lies within).%nFull report: %s",
                unquotedString(inconclusive.size() == 1 ? "1 comparison is" : inconclusive.size() + " comparisons are"),
                unquotedString(Tables.comparisons(inconclusive)), unquotedString(Tables.resolutionNotes(inconclusive)),
                unquotedString(widest(inconclusive)), unquotedString(Tables.reportLocation(report)));
    }

    private static String widest(List<Comparison> comparisons) {
        return Tables.number(comparisons.stream()
                .mapToDouble(c -> Math.max(Math.abs(c.lowerPercent()), Math.abs(c.upperPercent()))).max().orElse(0));
    }
}
