package dev.commitbench.report;

import static dev.commitbench.report.HtmlReportWriter.esc;
import static dev.commitbench.report.HtmlReportWriterChart.dec;
import static dev.commitbench.report.HtmlReportWriterChart.line;
import static dev.commitbench.report.MarkdownReportWriterFormat.interval;
import static dev.commitbench.report.MarkdownReportWriterFormat.percent;
import static dev.commitbench.report.MarkdownReportWriterFormat.word;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Comparison;
import dev.commitbench.bisect.BisectResult;
import dev.commitbench.stats.Direction;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * {@code BisectHtmlWriter} is used to write a bisection's {@code report.html}: one self-contained page
 * (inline CSS and SVG, no script) with the headline, the summary, a chart of the metric along the tested
 * commits in path order (estimate and interval per commit, good's level and good's level worsened by the
 * threshold as lines, the culprit or steps marked in red, a range or drift in orange, skipped commits as
 * crosses), then the tables of the Markdown report. Every text taken from the result is HTML-escaped.
 * Stateless and thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BisectHtmlWriter {

    /** The file name written into the run folder. */
    public static final String FILE_NAME = "report.html";

    private static final int WIDTH = 1010;
    private static final int HEIGHT = 400;
    private static final int LEFT = 86;
    private static final int RIGHT = 990;
    private static final int TOP = 36;
    private static final int BOTTOM = 300;

    /** A writer. */
    public BisectHtmlWriter() {
    }

    /**
     * Renders the bisection as one HTML page.
     *
     * @param result what the bisection found
     * @return the page
     */
    public String render(BisectResult result) {
        BisectReportFormat.Headline headline = BisectReportFormat.headline(result);
        var html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>commitbench bisect: ").append(esc(headline.text)).append("</title>\n<style>\n")
                .append(HtmlReportWriterChart.CSS).append("</style>\n</head>\n<body>\n<main>\n");
        html.append("<header>\n<h1>commitbench bisect <span class=\"headline ").append(headline.cssClass).append("\">")
                .append(esc(headline.text)).append("</span></h1>\n<p class=\"counts\"><b>").append(esc(result.summary()))
                .append("</b></p>\n<p class=\"settings\">").append(esc(BisectReportFormat.settings(result).replace("`", "")))
                .append("</p>\n</header>\n");
        if (!result.estimates().isEmpty()) {
            html.append("<figure>\n<figcaption><code><b>").append(esc(BisectReportFormat.metricTitle(result)))
                    .append("</b></code><span class=\"result\">estimate and ")
                    .append(esc(MarkdownReportWriterFormat.confidence(result.settings().comparison().confidence())))
                    .append(" interval per tested commit, in path order</span></figcaption>\n");
            chart(html, result);
            html.append("</figure>\n");
            estimates(html, result);
        }
        comparisons(html, result);
        if (result.kind() == BisectResult.Kind.NOT_PINNED_DOWN && !result.candidates().isEmpty()) {
            html.append("<h2>Candidates left</h2>\n<table>\n<thead><tr><th>commit</th><th class=\"num\">#</th>")
                    .append("<th class=\"num\">P(first bad)</th></tr></thead>\n<tbody>\n");
            for (BisectResult.Candidate c : result.candidates()) {
                html.append("<tr><td><code>").append(esc(c.commit().displayName())).append("</code></td><td class=\"num\">")
                        .append(c.index()).append("</td><td class=\"num\">")
                        .append(esc(BisectReportFormat.probability(c.probability()))).append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        if (!result.skipped().isEmpty()) {
            html.append("<h2>Skipped commits</h2>\n<p class=\"legend\">These commits could not be measured, so the search")
                    .append(" went around them.</p>\n<table>\n<thead><tr><th>commit</th><th class=\"num\">#</th>")
                    .append("<th>last failure</th></tr></thead>\n<tbody>\n");
            for (BisectResult.Skipped s : result.skipped()) {
                html.append("<tr><td><code>").append(esc(s.commit().displayName())).append("</code></td><td class=\"num\">")
                        .append(s.index()).append("</td><td>").append(esc(MarkdownReportWriter.firstLine(s.reason())))
                        .append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        html.append("<footer>Every engine run, with its samples, is in <code>").append(BisectJsonWriter.FILE_NAME)
                .append("</code>. Written by commitbench.</footer>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    /**
     * Writes {@code report.html} into {@code runDir} (created when missing), replacing an older one.
     *
     * @param runDir the run folder
     * @param result what the bisection found
     * @return the written file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Path write(Path runDir, BisectResult result) {
        return ReportFiles.write(runDir, FILE_NAME, render(result), "the HTML report");
    }

    /** One point on the x axis: a tested commit (with its estimate) or a skipped one (without). */
    private record Column(int index, String label, BisectResult.CommitEstimate estimate, String role) {
    }

    private static void chart(StringBuilder html, BisectResult result) {
        List<Column> columns = new ArrayList<>();
        for (BisectResult.CommitEstimate e : result.estimates()) {
            columns.add(new Column(e.index(), e.commit().displayName(), e, BisectReportFormat.role(result, e.commit(),
                    e.index())));
        }
        for (BisectResult.Skipped s : result.skipped()) {
            if (result.estimates().stream().noneMatch(e -> e.index() == s.index())) {
                columns.add(new Column(s.index(), s.commit().displayName(), null, BisectReportFormat.role(result,
                        s.commit(), s.index())));
            }
        }
        columns.sort(Comparator.comparingInt(Column::index));
        double good = result.estimates().get(0).value();
        boolean higherIsBetter = result.settings().comparison().direction(result.metric()) == Direction.HIGHER_IS_BETTER;
        double threshold = good * (1 + (higherIsBetter ? -1 : 1) * result.thresholdPercent() / 100);
        double lo = Math.min(good, threshold);
        double hi = Math.max(good, threshold);
        for (Column c : columns) {
            if (c.estimate() != null) {
                lo = Math.min(lo, finite(c.estimate().lower(), c.estimate().value()));
                hi = Math.max(hi, finite(c.estimate().upper(), c.estimate().value()));
            }
        }
        double pad = (hi - lo) * 0.08;
        lo -= pad;
        hi += pad;
        var scale = BisectReportFormat.scale(result);
        html.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(esc(result.metric() + " along the tested commits"))
                .append("\">\n<title>").append(esc(BisectReportFormat.metricTitle(result))).append("</title>\n");
        text(html, LEFT, 18, "start", true, result.metric() + (scale.unit().isEmpty() ? "" : ", " + scale.unit()));
        for (double tick : HtmlReportWriterChart.ticks(lo, hi, 6)) {
            double y = y(tick, lo, hi);
            line(html, LEFT, y, RIGHT, y, "#e6e9ed", 1, "");
            text(html, LEFT - 8, y + 4, "end", true, HtmlReportWriterChart.tickLabel(tick * scale.factor()));
        }
        line(html, LEFT, BOTTOM, RIGHT, BOTTOM, "#9aa4ae", 1, "");
        line(html, LEFT, y(good, lo, hi), RIGHT, y(good, lo, hi), "#59636e", 1, "4 3");
        text(html, RIGHT, y(good, lo, hi) - 4, "end", true, "good");
        line(html, LEFT, y(threshold, lo, hi), RIGHT, y(threshold, lo, hi), "#c62828", 1, "4 3");
        text(html, RIGHT, y(threshold, lo, hi) - 4, "end", true, "good " + (higherIsBetter ? "−" : "+") + " "
                + MarkdownReportWriterFormat.plainPercent(result.thresholdPercent()));
        double step = (RIGHT - LEFT) / (double) columns.size();
        int first = -1;
        int last = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).role().equals("◀ range") || columns.get(i).role().equals("◀ drift")) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first >= 0) {
            html.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"#b26a00\""
                    + " fill-opacity=\"0.10\"/>%n", dec(LEFT + first * step), TOP, dec((last - first + 1) * step),
                    BOTTOM - TOP));
            html.append("<text x=\"").append(dec(LEFT + first * step + 4)).append("\" y=\"").append(TOP + 10)
                    .append("\" text-anchor=\"start\" font-size=\"12\" font-weight=\"700\" style=\"fill:#b26a00\">")
                    .append(result.kind() == BisectResult.Kind.DRIFT ? "drift" : "first bad within").append("</text>\n");
        }
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            double x = LEFT + (i + 0.5) * step;
            String color = color(c.role());
            if (c.role().equals("◀ culprit") || c.role().equals("◀ step")) {
                line(html, x - step / 2, TOP, x - step / 2, BOTTOM, "#c62828", 1.5, "6 3");
                text(html, x - step / 2 + 4, TOP + 10, "start", false, c.role().substring(2));
            }
            if (c.estimate() == null) {
                html.append("<text x=\"").append(dec(x)).append("\" y=\"").append(dec(BOTTOM - 6))
                        .append("\" text-anchor=\"middle\" font-size=\"16\" style=\"fill:#b26a00\">×<title>")
                        .append(esc(c.label() + ": skipped, could not be measured")).append("</title></text>\n");
            } else {
                BisectResult.CommitEstimate e = c.estimate();
                double a = y(finite(e.lower(), e.value()), lo, hi);
                double b = y(finite(e.upper(), e.value()), lo, hi);
                line(html, x, a, x, b, color, 2, "");
                line(html, x - 5, a, x + 5, a, color, 1.5, "");
                line(html, x - 5, b, x + 5, b, color, 1.5, "");
                html.append("<circle cx=\"").append(dec(x)).append("\" cy=\"").append(dec(y(e.value(), lo, hi)))
                        .append("\" r=\"4.5\" fill=\"").append(color).append("\" stroke=\"#fff\" stroke-width=\"1.2\"><title>")
                        .append(esc(c.label() + ": " + scale.format(e.value()) + " (" + e.rounds() + (e.rounds() == 1
                                ? " round" : " rounds") + (e.index() == 0 ? "" : ", " + percent(e.changePercent(),
                                        result.thresholdPercent()) + " against good") + ")"))
                        .append("</title></circle>\n");
            }
            html.append("<text transform=\"translate(").append(dec(x + 3)).append(' ').append(BOTTOM + 12)
                    .append(") rotate(-40)\" text-anchor=\"end\" font-size=\"11\"")
                    .append(c.role().isEmpty() ? "" : " font-weight=\"700\"").append('>')
                    .append(esc(truncate(c.label(), 22))).append("</text>\n");
        }
        html.append("</svg>\n");
    }

    private static void estimates(StringBuilder html, BisectResult result) {
        var scale = BisectReportFormat.scale(result);
        double t = result.thresholdPercent();
        html.append("<div class=\"scroll\"><table class=\"summary\">\n<thead><tr><th>commit</th><th class=\"num\">#</th>")
                .append("<th class=\"num\">rounds</th><th class=\"num\">value</th><th class=\"num\">change against good</th>")
                .append("<th class=\"num\">interval</th><th class=\"num\">P(first bad)</th><th></th></tr></thead>\n<tbody>\n");
        for (BisectResult.CommitEstimate e : result.estimates()) {
            String role = BisectReportFormat.role(result, e.commit(), e.index());
            html.append("<tr><td><code>").append(esc(e.commit().displayName())).append("</code></td><td class=\"num\">")
                    .append(e.index()).append("</td><td class=\"num\">").append(e.rounds())
                    .append(e.failures() > 0 ? " (+" + e.failures() + " failed)" : "").append("</td><td class=\"num\">")
                    .append(esc(scale.format(e.value()))).append("</td><td class=\"num\">")
                    .append(e.index() == 0 ? "baseline" : esc(percent(e.changePercent(), t))).append("</td><td class=\"num\">")
                    .append(e.index() == 0 ? "" : esc("[" + percent(e.lowerPercent(), t) + ", " + percent(e.upperPercent(), t)
                            + "]")).append("</td><td class=\"num\">").append(esc(BisectReportFormat.probability(e.probability())))
                    .append("</td><td").append(role.startsWith("◀") ? " class=\"regressed-text\"" : "").append('>')
                    .append(esc(role)).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table></div>\n");
    }

    private static void comparisons(StringBuilder html, BisectResult result) {
        List<Comparison> rows = new ArrayList<>(result.confirmations());
        if (result.endToEnd() != null && !rows.contains(result.endToEnd())) {
            rows.add(result.endToEnd());
        }
        if (rows.isEmpty()) {
            return;
        }
        html.append("<h2>Comparisons</h2>\n<table>\n<thead><tr><th>baseline</th><th>candidate</th>")
                .append("<th class=\"num\">change</th><th class=\"num\">interval</th><th>verdict</th>")
                .append("<th class=\"num\">rounds</th></tr></thead>\n<tbody>\n");
        for (Comparison c : rows) {
            html.append("<tr><td><code>").append(esc(c.baseline().displayName())).append("</code></td><td><code>")
                    .append(esc(c.candidate().displayName())).append("</code></td><td class=\"num ").append(word(c.verdict()))
                    .append("-text\"><b>").append(esc(percent(c.changePercent(), c.thresholdPercent()))).append("</b></td>")
                    .append("<td class=\"num\">").append(esc(interval(c))).append("</td><td>")
                    .append(HtmlReportWriter.badge(c)).append("</td><td class=\"num\">").append(c.baselineRounds())
                    .append(" / ").append(c.candidateRounds()).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static String color(String role) {
        if (role.equals("◀ culprit") || role.equals("◀ step")) {
            return "#c62828";
        }
        if (role.startsWith("◀")) {
            return "#b26a00";
        }
        return role.isEmpty() ? "#4c78a8" : "#59636e";
    }

    private static double y(double v, double lo, double hi) {
        return BOTTOM - (v - lo) / (hi - lo) * (BOTTOM - TOP);
    }

    private static double finite(double v, double fallback) {
        return Double.isFinite(v) ? v : fallback;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static void text(StringBuilder html, double x, double y, String anchor, boolean muted, String text) {
        html.append("<text x=\"").append(dec(x)).append("\" y=\"").append(dec(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" font-size=\"").append(muted ? "11.5" : "12").append('"')
                .append(muted ? " style=\"fill:var(--muted)\"" : " style=\"fill:#c62828\" font-weight=\"700\"").append('>')
                .append(esc(text)).append("</text>\n");
    }
}
