package dev.commitbench.report;

import static dev.commitbench.report.HtmlReportWriter.esc;
import static dev.commitbench.report.MarkdownReportWriterFormat.interval;
import static dev.commitbench.report.MarkdownReportWriterFormat.percent;
import static dev.commitbench.report.MarkdownReportWriterFormat.plainPercent;
import static dev.commitbench.report.MarkdownReportWriterFormat.word;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code HtmlReportWriterChart} is used to draw one metric of one sweep point as an inline SVG chart:
 * one row per commit (baseline first) with the distribution of its samples and round values on the
 * left, and each candidate's change with its confidence interval against the ±threshold band on the
 * right. Also holds the page's CSS. Stateless.
 */
final class HtmlReportWriterChart {

    static final String CSS = """
            :root { --regressed: #c62828; --improved: #2e7d32; --unchanged: #616161; --inconclusive: #b26a00;
                    --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; }
            body { margin: 0; background: #f6f8fa; color: var(--ink);
                   font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            main { max-width: 1160px; margin: 0 auto; padding: 20px 20px 40px; }
            h1 { font-size: 24px; margin: 0 0 8px; }
            h2 { font-size: 18px; margin: 28px 0 10px; }
            h2 .sep, h2 .config { color: var(--muted); font-weight: 500; }
            h3 { font-size: 16px; margin: 22px 0 8px; }
            h3 .sep, h3 .config { color: var(--muted); font-weight: 500; }
            section.group { border-top: 1px solid #d0d7de; margin-top: 24px; }
            code { font: 12.5px ui-monospace, "DejaVu Sans Mono", monospace; }
            .headline { font-size: 15px; padding: 3px 10px; border-radius: 12px; color: #fff; vertical-align: 3px; }
            .headline.regressed { background: var(--regressed); } .headline.improved { background: var(--improved); }
            .headline.inconclusive { background: var(--inconclusive); } .headline.unchanged { background: var(--unchanged); }
            .counts { margin: 6px 0; }
            .pill { display: inline-block; padding: 2px 10px; margin-right: 4px; border-radius: 12px; font-weight: 600;
                    border: 1px solid currentColor; background: #fff; }
            .pill.regressed, .pill.failed { color: var(--regressed); } .pill.improved { color: var(--improved); }
            .pill.unchanged { color: var(--unchanged); } .pill.inconclusive { color: var(--inconclusive); }
            .pill.zero { opacity: .45; font-weight: 400; }
            .settings { color: var(--muted); margin: 6px 0; }
            .legend { color: var(--muted); font-size: 12.5px; margin: 0 0 14px; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
            table.summary { font-size: 13px; }
            th, td { padding: 4px 7px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            th { background: #eef1f4; font-weight: 600; font-size: 12.5px; }
            tr.group th { background: #f6f8fa; font-size: 13.5px; padding-top: 8px; }
            td code { white-space: nowrap; }
            td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
            .badge { display: inline-block; min-width: 84px; text-align: center; padding: 1px 8px; border-radius: 10px;
                     color: #fff; font-size: 12px; font-weight: 600; }
            .badge.regressed { background: var(--regressed); } .badge.improved { background: var(--improved); }
            .badge.unchanged { background: var(--unchanged); } .badge.inconclusive { background: var(--inconclusive); }
            .regressed-text { color: var(--regressed); } .improved-text { color: var(--improved); }
            .unchanged-text { color: var(--unchanged); } .inconclusive-text { color: var(--inconclusive); }
            .warnings { color: var(--inconclusive); padding-left: 18px; }
            figure { margin: 0 0 16px; padding: 10px 12px 4px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
            figcaption { margin-bottom: 4px; }
            figcaption .result { margin-left: 14px; color: var(--muted); }
            svg.chart { display: block; width: 100%; height: auto; }
            svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: var(--ink); }
            footer { margin-top: 28px; color: var(--muted); font-size: 12.5px; }
            """;

    private static final String[] COMMIT_COLORS = {"#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2"};
    private static final int WIDTH = 1010;
    private static final int LABEL_RIGHT = 176;
    private static final int DIST_LEFT = 188;
    private static final int DIST_RIGHT = 600;
    private static final int CHANGE_LEFT = 650;
    private static final int CHANGE_RIGHT = 880;
    private static final int TOP = 30;
    private static final int ROW = 38;
    private static final int BOTTOM = 34;
    private static final int MAX_DOTS = 400;

    private HtmlReportWriterChart() {
    }

    /** Appends one {@code <figure>} holding the metric's caption and its {@code <svg>} chart. */
    static void figure(StringBuilder html, CombinedReport report, MarkdownReportWriterPoints.Point point, String metric) {
        List<Comparison> comparisons = point.comparisons().stream().filter(c -> c.metric().equals(metric)).toList();
        List<Commit> rows = rows(report, point, metric, comparisons);
        html.append("<figure>\n<figcaption><code><b>").append(esc(metric)).append("</b></code>");
        for (Comparison c : comparisons) {
            html.append("<span class=\"result\"><code>").append(esc(c.candidate().displayName())).append("</code> <b class=\"")
                    .append(word(c.verdict())).append("-text\">").append(esc(percent(c.changePercent(), c.thresholdPercent())))
                    .append("</b> ").append(esc(interval(c))).append(' ').append(HtmlReportWriter.badge(c))
                    .append(' ').append(HtmlReportWriter.gateBadge(c)).append("</span>");
        }
        if (comparisons.isEmpty()) {
            html.append("<span class=\"result\">not compared</span>");
        }
        html.append("</figcaption>\n");
        svg(html, report, point, metric, rows, comparisons);
        html.append("</figure>\n");
    }

    private static List<Commit> rows(CombinedReport report, MarkdownReportWriterPoints.Point point, String metric,
            List<Comparison> comparisons) {
        return report.commits().stream()
                .filter(c -> report.measurement(point.model(), point.config(), c.sha(), metric).isPresent()
                        || comparisons.stream().anyMatch(k -> k.candidate().equals(c) || k.baseline().equals(c)))
                .toList();
    }

    private static void svg(StringBuilder html, CombinedReport report, MarkdownReportWriterPoints.Point point, String metric,
            List<Commit> rows, List<Comparison> comparisons) {
        int height = TOP + rows.size() * ROW + BOTTOM;
        String unit = report.unit(metric).orElse("");
        html.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(esc(metric + " per commit")).append("\">\n<title>")
                .append(esc(point.label() + " · " + metric)).append("</title>\n");

        List<Double> all = new ArrayList<>();
        for (Commit c : rows) {
            report.measurement(point.model(), point.config(), c.sha(), metric).ifPresent(m -> {
                m.roundSamples().forEach(all::addAll);
                all.addAll(m.roundValues());
            });
        }
        all.removeIf(v -> !Double.isFinite(v));
        double lo = all.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double hi = all.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double[] domain = padded(lo, hi);
        var scale = MarkdownReportWriterFormat.scale(unit, Math.max(Math.abs(domain[0]), Math.abs(domain[1])));
        var x = new Axis(domain[0], domain[1], DIST_LEFT, DIST_RIGHT);

        int axisY = TOP + rows.size() * ROW;
        for (int i = 1; i < rows.size(); i += 2) {
            html.append("<rect x=\"4\" y=\"").append(TOP + i * ROW).append("\" width=\"").append(WIDTH - 8)
                    .append("\" height=\"").append(ROW).append("\" fill=\"#f6f8fa\"/>\n");
        }
        text(html, DIST_LEFT, 16, "start", "muted", "distribution per commit" + (scale.unit().isEmpty() ? "" : ", " + scale.unit()));
        for (double tick : ticks(domain[0], domain[1], 6)) {
            double tx = x.at(tick);
            line(html, tx, TOP - 4, tx, axisY, "#e6e9ed", 1, "");
            text(html, tx, axisY + 16, "middle", "muted", tickLabel(tick * scale.factor()));
        }
        line(html, DIST_LEFT, axisY, DIST_RIGHT, axisY, "#9aa4ae", 1, "");
        Axis changeX = comparisons.isEmpty() ? null : changeAxis(comparisons);
        if (changeX != null) {
            changeBackground(html, changeX, comparisons.get(0), axisY);
        }

        for (int i = 0; i < rows.size(); i++) {
            Commit commit = rows.get(i);
            double cy = TOP + i * ROW + ROW / 2.0;
            String color = COMMIT_COLORS[report.commits().indexOf(commit) % COMMIT_COLORS.length];
            boolean baseline = report.baseline().filter(commit::equals).isPresent();
            text(html, LABEL_RIGHT, baseline ? cy - 2 : cy + 4, "end", "", truncate(commit.displayName(), 22));
            if (baseline) {
                text(html, LABEL_RIGHT, cy + 12, "end", "muted", "baseline");
            }
            report.measurement(point.model(), point.config(), commit.sha(), metric)
                    .ifPresent(m -> distribution(html, m, x, cy, color, scale));
            comparisons.stream().filter(c -> c.candidate().equals(commit)).findFirst()
                    .ifPresent(c -> change(html, c, changeX, cy));
        }
        html.append("</svg>\n");
    }

    private static void distribution(StringBuilder html, Measurement m, Axis x, double cy, String color,
            MarkdownReportWriterFormat.Scale scale) {
        List<Double> samples = new ArrayList<>();
        m.roundSamples().forEach(samples::addAll);
        samples.removeIf(v -> !Double.isFinite(v));
        boolean perIteration = m.roundSamples().stream().anyMatch(s -> s.size() > 1);
        if (samples.size() >= 2) {
            List<Double> sorted = samples.stream().sorted().toList();
            double q1 = x.at(quantile(sorted, 0.25));
            double q3 = x.at(quantile(sorted, 0.75));
            double median = x.at(quantile(sorted, 0.5));
            line(html, x.at(sorted.get(0)), cy, x.at(sorted.get(sorted.size() - 1)), cy, color, 1.2, "");
            html.append("<rect x=\"").append(tenths(q1)).append("\" y=\"").append(tenths(cy - 11)).append("\" width=\"")
                    .append(tenths(Math.max(q3 - q1, 1))).append("\" height=\"22\" rx=\"3\" fill=\"").append(color)
                    .append("\" fill-opacity=\"0.16\" stroke=\"").append(color).append("\" stroke-width=\"1.2\"/>\n");
            line(html, median, cy - 11, median, cy + 11, color, 2.4, "");
        }
        if (perIteration) {
            int stride = (samples.size() + MAX_DOTS - 1) / MAX_DOTS;
            for (int i = 0; i < samples.size(); i += stride) {
                double jitter = ((i * 0.6180339887) % 1.0 - 0.5) * 18;
                html.append("<circle cx=\"").append(dec(x.at(samples.get(i)))).append("\" cy=\"").append(dec(cy + jitter))
                        .append("\" r=\"1.8\" fill=\"").append(color).append("\" fill-opacity=\"0.45\"/>");
            }
            html.append('\n');
        }
        for (int r = 0; r < m.roundValues().size(); r++) {
            double v = m.roundValues().get(r);
            if (Double.isFinite(v)) {
                html.append("<circle cx=\"").append(dec(x.at(v))).append("\" cy=\"").append(dec(cy)).append("\" r=\"4.2\" fill=\"")
                        .append(color).append("\" stroke=\"#fff\" stroke-width=\"1.2\"><title>")
                        .append(esc("round " + (r + 1) + ": " + scale.format(v))).append("</title></circle>");
            }
        }
        html.append('\n');
    }

    private static void change(StringBuilder html, Comparison c, Axis x, double cy) {
        String color = "var(--" + word(c.verdict()) + ")";
        if (Double.isFinite(c.lowerPercent()) && Double.isFinite(c.upperPercent())) {
            double a = x.at(c.lowerPercent());
            double b = x.at(c.upperPercent());
            line(html, a, cy, b, cy, color, 3.5, "");
            line(html, a, cy - 7, a, cy + 7, color, 2, "");
            line(html, b, cy - 7, b, cy + 7, color, 2, "");
        }
        if (Double.isFinite(c.changePercent())) {
            html.append("<circle cx=\"").append(tenths(x.at(c.changePercent()))).append("\" cy=\"").append(tenths(cy))
                    .append("\" r=\"5\" fill=\"").append(color).append("\" stroke=\"#fff\" stroke-width=\"1.5\"/>\n");
        }
        html.append("<text x=\"").append(CHANGE_RIGHT + 10).append("\" y=\"").append(tenths(cy - 2))
                .append("\" font-size=\"13\" font-weight=\"700\" style=\"fill:").append(color).append("\">")
                .append(esc(percent(c.changePercent(), c.thresholdPercent()))).append("</text>\n");
        html.append("<text x=\"").append(CHANGE_RIGHT + 10).append("\" y=\"").append(tenths(cy + 12))
                .append("\" font-size=\"11\" style=\"fill:").append(color).append("\">").append(esc(word(c.verdict())))
                .append("</text>\n");
    }

    /** The change panel's background: title, the ±threshold band, zero and threshold lines, ticks. */
    private static void changeBackground(StringBuilder html, Axis x, Comparison first, int axisY) {
        double t = first.thresholdPercent();
        html.append("<rect x=\"").append(tenths(x.at(-t))).append("\" y=\"").append(TOP - 4).append("\" width=\"")
                .append(tenths(x.at(t) - x.at(-t))).append("\" height=\"").append(axisY - TOP + 4)
                .append("\" fill=\"#2e7d32\" fill-opacity=\"0.09\"/>\n");
        line(html, x.at(0), TOP - 4, x.at(0), axisY, "#9aa4ae", 1, "");
        line(html, x.at(-t), TOP - 4, x.at(-t), axisY, "#2e7d32", 1, "4 3");
        line(html, x.at(t), TOP - 4, x.at(t), axisY, "#c62828", 1, "4 3");
        text(html, CHANGE_LEFT, 16, "start", "muted", "change, " + MarkdownReportWriterFormat.confidence(first.confidence())
                + " interval; band ±" + plainPercent(t));
        line(html, CHANGE_LEFT, axisY, CHANGE_RIGHT, axisY, "#9aa4ae", 1, "");
        List<Double> labelled = new ArrayList<>(List.of(-t, 0.0, t));
        for (double tick : ticks(x.min(), x.max(), 5)) {
            if (labelled.stream().allMatch(l -> Math.abs(x.at(l) - x.at(tick)) >= 34)) {
                labelled.add(tick);
            }
        }
        for (double tick : labelled) {
            text(html, x.at(tick), axisY + 16, "middle", "muted", (tick > 0 ? "+" : "") + tickLabel(tick) + "%");
        }
    }

    /** The change axis: at least ±1.6 times the threshold, wide enough for every interval. */
    private static Axis changeAxis(List<Comparison> all) {
        double threshold = all.get(0).thresholdPercent();
        double lo = -threshold * 1.6;
        double hi = threshold * 1.6;
        for (Comparison c : all) {
            for (double v : new double[] {c.lowerPercent(), c.upperPercent(), c.changePercent()}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double[] d = padded(lo, hi);
        return new Axis(d[0], d[1], CHANGE_LEFT, CHANGE_RIGHT);
    }

    /** A linear axis from {@code [min, max]} onto {@code [left, right]} pixels. */
    private record Axis(double min, double max, double left, double right) {
        double at(double v) {
            return left + (v - min) / (max - min) * (right - left);
        }
    }

    private static double[] padded(double lo, double hi) {
        if (hi <= lo) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.05;
            return new double[] {lo - pad, hi + pad};
        }
        double pad = (hi - lo) * 0.06;
        return new double[] {lo - pad, hi + pad};
    }

    /** Round tick values (1, 2 or 5 times a power of ten apart, at most about {@code wanted}) inside {@code [lo, hi]}. */
    static List<Double> ticks(double lo, double hi, int wanted) {
        double raw = (hi - lo) / wanted;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double ratio = raw / power;
        double step = (ratio <= 1 ? 1 : ratio <= 2 ? 2 : ratio <= 5 ? 5 : 10) * power;
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        return ticks;
    }

    static String tickLabel(double v) {
        double magnitude = Math.abs(v);
        if (magnitude >= 1e7 || (magnitude < 1e-3 && magnitude != 0)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return v == 0 ? "0" : DecimalText.stripFractionZeros(DecimalText.significant(v, 6));
    }

    private static double quantile(List<Double> sorted, double q) {
        double pos = q * (sorted.size() - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.size() - 1);
        return sorted.get(i) + (pos - i) * (sorted.get(j) - sorted.get(i));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static void text(StringBuilder html, double x, double y, String anchor, String cssClass, String text) {
        html.append("<text x=\"").append(dec(x)).append("\" y=\"").append(dec(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" font-size=\"").append(cssClass.isEmpty() ? "13" : "11.5").append('"')
                .append(cssClass.isEmpty() ? "" : " style=\"fill:var(--muted)\"").append('>').append(esc(text))
                .append("</text>\n");
    }

    static void line(StringBuilder html, double x1, double y1, double x2, double y2, String color, double width,
            String dash) {
        html.append("<line x1=\"").append(dec(x1)).append("\" y1=\"").append(dec(y1)).append("\" x2=\"").append(dec(x2))
                .append("\" y2=\"").append(dec(y2)).append("\" style=\"stroke:").append(color).append("\" stroke-width=\"")
                .append(width).append('"').append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>\n");
    }

    /**
     * {@code v} with one decimal, exactly as {@code %.1f} writes it ({@link DecimalText#fixed}), {@code -0.0} included:
     * for the few values per chart that were written with {@code String.format}, so that they stay as they were;
     * the thousands of coordinates go through {@link #dec}.
     */
    private static String tenths(double v) {
        return DecimalText.fixed(v, 1, false);
    }

    /**
     * {@code v} with one decimal, as {@code %.1f} writes it except for exact ties (a tenth of a pixel nobody
     * sees); thousands of coordinates go through here, so without a {@code Formatter}.
     */
    static String dec(double v) {
        long tenths = Math.round(v * 10);
        long abs = Math.abs(tenths);
        return (tenths < 0 ? "-" : "") + abs / 10 + "." + abs % 10;
    }

}
