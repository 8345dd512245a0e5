package dev.commitbench.report;

import static dev.commitbench.report.MarkdownReportWriterFormat.interval;
import static dev.commitbench.report.MarkdownReportWriterFormat.percent;
import static dev.commitbench.report.MarkdownReportWriterFormat.plainPercent;
import static dev.commitbench.report.MarkdownReportWriterFormat.word;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Comparison;
import dev.commitbench.bisect.BisectResult;
import dev.commitbench.bisect.BisectSettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * {@code BisectMarkdownWriter} is used to write a bisection's {@code report.md}: the headline (culprit
 * found, two culprits, a range, a drift, no regression, not pinned down), the summary, the settings, a
 * text chart of the metric along the tested commits (estimate and interval per commit, the culprit
 * marked), the table of tested commits (rounds, value, change against good with its interval, the
 * probability of being the first bad commit), the confirming comparisons, the candidates left and the
 * skipped commits. Commit names are shown as code. Stateless and thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BisectMarkdownWriter {

    /** The file name written into the run folder. */
    public static final String FILE_NAME = "report.md";

    /** A writer. */
    public BisectMarkdownWriter() {
    }

    /**
     * Renders the bisection as Markdown.
     *
     * @param result what the bisection found
     * @return the Markdown text
     */
    public String render(BisectResult result) {
        var md = new StringBuilder();
        BisectReportFormat.Headline headline = BisectReportFormat.headline(result);
        md.append("## commitbench bisect: ").append(headline.marker).append(headline.text).append("\n\n");
        md.append("**").append(result.summary()).append("**\n\n");
        md.append(BisectReportFormat.settings(result)).append("\n\n");
        if (!result.estimates().isEmpty()) {
            md.append("### ").append(BisectReportFormat.metricTitle(result)).append("\n\n");
            md.append("```text\n").append(BisectReportFormat.textChart(result)).append("```\n\n");
            md.append("| commit | # | rounds | value | change against good | interval | P(first bad) |\n");
            md.append("| --- | ---: | ---: | ---: | ---: | --- | ---: |\n");
            var scale = BisectReportFormat.scale(result);
            for (BisectResult.CommitEstimate e : result.estimates()) {
                md.append("| `").append(e.commit().displayName()).append('`').append(BisectReportFormat.marks(result, e))
                        .append(" | ").append(e.index()).append(" | ").append(e.rounds())
                        .append(e.failures() > 0 ? " (+" + e.failures() + " failed)" : "")
                        .append(" | ").append(scale.format(e.value()))
                        .append(" | ").append(e.index() == 0 ? "baseline" : percent(e.changePercent(), result.thresholdPercent()))
                        .append(" | ").append(e.index() == 0 ? "" : "[" + percent(e.lowerPercent(), result.thresholdPercent())
                                + ", " + percent(e.upperPercent(), result.thresholdPercent()) + "]")
                        .append(" | ").append(BisectReportFormat.probability(e.probability())).append(" |\n");
            }
            md.append('\n');
        }
        comparisons(md, result);
        if (result.kind() == BisectResult.Kind.NOT_PINNED_DOWN && !result.candidates().isEmpty()) {
            md.append("### Candidates left\n\n| commit | # | P(first bad) |\n| --- | ---: | ---: |\n");
            for (BisectResult.Candidate c : result.candidates()) {
                md.append("| `").append(c.commit().displayName()).append("` | ").append(c.index()).append(" | ")
                        .append(BisectReportFormat.probability(c.probability())).append(" |\n");
            }
            md.append('\n');
        }
        if (!result.skipped().isEmpty()) {
            md.append("### Skipped commits\n\nThese commits could not be measured, so the search went around them.\n\n")
                    .append("| commit | # | last failure |\n| --- | ---: | --- |\n");
            for (BisectResult.Skipped s : result.skipped()) {
                md.append("| `").append(s.commit().displayName()).append("` | ").append(s.index()).append(" | ")
                        .append(escape(MarkdownReportWriter.firstLine(s.reason()))).append(" |\n");
            }
            md.append('\n');
        }
        md.append("Every engine run, with its samples, is in `").append(BisectJsonWriter.FILE_NAME).append("`.\n");
        return md.toString();
    }

    /**
     * Writes {@code report.md} into {@code runDir} (created when missing), replacing an older one.
     *
     * @param runDir the run folder
     * @param result what the bisection found
     * @return the written file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Path write(Path runDir, BisectResult result) {
        return ReportFiles.write(runDir, FILE_NAME, render(result), "the Markdown report");
    }

    private static void comparisons(StringBuilder md, BisectResult result) {
        List<Comparison> rows = result.confirmations().isEmpty() && result.endToEnd() != null
                ? List.of(result.endToEnd()) : result.confirmations();
        if (rows.isEmpty()) {
            return;
        }
        BisectSettings s = result.settings();
        md.append("### ").append(result.confirmations().isEmpty() ? "Bad against good" : "Confirmation").append("\n\n")
                .append("| baseline | candidate | change | ").append(MarkdownReportWriterFormat.confidence(s.comparison()
                        .confidence())).append(" interval | verdict | rounds |\n| --- | --- | ---: | --- | --- | ---: |\n");
        for (Comparison c : rows) {
            md.append("| `").append(c.baseline().displayName()).append("` | `").append(c.candidate().displayName())
                    .append("` | ").append(percent(c.changePercent(), c.thresholdPercent())).append(" | ").append(interval(c))
                    .append(" | ").append(word(c.verdict())).append(" | ").append(c.baselineRounds()).append(" / ")
                    .append(c.candidateRounds()).append(" |\n");
        }
        md.append('\n');
        if (!result.confirmations().isEmpty() && result.endToEnd() != null) {
            Comparison e = result.endToEnd();
            md.append(String.format(Locale.ROOT, "Bad against good: %s %s (%s, %d / %d rounds); threshold %s.%n%n",
                    percent(e.changePercent(), e.thresholdPercent()), interval(e), word(e.verdict()), e.baselineRounds(),
                    e.candidateRounds(), plainPercent(e.thresholdPercent())));
        }
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
