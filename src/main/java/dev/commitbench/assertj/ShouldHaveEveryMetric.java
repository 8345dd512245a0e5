package dev.commitbench.assertj;

import dev.commitbench.CombinedReport;
import dev.commitbench.stats.MissingMetric;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code ShouldHaveEveryMetric} is used to build the message of a report in which a commit lacks a metric
 * that the commit it is compared with has at the same sweep point, so that the metric was never compared.
 */
final class ShouldHaveEveryMetric extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldHaveEveryMetric(CombinedReport report, List<MissingMetric> missing) {
        return new ShouldHaveEveryMetric(report, missing);
    }

    private ShouldHaveEveryMetric(CombinedReport report, List<MissingMetric> missing) {
        super("%nExpecting every candidate's report to have the metrics of the baseline's report (and the reverse)"
                + " at each point but %s, so it was never compared and cannot show that nothing regressed:%n%s"
                + "%nCheck that every commit's benchmark produces these metrics (the same config and scenario), or"
                + " leave them out of the plan's metrics.%nFull report: %s",
                unquotedString(missing.size() == 1 ? "1 metric is missing" : missing.size() + " metrics are missing"),
                unquotedString(Tables.missing(missing)), unquotedString(Tables.reportLocation(report)));
    }
}
