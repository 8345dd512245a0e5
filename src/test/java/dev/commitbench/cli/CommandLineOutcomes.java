package dev.commitbench.cli;

import dev.commitbench.CombinedReport;

/**
 * {@code CommandLineOutcomes} is used by tests outside this package to see what the command line makes of a
 * finished run's report: the exit code and the line it prints. Test code only.
 */
public final class CommandLineOutcomes {

    private CommandLineOutcomes() {
    }

    /** The exit code the command line returns for {@code report}. */
    public static int exitCode(CombinedReport report) {
        return ExitCode.of(report).code();
    }

    /** What the command line prints about it, {@code Exit N: ...}. */
    public static String explanation(CombinedReport report) {
        return ExitCode.explain(report);
    }
}
