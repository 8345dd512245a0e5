package dev.commitbench.report;

import static dev.commitbench.report.MarkdownReportWriterFormat.plainPercent;

import dev.commitbench.Commit;
import dev.commitbench.bisect.BisectResult;
import dev.commitbench.bisect.BisectSettings;
import java.util.Locale;

/**
 * {@code BisectReportFormat} is used to turn a bisection's result into the text both of its readable
 * reports show: the headline, the settings line, marks on the culprit's rows, probabilities and the text
 * chart. Stateless and thread-safe.
 */
final class BisectReportFormat {

    private static final int CHART_WIDTH = 48;

    private BisectReportFormat() {
    }

    /** The one-line headline per kind of answer, with its Markdown marker and HTML class. */
    enum Headline {
        CULPRIT("Culprit found", "regressed"),
        TWO_CULPRITS("Two culprits found", "regressed"),
        RANGE("Culprit within a range", "regressed"),
        DRIFT("Gradual drift", "regressed"),
        NO_REGRESSION("No regression", "improved"),
        NOT_PINNED_DOWN("Not pinned down", "inconclusive"),
        FAILED("Bisection failed", "regressed");

        final String text;
        final String cssClass;
        final String marker;

        Headline(String text, String cssClass) {
            this.text = text;
            this.cssClass = cssClass;
            this.marker = cssClass.equals("improved") ? "✅ " : cssClass.equals("inconclusive") ? "⚠️ " : "❌ ";
        }
    }

    static Headline headline(BisectResult result) {
        return switch (result.kind()) {
            case SINGLE_STEP -> Headline.CULPRIT;
            case TWO_STEPS -> Headline.TWO_CULPRITS;
            case RANGE -> Headline.RANGE;
            case DRIFT -> Headline.DRIFT;
            case NO_REGRESSION -> Headline.NO_REGRESSION;
            case NOT_PINNED_DOWN -> Headline.NOT_PINNED_DOWN;
            case FAILED -> Headline.FAILED;
        };
    }

    /** The settings line: metric, point, threshold, ends, runs, stop probability and budget. */
    static String settings(BisectResult result) {
        BisectSettings s = result.settings();
        return "Metric `" + s.metric() + "`" + point(s) + ", threshold " + plainPercent(s.thresholdPercent())
                + " (a positive change is worse). Good `" + result.good().displayName() + "`, bad `"
                + result.bad().displayName() + "`. " + result.engineRuns() + (result.engineRuns() == 1 ? " engine run" : " engine runs")
                + " on " + result.commitsMaterialized() + (result.commitsMaterialized() == 1 ? " commit" : " commits")
                + "; an answer is accepted at P ≥ " + s.stopProbability() + ", within " + s.maxRuns() + " runs.";
    }

    static String metricTitle(BisectResult result) {
        return result.metric() + point(result.settings());
    }

    private static String point(BisectSettings s) {
        if (s.model().isEmpty() && s.config().isEmpty()) {
            return "";
        }
        return " (" + (s.config().isEmpty() ? s.model() : s.model() + " · " + s.config()) + ")";
    }

    /** The scale the tested commits' values are shown in. */
    static MarkdownReportWriterFormat.Scale scale(BisectResult result) {
        double reference = result.estimates().isEmpty() ? 1 : result.estimates().get(0).value();
        return MarkdownReportWriterFormat.scale(result.settings().unit(), reference);
    }

    /** What a tested commit is in the answer: the culprit, a step, in the range, or an end. */
    static String marks(BisectResult result, BisectResult.CommitEstimate e) {
        return role(result, e.commit(), e.index()).isEmpty() ? "" : " " + role(result, e.commit(), e.index());
    }

    static String role(BisectResult result, Commit c, int index) {
        if (c.equals(result.culprit())) {
            return "◀ culprit";
        }
        if (result.steps().contains(c)) {
            return "◀ step";
        }
        if (result.range().contains(c)) {
            return result.kind() == BisectResult.Kind.DRIFT ? "◀ drift" : "◀ range";
        }
        if (index == 0) {
            return "good";
        }
        if (c.equals(result.bad())) {
            return "bad";
        }
        return "";
    }

    /** A probability for a table: {@code 0.973}, {@code > 0.999}, {@code < 0.001}. */
    static String probability(double p) {
        if (!Double.isFinite(p)) {
            return MarkdownReportWriterFormat.MISSING;
        }
        if (p >= 0.9995) {
            return "> 0.999";
        }
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /**
     * A text chart of the tested commits: one row per commit with its interval ({@code ├──┤}) and
     * estimate ({@code ●}) on a common axis, its value, and its role in the answer.
     */
    static String textChart(BisectResult result) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int labelWidth = 0;
        for (BisectResult.CommitEstimate e : result.estimates()) {
            lo = Math.min(lo, finiteOr(e.lower(), e.value()));
            hi = Math.max(hi, finiteOr(e.upper(), e.value()));
            labelWidth = Math.max(labelWidth, e.commit().displayName().length());
        }
        if (!(hi > lo)) {
            hi = lo + Math.max(Math.abs(lo) * 0.01, 1e-12);
        }
        var scale = scale(result);
        var text = new StringBuilder();
        for (BisectResult.CommitEstimate e : result.estimates()) {
            char[] row = new char[CHART_WIDTH];
            java.util.Arrays.fill(row, ' ');
            int a = at(finiteOr(e.lower(), e.value()), lo, hi);
            int b = at(finiteOr(e.upper(), e.value()), lo, hi);
            for (int x = a; x <= b; x++) {
                row[x] = '─';
            }
            if (b > a) {
                row[a] = '├';
                row[b] = '┤';
            }
            row[at(e.value(), lo, hi)] = '●';
            String label = e.commit().displayName();
            text.append(label).append(" ".repeat(labelWidth - label.length())).append(" │").append(row).append("│ ")
                    .append(scale.format(e.value()));
            String role = role(result, e.commit(), e.index());
            if (!role.isEmpty()) {
                text.append("  ").append(role);
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static int at(double v, double lo, double hi) {
        int x = (int) Math.round((v - lo) / (hi - lo) * (CHART_WIDTH - 1));
        return Math.max(0, Math.min(CHART_WIDTH - 1, x));
    }

    private static double finiteOr(double v, double fallback) {
        return Double.isFinite(v) ? v : fallback;
    }
}
