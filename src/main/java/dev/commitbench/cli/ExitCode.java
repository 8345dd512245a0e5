package dev.commitbench.cli;

import dev.commitbench.CombinedReport;
import dev.commitbench.Outcome;

/**
 * {@code ExitCode} is used to tell a CI what happened, in one number. benchmark.py exits 0 even when
 * optimum-benchmark failed; commitbench never does.
 *
 * <p>What a finished run means is decided by {@link Outcome} (the same decision the JUnit extension and the
 * assertions make); this class only maps its effect: a pass exits 0, a failure 1 (a regression, or a probable
 * one under its default policy) or 3 (a metric one commit's report lacks, or nothing compared: the results
 * are incomplete), an error 3 (failed runs), an abort 4 (an inconclusive gate under its default policy).
 * A run interrupted with Ctrl-C exits 130 whatever it measured.
 */
enum ExitCode {
    /** No gate failed and none is left undecided under a policy that stops the run. */
    OK(0),
    /** A gate failed (a regression beyond the threshold), or a probable regression under policy fail. */
    REGRESSION(1),
    /** The command line was wrong (a flag, a commit, a config folder, a Hydra override optimum-benchmark rejected). */
    USAGE(2),
    /**
     * A run or the upload failed, optimum-benchmark is missing, a run's report lacks a metric that the commit it
     * is compared with has (so it was never compared), or nothing could be compared: the results are incomplete.
     */
    FAILURE(3),
    /** A gate stayed inconclusive within the rounds allowed (under policy abort, the default). */
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

    /** The exit code an outcome calls for. */
    static ExitCode of(Outcome outcome) {
        return switch (outcome.effect()) {
            case PASS -> OK;
            case ABORT -> INCONCLUSIVE;
            case ERROR -> FAILURE;
            case FAIL -> outcome.kind() == Outcome.Kind.MISSING_METRICS || outcome.kind() == Outcome.Kind.NOTHING_COMPARED
                    ? FAILURE : REGRESSION;
        };
    }

    /** The exit code a finished run's report calls for. */
    static ExitCode of(CombinedReport report) {
        return of(Outcome.of(report));
    }

    /** Why the command exits with this code: {@code Exit N: } and the outcome's message (its headline for a pass). */
    static String explain(Outcome outcome) {
        return "Exit " + of(outcome).code() + ": "
                + (outcome.effect() == Outcome.Effect.PASS ? outcome.headline() : outcome.message());
    }

    /** Why the command exits with the code a finished run's report calls for. */
    static String explain(CombinedReport report) {
        return explain(Outcome.of(report));
    }
}
