package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.internal.OutcomeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code Outcome} is used to decide, in one place, what a {@link CombinedReport} means for a test, an assertion
 * or a CI job: from its failed runs, the metrics one commit lacks, whether anything was compared at all, and
 * the gate of every comparison ({@link Comparison#gate()}). The JUnit extension, the command line and the
 * assertions only map it: its {@link #effect()} to an exception, an exit code or a {@code Should…} message,
 * and its {@link #message()} (written by {@link OutcomeText}) to the text.
 *
 * <p>When several apply, the first in this order decides ({@link Kind}): a {@linkplain Kind#REGRESSION
 * regression}, a finding no missing data can undo; then what makes the results incomplete, most fundamental
 * first: {@linkplain Kind#FAILED_RUNS failed runs}, a {@linkplain Kind#MISSING_METRICS metric one commit lacks},
 * {@linkplain Kind#NOTHING_COMPARED nothing compared}; then the undecided gates, a
 * {@linkplain Kind#PROBABLE_REGRESSION probable regression} before a plain {@linkplain Kind#INCONCLUSIVE
 * inconclusive} one, each following its policy ({@link CombinedReport#probableRegressionPolicy()}, default
 * FAIL; {@link CombinedReport#inconclusivePolicy()}, default ABORT), a policy of PASS letting the next kind
 * decide. The message lists everything that applies, so nothing is hidden behind the kind that decided.
 *
 * <p>A report with a single commit has nothing to compare and passes. Instances are immutable and thread-safe.
 *
 * <p>For example, a check of its own that says what the JUnit extension and the command line would say:
 *
 * <pre><code class='java'>
 * Outcome outcome = Outcome.of(report);
 * if (outcome.effect() != Outcome.Effect.PASS) {
 *     System.err.println(outcome.message());   // the headline, the tables, what to do
 * }
 * </code></pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Outcome {

    /** What decided an outcome, in the order in which kinds take precedence. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Kind {
        /** A gate failed: a candidate is worse than the baseline by more than the threshold. */
        REGRESSION,
        /** A benchmark run produced no report: an error, the results are incomplete. */
        FAILED_RUNS,
        /** A metric one commit's report has and the other's lacks at a point, so it was never compared. */
        MISSING_METRICS,
        /** Several commits, but no metric (or not the one asked for) was compared. */
        NOTHING_COMPARED,
        /** A gate stayed inconclusive with its estimate beyond the threshold and its interval above 0. */
        PROBABLE_REGRESSION,
        /** A gate stayed inconclusive. */
        INCONCLUSIVE,
        /** Every gate passed, or there was nothing to compare (a single commit). */
        PASS
    }

    /** What a front end does with an outcome. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Effect {
        /** The test passes; the command line exits 0. */
        PASS,
        /** The test fails; the command line exits 1 (a regression) or 3 (missing metrics, nothing compared). */
        FAIL,
        /** The test is aborted (skipped); the command line exits 4. */
        ABORT,
        /** The test errs; the command line exits 3. */
        ERROR
    }

    private final CombinedReport report;
    private final String metric;
    private final double thresholdPercent;
    private final List<Comparison> comparisons;
    private final List<Comparison> regressions;
    private final List<Comparison> probable;
    private final List<Comparison> inconclusive;
    private final List<MissingMetric> missing;
    private final Kind kind;
    private final Effect effect;

    private Outcome(CombinedReport report, String metric, double thresholdPercent, List<Comparison> comparisons,
            List<MissingMetric> missing) {
        this.report = report;
        this.metric = metric;
        this.thresholdPercent = thresholdPercent;
        this.comparisons = List.copyOf(comparisons);
        this.regressions = comparisons.stream().filter(c -> c.gate() == Gate.FAIL).toList();
        this.probable = comparisons.stream().filter(Comparison::probableRegression).toList();
        this.inconclusive = comparisons.stream().filter(c -> c.gate() == Gate.INCONCLUSIVE && !c.probableRegression())
                .toList();
        this.missing = List.copyOf(missing);
        if (!regressions.isEmpty()) {
            kind = Kind.REGRESSION;
            effect = Effect.FAIL;
        } else if (!report.failures().isEmpty()) {
            kind = Kind.FAILED_RUNS;
            effect = Effect.ERROR;
        } else if (!missing.isEmpty()) {
            kind = Kind.MISSING_METRICS;
            effect = Effect.FAIL;
        } else if (report.commits().size() > 1 && comparisons.isEmpty()) {
            kind = Kind.NOTHING_COMPARED;
            effect = Effect.FAIL;
        } else if (!probable.isEmpty() && report.probableRegressionPolicy() != InconclusivePolicy.PASS) {
            kind = Kind.PROBABLE_REGRESSION;
            effect = effect(report.probableRegressionPolicy());
        } else if (!inconclusive.isEmpty() && report.inconclusivePolicy() != InconclusivePolicy.PASS) {
            kind = Kind.INCONCLUSIVE;
            effect = effect(report.inconclusivePolicy());
        } else {
            kind = Kind.PASS;
            effect = Effect.PASS;
        }
    }

    /**
     * The outcome of every comparison of {@code report}, each with the threshold it was decided with.
     *
     * @param report the report
     * @return its outcome
     */
    public static Outcome of(CombinedReport report) {
        Objects.requireNonNull(report, "report");
        return new Outcome(report, null, report.thresholdPercent(), report.comparisons(), report.missingMetrics());
    }

    /**
     * The outcome of every comparison of {@code report}, each decided again with {@code thresholdPercent}.
     *
     * @param report the report
     * @param thresholdPercent the threshold, in percent
     * @return its outcome at that threshold
     */
    public static Outcome of(CombinedReport report, double thresholdPercent) {
        Objects.requireNonNull(report, "report");
        return new Outcome(report, null, thresholdPercent,
                report.comparisons().stream().map(c -> c.withThreshold(thresholdPercent)).toList(),
                report.missingMetrics());
    }

    /**
     * The outcome of one metric's comparisons (every point and candidate), each decided again with
     * {@code thresholdPercent}; failed runs count whatever metric they would have measured.
     *
     * @param report the report
     * @param metric the metric path
     * @param thresholdPercent the threshold, in percent
     * @return the outcome of that metric at that threshold
     */
    public static Outcome ofMetric(CombinedReport report, String metric, double thresholdPercent) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(metric, "metric");
        return new Outcome(report, metric, thresholdPercent, report.comparisons().stream()
                .filter(c -> c.metric().equals(metric)).map(c -> c.withThreshold(thresholdPercent)).toList(),
                report.missingMetrics().stream().filter(m -> m.metric().equals(metric)).toList());
    }

    private static Effect effect(InconclusivePolicy policy) {
        return switch (policy) {
            case ABORT -> Effect.ABORT;
            case FAIL -> Effect.FAIL;
            case PASS -> Effect.PASS;
        };
    }

    /** {@return what decided the outcome} */
    public Kind kind() {
        return kind;
    }

    /**
     * What the report shows whatever the policies: the first kind in precedence order that applies, so a
     * probable regression or an inconclusive gate under policy PASS still shows. The reports' headlines use it.
     *
     * @return what the report shows
     */
    public Kind finding() {
        if (kind != Kind.PASS) {
            return kind;
        }
        if (!probable.isEmpty()) {
            return Kind.PROBABLE_REGRESSION;
        }
        return inconclusive.isEmpty() ? Kind.PASS : Kind.INCONCLUSIVE;
    }

    /** {@return what a front end does: pass, fail, abort or err} */
    public Effect effect() {
        return effect;
    }

    /** {@return the report this outcome is of} */
    public CombinedReport report() {
        return report;
    }

    /** {@return the threshold the gates were decided with, in percent} */
    public double thresholdPercent() {
        return thresholdPercent;
    }

    /** {@return the comparisons this outcome is of (one metric's for {@link #ofMetric}), with the outcome's threshold} */
    public List<Comparison> comparisons() {
        return comparisons;
    }

    /** {@return the comparisons whose gate failed} */
    public List<Comparison> regressions() {
        return regressions;
    }

    /** {@return the comparisons whose gate is a probable regression} */
    public List<Comparison> probableRegressions() {
        return probable;
    }

    /** {@return the comparisons whose gate is inconclusive and not a probable regression} */
    public List<Comparison> inconclusive() {
        return inconclusive;
    }

    /** {@return the metrics one commit lacks (one metric's for {@link #ofMetric})} */
    public List<MissingMetric> missingMetrics() {
        return missing;
    }

    /** {@return the metric an {@link #ofMetric} outcome is of; empty for the whole report} */
    public java.util.Optional<String> metric() {
        return java.util.Optional.ofNullable(metric);
    }

    /** {@return one line saying what decided the outcome} */
    public String headline() {
        String t = OutcomeText.number(thresholdPercent) + "%";
        return switch (kind) {
            case REGRESSION -> "Regression: " + count(regressions.size(), "comparison") + " worse than the baseline by"
                    + " more than the " + t + " threshold (the whole interval lies above +" + t + ").";
            case FAILED_RUNS -> "Failed runs: " + count(report.failures().size(), "benchmark run") + " failed, so the"
                    + " results are incomplete and cannot show that nothing regressed.";
            case MISSING_METRICS -> "Missing metric: " + count(missing.size(), "metric") + " found for one commit but"
                    + " not for the commit it is compared with, so never compared.";
            case NOTHING_COMPARED -> metric == null
                    ? "Nothing compared: no metric was measured by both the baseline and a candidate."
                    : "Nothing compared: metric " + metric + " was not compared; the compared metrics are "
                            + report.comparisons().stream().map(Comparison::metric).distinct().toList() + ".";
            case PROBABLE_REGRESSION -> "Probable regression: " + count(probable.size(), "comparison") + " slower than"
                    + " the baseline, probably by more than the " + t + " threshold, but the rounds ran out before that"
                    + " was sure (the estimate lies beyond +" + t + " and the whole interval above 0).";
            case INCONCLUSIVE -> "Inconclusive: " + count(inconclusive.size(), "comparison") + " could not be decided"
                    + " at the " + t + " threshold (the interval contains +" + t + ").";
            case PASS -> report.commits().size() < 2
                    ? "Nothing to compare: " + count(report.commits().size(), "commit") + " benchmarked."
                    : "No regression: every compared interval lies below +" + t + ".";
        };
    }

    /**
     * The full text: the {@link #headline()}, the table of what decided it, every other problem that applies
     * (failed runs, missing metrics, undecided gates), what to do, and where the full report is.
     *
     * @return the full text
     */
    public String message() {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder(headline());
        List<String> sections = new ArrayList<>();
        if (!regressions.isEmpty()) {
            sections.add(section(Kind.REGRESSION, "Regressed:", OutcomeText.comparisons(regressions)));
        }
        if (!report.failures().isEmpty()) {
            sections.add(section(Kind.FAILED_RUNS, "Failed runs:", OutcomeText.failures(report.failures())
                    + nl + "Fix the failing runs (each run directory holds the engine's log) and run again."));
        }
        if (!missing.isEmpty()) {
            sections.add(section(Kind.MISSING_METRICS, "Missing metrics:", OutcomeText.missing(missing) + nl
                    + "Check that every commit's benchmark produces these metrics (the same command, config and"
                    + " scenario), or leave them out of the plan's metrics."));
        }
        if (kind == Kind.NOTHING_COMPARED) {
            sections.add(nothingCompared());
        }
        if (!probable.isEmpty()) {
            sections.add(section(Kind.PROBABLE_REGRESSION, "Probable regressions:",
                    OutcomeText.comparisons(probable) + OutcomeText.notes(probable) + nl + "Run more rounds (raise"
                            + " maxRounds, --max-rounds) to settle it, or set the probable-regression policy to abort"
                            + " or pass."));
        }
        if (!inconclusive.isEmpty()) {
            double widest = widest(inconclusive);
            sections.add(section(Kind.INCONCLUSIVE, "Inconclusive:", OutcomeText.comparisons(inconclusive)
                    + OutcomeText.notes(inconclusive) + nl + "The rounds so far cannot tell a change of the threshold's"
                    + " size from noise: run more rounds (raise maxRounds, --max-rounds)" + (Double.isFinite(widest)
                            ? " or use a threshold above " + OutcomeText.number(widest) + "% (which every interval above"
                                    + " lies below)." : ".")));
        }
        sections.forEach(s -> text.append(nl).append(s));
        if (kind != Kind.PASS || !comparisons.isEmpty()) {
            text.append(nl).append("Full report: ").append(OutcomeText.reportLocation(report));
        }
        return text.toString();
    }

    private String section(Kind section, String title, String body) {
        return section == kind ? body : "Also, " + title.substring(0, 1).toLowerCase(java.util.Locale.ROOT)
                + title.substring(1) + System.lineSeparator() + body;
    }

    private String nothingCompared() {
        if (metric != null) {
            return "Check the path against the plan's metrics and the engine's reports.";
        }
        String commits = report.commits().stream().map(Commit::displayName).toList().toString();
        if (report.metrics().isEmpty()) {
            return "  commits: " + commits + System.lineSeparator() + "No metric was measured: check the plan's"
                    + " metrics against the metric paths the engine's reports contain.";
        }
        return "  commits: " + commits + System.lineSeparator() + "  metrics: " + report.metrics()
                + System.lineSeparator() + "No metric measured by both the baseline and a candidate could be compared:"
                + " check that the reports hold samples of the metrics and that the baseline's value is not 0.";
    }

    private static double widest(List<Comparison> comparisons) {
        return comparisons.stream().mapToDouble(c -> Math.max(Math.abs(c.lowerPercent()), Math.abs(c.upperPercent())))
                .max().orElse(0);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    @Override
    public String toString() {
        return "Outcome[" + kind + ", " + effect + "]";
    }
}
