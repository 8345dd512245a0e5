package dev.commitbench.report;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.Gate;
import dev.commitbench.Outcome;
import dev.commitbench.Verdict;
import dev.commitbench.internal.OutcomeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code MarkdownReportWriterFormat} is used to turn numbers into the text both human-readable reports
 * (Markdown and HTML) show: values in a readable unit, signed percentages, intervals and the summary
 * line. Stateless and thread-safe.
 */
final class MarkdownReportWriterFormat {

    /** Significant digits a value starts with; more are added while two different values look equal. */
    private static final int DIGITS = 4;
    private static final int MAX_DIGITS = 10;
    static final String MISSING = "–";

    private MarkdownReportWriterFormat() {
    }

    /**
     * A unit to show values in: {@code factor} converts from the report's unit.
     *
     * @param unit   the unit shown, or {@code ""}
     * @param factor what a value in the report's unit is multiplied by
     */
    record Scale(String unit, double factor) {

        /** {@code value} in this scale with {@code digits} significant digits, and the unit. */
        String format(double value, int digits) {
            String number = number(value * factor, digits);
            return unit.isEmpty() || number.equals(MISSING) ? number : number + " " + unit;
        }

        /** {@code value} in this scale with the default significant digits. */
        String format(double value) {
            return format(value, DIGITS);
        }
    }

    /**
     * The scale that shows values around {@code reference} readably: seconds become ms, µs or ns,
     * MB become GB, kWh become Wh, mWh or µWh. Other units are kept.
     */
    static Scale scale(String unit, double reference) {
        double r = Math.abs(reference);
        if (!Double.isFinite(r) || r == 0) {
            return new Scale(unit, 1);
        }
        return switch (unit) {
            case "s" -> r >= 1 ? new Scale("s", 1) : r >= 1e-3 ? new Scale("ms", 1e3)
                    : r >= 1e-6 ? new Scale("µs", 1e6) : new Scale("ns", 1e9);
            case "MB" -> r >= 1e3 ? new Scale("GB", 1e-3) : new Scale("MB", 1);
            case "kWh" -> r >= 1 ? new Scale("kWh", 1) : r >= 1e-3 ? new Scale("Wh", 1e3)
                    : r >= 1e-6 ? new Scale("mWh", 1e6) : new Scale("µWh", 1e9);
            default -> new Scale(unit, 1);
        };
    }

    /**
     * Formats values that are shown side by side in one scale, with as many significant digits as it
     * takes for values that differ to look different (at least 4, at most 10).
     */
    static List<String> formatTogether(Scale scale, List<Double> values) {
        int digits = DIGITS;
        while (digits < MAX_DIGITS && looksEqualButDiffers(scale, values, digits)) {
            digits++;
        }
        List<String> texts = new ArrayList<>();
        for (double v : values) {
            texts.add(scale.format(v, digits));
        }
        return texts;
    }

    private static boolean looksEqualButDiffers(Scale scale, List<Double> values, int digits) {
        for (int i = 0; i < values.size(); i++) {
            for (int j = i + 1; j < values.size(); j++) {
                double a = values.get(i);
                double b = values.get(j);
                if (Double.compare(a, b) != 0 && scale.format(a, digits).equals(scale.format(b, digits))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code value} with exactly {@code digits} significant digits ({@code 2.500}, {@code 13.90}), in
     * scientific notation when very large or small.
     */
    static String number(double value, int digits) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e7 || magnitude < 1e-3) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
        }
        return DecimalText.significant(value, digits);
    }

    /** A signed percentage, {@code +12.3%}, with 1 decimal (2 when the threshold is below 1%). */
    static String percent(double percent, double thresholdPercent) {
        if (!Double.isFinite(percent)) {
            return MISSING;
        }
        int decimals = thresholdPercent < 1 ? 2 : 1;
        return DecimalText.fixed(percent, decimals, true) + "%";
    }

    /** An unsigned percentage for thresholds and resolvable changes: {@code 5%}, {@code 2.5%}. */
    static String plainPercent(double percent) {
        if (!Double.isFinite(percent)) {
            return MISSING;
        }
        return DecimalText.stripFractionZeros(number(percent, 3)) + "%";
    }

    /** The comparison's interval with its confidence: {@code [+8.1%, +16.5%] (95%)}; an unbounded end is ∞. */
    static String interval(Comparison c) {
        return "[" + bound(c.lowerPercent(), c.thresholdPercent()) + ", "
                + bound(c.upperPercent(), c.thresholdPercent()) + "] (" + confidence(c.confidence()) + ")";
    }

    private static String bound(double percent, double thresholdPercent) {
        return Double.isInfinite(percent) ? (percent > 0 ? "+∞" : "-∞") : percent(percent, thresholdPercent);
    }

    /** The interval's confidence level as a percentage: {@code 95%}. */
    static String confidence(double confidence) {
        return plainPercent(confidence * 100);
    }

    /** The coefficient of variation (a fraction) as a percentage with 1 decimal: {@code 1.2%}. */
    static String cv(double cv) {
        return Double.isFinite(cv) ? DecimalText.fixed(cv * 100, 1, false) + "%" : MISSING;
    }

    /** The verdict as a lower-case word: {@code regressed}. */
    static String word(Verdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT);
    }

    /** The descriptive verdict in words; an inconclusive one whose gate passed says which side is open. */
    static String verdictText(Comparison c) {
        String word = word(c.verdict());
        return c.verdict() == Verdict.INCONCLUSIVE && c.gate() == Gate.PASS ? word + " (improved or unchanged)" : word;
    }

    /** The gate's answer in words: {@code pass}, {@code fail}, {@code undecided} or {@code probable regression}. */
    static String gateText(Comparison c) {
        if (c.probableRegression()) {
            return "probable regression";
        }
        return switch (c.gate()) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case INCONCLUSIVE -> "undecided";
        };
    }

    /** The one-line headline, with the text the reports show. */
    enum Headline {
        REGRESSION_FOUND("Regression found"),
        RUNS_FAILED("Runs failed"),
        MISSING_METRICS("Metrics missing"),
        NOTHING_COMPARED("Nothing compared"),
        PROBABLE_REGRESSION("Probable regression"),
        INCONCLUSIVE("Inconclusive"),
        NO_REGRESSION("No regression");

        final String text;

        Headline(String text) {
            this.text = text;
        }
    }

    /**
     * The report's headline: what {@link Outcome#finding()} says the report shows, in the order every front end
     * decides in (a single commit, with nothing to compare, is "Nothing compared").
     */
    static Headline headline(CombinedReport report) {
        return switch (Outcome.of(report).finding()) {
            case REGRESSION -> Headline.REGRESSION_FOUND;
            case FAILED_RUNS -> Headline.RUNS_FAILED;
            case MISSING_METRICS -> Headline.MISSING_METRICS;
            case NOTHING_COMPARED -> Headline.NOTHING_COMPARED;
            case PROBABLE_REGRESSION -> Headline.PROBABLE_REGRESSION;
            case INCONCLUSIVE -> Headline.INCONCLUSIVE;
            case PASS -> report.comparisons().isEmpty() ? Headline.NOTHING_COMPARED : Headline.NO_REGRESSION;
        };
    }

    /**
     * The counts: {@code 1 regressed, 0 improved, 2 unchanged, 1 inconclusive of 4 comparisons (gate: 2 pass,
     * 1 fail, 1 undecided); 1 failed run}.
     */
    static String counts(CombinedReport report) {
        int total = report.comparisons().size();
        return report.comparisons(Verdict.REGRESSED).size() + " regressed, "
                + report.comparisons(Verdict.IMPROVED).size() + " improved, "
                + report.comparisons(Verdict.UNCHANGED).size() + " unchanged, "
                + report.comparisons(Verdict.INCONCLUSIVE).size() + " inconclusive of "
                + total + (total == 1 ? " comparison" : " comparisons")
                + " (gate: " + gates(report, Gate.PASS) + " pass, " + gates(report, Gate.FAIL) + " fail, "
                + gates(report, Gate.INCONCLUSIVE) + " undecided); "
                + report.failures().size() + (report.failures().size() == 1 ? " failed run" : " failed runs");
    }

    private static long gates(CombinedReport report, Gate gate) {
        return report.comparisons().stream().filter(c -> c.gate() == gate).count();
    }

    /**
     * What a threshold below the resolvable change means, and what to do, with where the noise comes from when it
     * is mostly between processes; only shown where the gate is undecided.
     */
    static String resolutionWarning(Comparison c) {
        return c.metric() + " (" + c.candidate().displayName() + "): the threshold " + plainPercent(c.thresholdPercent())
                + " is below the smallest change these rounds can resolve (" + plainPercent(c.resolvablePercent())
                + "); run more rounds or raise the threshold."
                + (c.noiseIsBetweenProcesses() ? " " + sentence(OutcomeText.processNoise(c)) : "");
    }

    /** {@code text} with its first letter in upper case, to stand as a sentence of its own. */
    private static String sentence(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
