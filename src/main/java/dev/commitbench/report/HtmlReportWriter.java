package dev.commitbench.report;

import static dev.commitbench.report.MarkdownReportWriterFormat.counts;
import static dev.commitbench.report.MarkdownReportWriterFormat.cv;
import static dev.commitbench.report.MarkdownReportWriterFormat.headline;
import static dev.commitbench.report.MarkdownReportWriterFormat.interval;
import static dev.commitbench.report.MarkdownReportWriterFormat.percent;
import static dev.commitbench.report.MarkdownReportWriterFormat.plainPercent;
import static dev.commitbench.report.MarkdownReportWriterFormat.resolutionWarning;
import static dev.commitbench.report.MarkdownReportWriterFormat.word;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Gate;
import dev.commitbench.RunFailure;
import dev.commitbench.Verdict;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code HtmlReportWriter} is used to write {@code report.html}: one self-contained page (inline CSS
 * and inline SVG; no script, no network, no external fonts) that a reviewer reads in ten seconds.
 *
 * <p>The page opens with the headline and the summary of the Markdown report (counts, then one table
 * row per comparison), then shows per sweep point one chart per metric: on the left the distribution
 * per commit (every sample as a dot, every round's value as a larger dot, a box over the samples'
 * quartiles), on the right each candidate's change with its confidence interval drawn against the
 * ±threshold band. Failed runs close the page. Every text taken from the report is HTML-escaped.
 * Stateless and thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class HtmlReportWriter {

    /** The file name written into the run folder. */
    public static final String FILE_NAME = "report.html";

    /**
     * Renders the report as one HTML page.
     *
     * @param report the report
     * @return the page
     */
    public String render(CombinedReport report) {
        return render(report, Map.of());
    }

    /**
     * Renders the report as one HTML page, its body grouped: under the header of {@code report} (everything), one
     * section per group (a test method of a test run), named, with its own commits, table, charts and failed runs.
     * Without groups, as {@link #render(CombinedReport)}.
     *
     * @param report everything, for the headline and the counts
     * @param groups the parts of {@code report} by name, in order
     * @return the page
     */
    public String render(CombinedReport report, Map<String, CombinedReport> groups) {
        var page = new StringBuilder(16_384);
        render(report, groups, page::append);
        return page.toString();
    }

    /**
     * Draws the page as {@link #render(CombinedReport, Map)} does, handing it to {@code page} piece by piece in order:
     * the head and header, then each point's section as it is joined, and so on. A run of a thousand points draws
     * ten megabytes, which {@link #write} puts into the file as they come instead of holding them in one string.
     */
    private static void render(CombinedReport report, Map<String, CombinedReport> groups, Consumer<CharSequence> page) {
        var html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>commitbench: ").append(esc(headline(report).text)).append("</title>\n<style>\n")
                .append(HtmlReportWriterChart.CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(html, report);
        if (groups.isEmpty()) {
            body(html, report, "h2", page);
        }
        groups.forEach((name, group) -> {
            html.append("<section class=\"group\">\n<h2><code>").append(esc(name)).append("</code></h2>\n<p class=\"settings\">")
                    .append(esc(counts(group))).append('.');
            group.baseline().ifPresent(b -> html.append(" Baseline <code class=\"baseline\">").append(esc(b.displayName()))
                    .append("</code>"));
            if (!group.candidates().isEmpty()) {
                html.append(group.candidates().size() == 1 ? ", candidate " : ", candidates ").append(group.candidates()
                        .stream().map(c -> "<code>" + esc(c.displayName()) + "</code>").collect(Collectors.joining(", ")))
                        .append('.');
            }
            html.append("</p>\n");
            body(html, group, "h3", page);
            html.append("</section>\n");
        });
        html.append("<footer>Written by commitbench.</footer>\n</main>\n</body>\n</html>\n");
        page.accept(html);
    }

    /** Appends the summary table to {@code html}, hands {@code html} on and empties it, then each point's section. */
    private static void body(StringBuilder html, CombinedReport report, String heading, Consumer<CharSequence> page) {
        summaryTable(html, report);
        page.accept(html);
        html.setLength(0);
        // Each point's section (its charts, most of a large page) is drawn on its own, on the common pool's threads,
        // and the sections are handed on in the points' order.
        MarkdownReportWriterPoints.of(report).parallelStream().map(point -> section(report, point, heading))
                .forEachOrdered(page);
        failures(html, report.failures(), heading);
    }

    private static StringBuilder section(CombinedReport report, MarkdownReportWriterPoints.Point point, String heading) {
        var html = new StringBuilder(8_192);
        html.append("<section class=\"point\">\n<").append(heading).append('>').append(esc(point.model()));
        if (!point.config().isEmpty()) {
            html.append(" <span class=\"sep\">·</span> <span class=\"config\">").append(esc(point.config())).append("</span>");
        }
        html.append("</").append(heading).append(">\n");
        for (String metric : point.metrics(report)) {
            HtmlReportWriterChart.figure(html, report, point, metric);
        }
        return html.append("</section>\n");
    }

    /**
     * Writes {@code report.html} into {@code runDir} (created when missing), replacing an older one.
     *
     * @param runDir the run folder
     * @param report the report
     * @return the written file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Path write(Path runDir, CombinedReport report) {
        return write(runDir, report, Map.of());
    }

    /**
     * {@link #write(Path, CombinedReport)} with the body grouped, as {@link #render(CombinedReport, Map)}.
     *
     * @param runDir the run folder
     * @param report everything, for the headline and the counts
     * @param groups the parts of {@code report} by name, in order
     * @return the written file
     */
    public Path write(Path runDir, CombinedReport report, Map<String, CombinedReport> groups) {
        return ReportFiles.write(runDir, FILE_NAME, out -> render(report, groups, text -> ReportFiles.put(out, text)),
                "the HTML report");
    }

    private static void header(StringBuilder html, CombinedReport report) {
        MarkdownReportWriterFormat.Headline headline = headline(report);
        html.append("<header>\n<h1>commitbench <span class=\"headline ").append(headlineClass(headline)).append("\">")
                .append(esc(headline.text)).append("</span></h1>\n");
        html.append("<p class=\"counts\">");
        for (Verdict v : Verdict.values()) {
            int n = report.comparisons(v).size();
            html.append("<span class=\"pill ").append(word(v)).append(n == 0 ? " zero" : "").append("\">")
                    .append(n).append(' ').append(word(v)).append("</span> ");
        }
        int failed = report.failures().size();
        html.append("<span class=\"pill failed").append(failed == 0 ? " zero" : "").append("\">").append(failed)
                .append(failed == 1 ? " failed run" : " failed runs").append("</span></p>\n");
        html.append("<p class=\"settings\">").append(esc(counts(report))).append(". Threshold ±")
                .append(esc(plainPercent(report.thresholdPercent())));
        html.append("; a positive change is worse. The gate asks whether a candidate is slower than the baseline by"
                + " more than the threshold: it fails when the whole interval lies above +")
                .append(esc(plainPercent(report.thresholdPercent()))).append(", passes when it lies below.");
        report.baseline().ifPresent(b -> html.append("<br>Baseline <code class=\"baseline\">")
                .append(esc(b.displayName())).append("</code>"));
        if (!report.candidates().isEmpty()) {
            html.append(report.candidates().size() == 1 ? ", candidate " : ", candidates ").append(report.candidates()
                    .stream().map(c -> "<code>" + esc(c.displayName()) + "</code>").collect(Collectors.joining(", ")));
        }
        report.commits().stream().filter(Commit::isWorkingTree).forEach(w -> html.append("<br><code>")
                .append(esc(w.displayName())).append("</code> is the working tree with its uncommitted changes, as it was")
                .append(" when the run started (tree <code>").append(esc(w.tree())).append("</code>; <code>git show ")
                .append(esc(w.shortSha())).append("</code> shows the changes)."));
        html.append("</p>\n<p class=\"legend\">Charts: small dots are samples, large dots round values, the box the")
                .append(" samples' quartiles; on the right the change with its confidence interval, against the shaded")
                .append(" ±threshold band.</p>\n</header>\n");
    }

    private static void summaryTable(StringBuilder html, CombinedReport report) {
        if (report.comparisons().isEmpty()) {
            return;
        }
        html.append("<div class=\"scroll\"><table class=\"summary\">\n<thead><tr><th>metric</th><th>candidate</th>")
                .append("<th class=\"num\">baseline</th><th class=\"num\">candidate</th><th class=\"num\">change</th>")
                .append("<th class=\"num\">interval (confidence)</th><th>verdict</th><th>gate</th>")
                .append("<th class=\"num\">CV base / cand</th>")
                .append("<th class=\"num\">rounds</th></tr></thead>\n<tbody>\n");
        for (var point : MarkdownReportWriterPoints.of(report)) {
            if (point.comparisons().isEmpty()) {
                continue;
            }
            html.append("<tr class=\"group\"><th colspan=\"10\">").append(esc(point.label()))
                    .append("</th></tr>\n");
            for (Comparison c : point.comparisons()) {
                var scale = MarkdownReportWriterFormat.scale(c.unit(), c.baselineValue());
                var values = MarkdownReportWriterFormat.formatTogether(scale, List.of(c.baselineValue(), c.candidateValue()));
                html.append("<tr><td><code>").append(esc(c.metric()))
                        .append("</code></td><td><code>").append(esc(c.candidate().displayName())).append("</code></td>")
                        .append("<td class=\"num\">").append(esc(values.get(0))).append("</td>")
                        .append("<td class=\"num\">").append(esc(values.get(1))).append("</td>")
                        .append("<td class=\"num ").append(word(c.verdict())).append("-text\"><b>")
                        .append(esc(percent(c.changePercent(), c.thresholdPercent()))).append("</b></td>")
                        .append("<td class=\"num\">").append(esc(interval(c))).append("</td>")
                        .append("<td>").append(badge(c)).append("</td>")
                        .append("<td>").append(gateBadge(c)).append("</td>")
                        .append("<td class=\"num\">").append(esc(cv(c.baselineCv()))).append(" / ")
                        .append(esc(cv(c.candidateCv()))).append("</td>")
                        .append("<td class=\"num\">").append(c.baselineRounds()).append(" / ").append(c.candidateRounds())
                        .append("</td></tr>\n");
            }
        }
        html.append("</tbody>\n</table></div>\n");
        var warnings = report.comparisons().stream()
                .filter(c -> c.gate() == Gate.INCONCLUSIVE && c.thresholdBelowResolution()).toList();
        if (!warnings.isEmpty()) {
            html.append("<ul class=\"warnings\">\n");
            warnings.forEach(c -> html.append("<li>⚠ ").append(esc(c.point())).append(": ")
                    .append(esc(resolutionWarning(c))).append("</li>\n"));
            html.append("</ul>\n");
        }
    }

    private static void failures(StringBuilder html, List<RunFailure> failures, String heading) {
        if (failures.isEmpty()) {
            return;
        }
        html.append("<section class=\"failures\">\n<").append(heading).append(">Failed runs</").append(heading)
                .append(">\n<table>\n<thead><tr><th>commit</th>")
                .append("<th>point</th><th class=\"num\">round</th><th>what went wrong</th><th>run directory</th></tr></thead>\n<tbody>\n");
        for (RunFailure f : failures) {
            html.append("<tr><td><code>").append(esc(f.commit().displayName())).append("</code></td><td>")
                    .append(esc(f.point())).append("</td><td class=\"num\">").append(f.round()).append("</td><td>")
                    .append(esc(MarkdownReportWriter.firstLine(f.message()))).append("</td><td><code>")
                    .append(esc(f.runDirectory())).append("</code></td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    static String badge(Comparison c) {
        return "<span class=\"badge " + word(c.verdict()) + "\">" + esc(MarkdownReportWriterFormat.verdictText(c))
                + "</span>";
    }

    /** The gate's answer as a badge coloured like the verdict it agrees with. */
    static String gateBadge(Comparison c) {
        String colour = switch (c.gate()) {
            case PASS -> "unchanged";
            case FAIL -> "regressed";
            case INCONCLUSIVE -> c.probableRegression() ? "regressed" : "inconclusive";
        };
        return "<span class=\"badge " + colour + "\">gate: " + esc(MarkdownReportWriterFormat.gateText(c)) + "</span>";
    }

    private static String headlineClass(MarkdownReportWriterFormat.Headline headline) {
        return switch (headline) {
            case REGRESSION_FOUND, RUNS_FAILED, MISSING_METRICS, PROBABLE_REGRESSION -> "regressed";
            case INCONCLUSIVE -> "inconclusive";
            case NO_REGRESSION -> "improved";
            case NOTHING_COMPARED -> "unchanged";
        };
    }

    /** Text escaped for HTML content and quoted attribute values. */
    static String esc(String text) {
        int first = 0;
        while (first < text.length() && "&<>\"'".indexOf(text.charAt(first)) < 0) {
            first++;
        }
        if (first == text.length()) {
            return text; // most text has nothing to escape: no copy
        }
        var out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
