package dev.commitbench.junit;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.Verdict;
import dev.commitbench.stats.Comparisons;
import dev.commitbench.stats.MissingMetric;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * {@code Verdicts} is used to apply a point's verdicts when the test method takes no
 * {@link CombinedReport}: a regression fails the invocation; an inconclusive comparison aborts it (shown as
 * skipped, with the interval and what to do), fails it or lets it pass, per the report's
 * {@link CombinedReport#inconclusivePolicy() policy}. A metric that one commit's report has and the other's
 * lacks at the point fails it, as do several commits with nothing compared, so that a benchmark never passes
 * silently; a single commit (nothing to compare) passes.
 */
final class Verdicts {

    private Verdicts() {
    }

    static void apply(CombinedReport report) {
        List<Comparison> regressions = report.comparisons(Verdict.REGRESSED);
        if (!regressions.isEmpty()) {
            throw new AssertionFailedError(list("Regression: " + regressions.size() + " metric(s) worse than the "
                    + threshold(report) + " threshold", regressions, report));
        }
        List<MissingMetric> missing = Comparisons.missingMetrics(report);
        if (!missing.isEmpty()) {
            throw new AssertionFailedError("Missing metric: " + missing.size() + " metric(s) found for one commit but"
                    + " not for the commit it is compared with, so never compared:\n" + missing.stream()
                            .map(Verdicts::describe).collect(Collectors.joining("\n"))
                    + "\nCheck that every commit's benchmark produces these metrics (the same command, config and"
                    + " scenario), or leave them out of 'metrics'."
                    + report.reportDirectory().map(d -> "\nFull report: " + d).orElse(""));
        }
        if (report.commits().size() > 1 && report.comparisons().isEmpty()) {
            throw new AssertionFailedError("Nothing compared: no metric was found for both the baseline and a "
                    + "candidate. Check 'metrics' against the metric paths the reports contain"
                    + report.reportDirectory().map(d -> " (see " + d + ")").orElse("") + ".");
        }
        List<Comparison> inconclusive = report.comparisons(Verdict.INCONCLUSIVE);
        if (inconclusive.isEmpty()) {
            return;
        }
        String message = list("Inconclusive: " + inconclusive.size() + " metric(s) could not be decided at the "
                + threshold(report) + " threshold; run more rounds (raise 'maxRounds') or use a larger 'threshold'",
                inconclusive, report);
        switch (report.inconclusivePolicy()) {
            case ABORT -> throw new TestAbortedException(message);
            case FAIL -> throw new AssertionFailedError(message);
            case PASS -> { }
        }
    }

    /** {@code REGRESSED +12.3% [8.1%, 16.0%] (threshold 5.0%)}. */
    static String describe(Comparison c) {
        return String.format(Locale.ROOT, "%s %+.1f%% [%+.1f%%, %+.1f%%] (threshold %.1f%%)", c.verdict(),
                c.changePercent(), c.lowerPercent(), c.upperPercent(), c.thresholdPercent());
    }

    /** {@code - gpt2 · call.tokens.mean: missing for HEAD@1a2b3c4 (baseline main@5d6e7f8 has it)}. */
    private static String describe(MissingMetric m) {
        return "- " + m.point() + " · " + m.metric() + ": missing for " + m.lackingIt().displayName() + " ("
                + (m.baselineLacksIt() ? "candidate " : "baseline ") + m.havingIt().displayName() + " has it)";
    }

    private static String list(String headline, List<Comparison> comparisons, CombinedReport report) {
        return headline + ":\n" + comparisons.stream().map(c -> String.format(Locale.ROOT,
                "- %s%s: %s %.6g%s → %s %.6g%s: %s", c.point().isEmpty() ? "" : c.point() + " · ", c.metric(),
                c.baseline().displayName(), c.baselineValue(), unit(c), c.candidate().displayName(),
                c.candidateValue(), unit(c), describe(c))).collect(Collectors.joining("\n"))
                + report.reportDirectory().map(d -> "\nFull report: " + d).orElse("");
    }

    private static String threshold(CombinedReport report) {
        return String.format(Locale.ROOT, "%.1f%%", report.thresholdPercent());
    }

    private static String unit(Comparison c) {
        return c.unit().isEmpty() ? "" : " " + c.unit();
    }
}
