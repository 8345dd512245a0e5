package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.Gate;
import dev.commitbench.MissingMetric;
import dev.commitbench.Outcome;
import dev.commitbench.RunFailure;
import dev.commitbench.Verdict;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * {@code OutcomeText} is the one formatter of what an {@link Outcome} says: the aligned tables of comparisons,
 * missing metrics and failed runs, the notes under them, and the end-of-run summary of undecided gates. The
 * JUnit extension, the command line and the assertions all render with it, so that they say the same thing in
 * the same words. Stateless.
 *
 * <p>Not API: this class is public only so that the API package and the front ends can share it.
 */
@API(status = INTERNAL, since = "0.1")
public final class OutcomeText {

    private OutcomeText() {
    }

    /**
     * One row per comparison: metric, point, baseline and value, candidate and value, change, interval with its
     * confidence, threshold, the descriptive verdict and the gate's answer next to it.
     *
     * @param comparisons the comparisons
     * @return the table, one line per row
     */
    public static String comparisons(List<Comparison> comparisons) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "point", "baseline", "value", "candidate", "value", "change", "interval",
            "threshold", "verdict", "gate"});
        for (Comparison c : comparisons) {
            rows.add(new String[] {c.metric(), c.point().isEmpty() ? "-" : c.point(), c.baseline().displayName(),
                value(c.baselineValue(), c.unit()), c.candidate().displayName(), value(c.candidateValue(), c.unit()),
                signed(c.changePercent()), interval(c), number(c.thresholdPercent()) + "%", verdict(c), gate(c)});
        }
        return align(rows);
    }

    /**
     * The notes under a table of comparisons, one line each, only for comparisons whose gate is inconclusive:
     * how many rounds would settle it, where the threshold is below the smallest change the rounds can
     * resolve, and, there, when most of the noise is between processes. Empty when none applies; otherwise starts
     * with a line separator.
     *
     * @param comparisons the comparisons under the table
     * @return the notes
     */
    public static String notes(List<Comparison> comparisons) {
        StringBuilder notes = new StringBuilder();
        for (Comparison c : comparisons) {
            if (c.gate() != Gate.INCONCLUSIVE) {
                continue;
            }
            String who = c.metric() + " (" + (c.point().isEmpty() ? "" : c.point() + ", ") + c.candidate().displayName()
                    + ")";
            c.roundsToSettle().ifPresent(n -> notes.append(System.lineSeparator()).append("Note: ").append(who)
                    .append(": about ").append(n).append(" rounds per commit would settle it if the change and the noise"
                            + " stay as measured (").append(c.baselineRounds()).append('+').append(c.candidateRounds())
                    .append(" rounds so far)."));
            if (Double.isInfinite(c.resolvablePercent()) || Double.isNaN(c.resolvablePercent())) {
                notes.append(System.lineSeparator()).append("Note: ").append(who).append(": ")
                        .append(c.baselineRounds()).append('+').append(c.candidateRounds()).append(" rounds cannot measure"
                                + " the round-to-round noise (a commit has a single round): run at least 2 rounds per"
                                + " commit (3 by default).");
            } else if (c.thresholdBelowResolution()) {
                notes.append(System.lineSeparator()).append(String.format(Locale.ROOT, "Note: %s: the threshold %s%% is"
                        + " below the smallest change %d+%d rounds can resolve (±%s%%; round-to-round CV %s and %s).",
                        who, number(c.thresholdPercent()), c.baselineRounds(), c.candidateRounds(),
                        number(c.resolvablePercent()), cv(c.baselineCv()), cv(c.candidateCv())));
                if (c.noiseIsBetweenProcesses()) {
                    notes.append(System.lineSeparator()).append("Note: ").append(who).append(": ")
                            .append(processNoise(c));
                }
            }
        }
        return notes.toString();
    }

    /**
     * One row per missing metric: metric, point, the commit lacking it, whose report lacks it and who has it.
     *
     * @param missing the missing metrics
     * @return the table
     */
    public static String missing(List<MissingMetric> missing) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "point", "missing for", "problem"});
        for (MissingMetric m : missing) {
            rows.add(new String[] {m.metric(), m.point().isEmpty() ? "-" : m.point(), m.lackingIt().displayName(),
                m.baselineLacksIt()
                    ? "the baseline's report lacks it (candidate " + m.havingIt().displayName() + " has it)"
                    : "the candidate's report lacks it (baseline " + m.havingIt().displayName() + " has it)"});
        }
        return align(rows);
    }

    /**
     * One row per failed run: commit, point, round, run directory, message (its lines joined by {@code |}).
     *
     * @param failures the failed runs
     * @return the table
     */
    public static String failures(List<RunFailure> failures) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"commit", "point", "round", "run directory", "message"});
        for (RunFailure f : failures) {
            rows.add(new String[] {f.commit().displayName(), f.point().isEmpty() ? "-" : f.point(),
                String.valueOf(f.round()), f.runDirectory().isEmpty() ? "-" : f.runDirectory(),
                f.message().strip().replace("\r", "").replace("\n", " | ")});
        }
        return align(rows);
    }

    /**
     * The block printed once at the end of a test run or a command line: every comparison whose gate stayed
     * inconclusive, probable regressions first, with its interval, its rounds and how many would settle it.
     * Empty when every gate was decided.
     *
     * @param report the run's report
     * @return the block, or {@code ""}
     */
    public static String undecided(CombinedReport report) {
        List<Comparison> probable = report.comparisons().stream().filter(Comparison::probableRegression).toList();
        List<Comparison> open = report.comparisons().stream()
                .filter(c -> c.gate() == Gate.INCONCLUSIVE && !c.probableRegression()).toList();
        if (probable.isEmpty() && open.isEmpty()) {
            return "";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"gate", "metric", "point", "baseline → candidate", "change", "interval", "rounds",
            "would settle it"});
        for (List<Comparison> group : List.of(probable, open)) {
            for (Comparison c : group) {
                rows.add(new String[] {gate(c), c.metric(), c.point().isEmpty() ? "-" : c.point(),
                    c.baseline().displayName() + " → " + c.candidate().displayName(), signed(c.changePercent()),
                    interval(c), c.baselineRounds() + "+" + c.candidateRounds(),
                    c.roundsToSettle().isPresent() ? "about " + c.roundsToSettle().getAsInt() + " rounds per commit"
                            : "-"});
            }
        }
        int count = probable.size() + open.size();
        return "commitbench: " + count + (count == 1 ? " comparison" : " comparisons") + " undecided at the "
                + number(report.thresholdPercent()) + "% threshold (" + probable.size() + " probable "
                + (probable.size() == 1 ? "regression" : "regressions") + ", " + open.size() + " inconclusive):"
                + System.lineSeparator() + align(rows);
    }

    /**
     * Where the full report is, or that it was not written.
     *
     * @param report the report
     * @return its folder with the files' names, or a note that it was not written
     */
    public static String reportLocation(CombinedReport report) {
        return report.reportDirectory().map(d -> d + " (report.md, report.html, summary.json)")
                .orElse("not written to disk (no report directory)");
    }

    /**
     * The descriptive verdict as the tables show it; an inconclusive one whose gate passed says which side is open.
     *
     * @param c the comparison
     * @return the verdict's text
     */
    public static String verdict(Comparison c) {
        if (c.verdict() == Verdict.INCONCLUSIVE && c.gate() == Gate.PASS) {
            return "INCONCLUSIVE (improved or unchanged)";
        }
        return c.verdict().name();
    }

    /**
     * The gate's answer as the tables show it: {@code PASS}, {@code FAIL}, {@code INCONCLUSIVE} or
     * {@code PROBABLE REGRESSION}.
     *
     * @param c the comparison
     * @return the gate's text
     */
    public static String gate(Comparison c) {
        return c.probableRegression() ? "PROBABLE REGRESSION" : c.gate().name();
    }

    /**
     * The interval with its confidence: {@code [+6.1%, +14.5%] (95%)}.
     *
     * @param c the comparison
     * @return the interval's text
     */
    public static String interval(Comparison c) {
        return "[" + signed(c.lowerPercent()) + ", " + signed(c.upperPercent()) + "] (" + number(c.confidence() * 100)
                + "%)";
    }

    /**
     * A signed percentage with one decimal, {@code +12.3%}; an unbounded end is {@code -∞} or {@code +∞}.
     *
     * @param percent the percentage
     * @return its text
     */
    public static String signed(double percent) {
        if (Double.isInfinite(percent)) {
            return percent > 0 ? "+∞" : "-∞";
        }
        return String.format(Locale.ROOT, "%+.1f%%", percent);
    }

    /**
     * A plain number with at most two decimals and no trailing zeros: {@code 5}, {@code 2.5}.
     *
     * @param v the number
     * @return its text
     */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String value(double v, String unit) {
        String n = Double.isFinite(v) && v != 0
                ? new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString()
                : String.valueOf(v == 0 ? 0 : v);
        return unit.isEmpty() ? n : n + " " + unit;
    }

    /**
     * Where most of an undecided comparison's noise is between processes ({@link
     * Comparison#noiseIsBetweenProcesses()}): how much the rounds vary, how much their iterations alone would make
     * them vary, and what helps. Starts in lower case, ends with a period.
     *
     * @param c the comparison
     * @return the sentence
     */
    public static String processNoise(Comparison c) {
        return "most of this noise is between processes: the rounds vary by " + cv(c.baselineCv()) + " and "
                + cv(c.candidateCv()) + " (CV, baseline and candidate), where their iterations alone would make them"
                + " vary by about " + cv(c.baselineIterationCv()) + " and " + cv(c.candidateIterationCv()) + "; the"
                + " processes ran at different speeds (other load on the machine, the CPU's frequency, where memory was"
                + " placed), so more iterations per round will not help: a quieter machine (idle, pinned cores, a fixed"
                + " CPU frequency) or more rounds will.";
    }

    private static String cv(double cv) {
        return Double.isNaN(cv) ? "unknown" : number(cv * 100) + "%";
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
}
