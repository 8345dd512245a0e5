package dev.commitbench.assertj;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.RunFailure;
import dev.commitbench.stats.MissingMetric;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code Tables} is used to render comparisons and failed runs as the small, aligned text tables that
 * the failure messages show. Stateless.
 */
final class Tables {

    private Tables() {
    }

    /** One row per comparison: metric, point, baseline and value, candidate and value, change, interval, threshold, verdict. */
    static String comparisons(List<Comparison> comparisons) {
        List<String[]> rows = new ArrayList<>();
        String confidence = comparisons.isEmpty() ? "95" : number(comparisons.get(0).confidence() * 100);
        rows.add(new String[] {"metric", "point", "baseline", "value", "candidate", "value", "change",
            confidence + "% interval", "threshold", "verdict"});
        for (Comparison c : comparisons) {
            rows.add(new String[] {c.metric(), c.point(), c.baseline().displayName(), value(c.baselineValue(), c.unit()),
                c.candidate().displayName(), value(c.candidateValue(), c.unit()), signed(c.changePercent()),
                "[" + signed(c.lowerPercent()) + ", " + signed(c.upperPercent()) + "]",
                number(c.thresholdPercent()) + "%", c.verdict().name()});
        }
        return align(rows);
    }

    /** One line per comparison whose threshold is below what its rounds can resolve; empty when none. */
    static String resolutionNotes(List<Comparison> comparisons) {
        StringBuilder notes = new StringBuilder();
        for (Comparison c : comparisons) {
            if (c.thresholdBelowResolution()) {
                notes.append(String.format(Locale.ROOT, "%nNote: %s (%s, %s): the threshold %s%% is below the smallest"
                        + " change %d+%d rounds can resolve (±%s%%; round-to-round CV %s and %s).",
                        c.metric(), c.point(), c.candidate().displayName(), number(c.thresholdPercent()),
                        c.baselineRounds(), c.candidateRounds(), number(c.resolvablePercent()), cv(c.baselineCv()),
                        cv(c.candidateCv())));
            }
        }
        return notes.toString();
    }

    /** One row per failed run: commit, point, round, run directory, message. */
    static String failures(List<RunFailure> failures) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"commit", "point", "round", "run directory", "message"});
        for (RunFailure f : failures) {
            rows.add(new String[] {f.commit().displayName(), f.point().isEmpty() ? "-" : f.point(),
                String.valueOf(f.round()), f.runDirectory().isEmpty() ? "-" : f.runDirectory(),
                f.message().strip().replace("\n", " | ")});
        }
        return align(rows);
    }

    /** One row per missing metric: metric, point, the commit lacking it, whose report lacks it and who has it. */
    static String missing(List<MissingMetric> missing) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "point", "missing for", "problem"});
        for (MissingMetric m : missing) {
            rows.add(new String[] {m.metric(), m.point(), m.lackingIt().displayName(), m.baselineLacksIt()
                    ? "the baseline's report lacks it (candidate " + m.havingIt().displayName() + " has it)"
                    : "the candidate's report lacks it (baseline " + m.havingIt().displayName() + " has it)"});
        }
        return align(rows);
    }

    /** Where the full report is, or that it was not written. */
    static String reportLocation(CombinedReport report) {
        return report.reportDirectory().map(d -> d + " (report.md, report.html, summary.json)")
                .orElse("not written to disk (no report directory)");
    }

    private static String align(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]).append(" ".repeat(i == row.length - 1 ? 0 : widths[i] - row[i].length() + 2));
            }
            if (out.length() > 0) {
                out.append(System.lineSeparator());
            }
            out.append(line.toString().stripTrailing());
        }
        return out.toString();
    }

    private static String value(double v, String unit) {
        String n = Double.isFinite(v) && v != 0
                ? new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString()
                : String.valueOf(v == 0 ? 0 : v);
        return unit.isEmpty() ? n : n + " " + unit;
    }

    private static String signed(double percent) {
        return String.format(Locale.ROOT, "%+.1f%%", percent);
    }

    static String number(double v) {
        return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String cv(double cv) {
        return Double.isNaN(cv) ? "unknown" : number(cv * 100) + "%";
    }
}
