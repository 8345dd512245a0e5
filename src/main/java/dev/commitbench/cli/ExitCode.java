package dev.commitbench.cli;

import dev.commitbench.CombinedReport;
import dev.commitbench.Verdict;
import dev.commitbench.stats.Comparisons;
import dev.commitbench.stats.MissingMetric;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code ExitCode} is used to tell a CI what happened, in one number. benchmark.py exits 0 even when
 * optimum-benchmark failed; commitbench never does.
 *
 * <p>When several apply, a regression wins (it is a finding that holds whatever else failed), then a
 * failed run, then a metric one commit's report lacks, then an inconclusive comparison.
 */
enum ExitCode {
    /** Every run succeeded and no comparison regressed or was inconclusive. */
    OK(0),
    /** At least one comparison regressed by more than the threshold. */
    REGRESSION(1),
    /** The command line was wrong (a flag, a commit, a config folder, a Hydra override optimum-benchmark rejected). */
    USAGE(2),
    /**
     * A run or the upload failed, optimum-benchmark is missing, or a run's report lacks a metric that the
     * commit it is compared with has (so it was never compared): the results are incomplete.
     */
    FAILURE(3),
    /** Some comparison could not decide within the rounds allowed, or nothing could be compared. */
    INCONCLUSIVE(4),
    /** Interrupted (Ctrl-C, SIGINT; 128 + 2, as a shell reports it): one line says what, nothing else is printed. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** The exit code a finished run's report calls for. */
    static ExitCode of(CombinedReport report) {
        if (!report.comparisons(Verdict.REGRESSED).isEmpty()) {
            return REGRESSION;
        }
        if (!report.failures().isEmpty() || !Comparisons.missingMetrics(report).isEmpty()) {
            return FAILURE;
        }
        if (!report.comparisons(Verdict.INCONCLUSIVE).isEmpty()) {
            return INCONCLUSIVE;
        }
        if (!report.candidates().isEmpty() && report.comparisons().isEmpty()) {
            return INCONCLUSIVE;
        }
        return OK;
    }

    /** One line saying why the command exits with this code. */
    static String explain(CombinedReport report) {
        return switch (of(report)) {
            case REGRESSION -> "Exit 1: " + report.comparisons(Verdict.REGRESSED).size()
                    + " comparison(s) regressed by more than " + report.thresholdPercent() + "%.";
            case FAILURE -> report.failures().isEmpty() ? missing(Comparisons.missingMetrics(report))
                    : "Exit 3: " + report.failures().size()
                            + " run(s) failed; the results are incomplete (see the failed runs above).";
            case INCONCLUSIVE -> report.comparisons().isEmpty()
                    ? "Exit 4: nothing could be compared: no metric of --metrics was found in the baseline's and a"
                            + " candidate's reports. Check --metrics against the metric paths the reports hold."
                    : "Exit 4: " + report.comparisons(Verdict.INCONCLUSIVE).size() + " comparison(s) were"
                            + " inconclusive; allow more rounds with --max-rounds or raise --threshold.";
            default -> "Exit 0: no regression.";
        };
    }

    private static String missing(List<MissingMetric> missing) {
        return "Exit 3: " + missing.size() + " metric(s) missing from a run's report, so never compared; the results"
                + " are incomplete: " + missing.stream().map(m -> m.metric() + " at " + m.point() + " is missing for "
                        + m.lackingIt().displayName() + " (" + (m.baselineLacksIt() ? "candidate " : "baseline ")
                        + m.havingIt().displayName() + " has it)").collect(Collectors.joining("; "))
                + ". Check that every commit's benchmark produces these metrics, or leave them out of --metrics.";
    }
}
