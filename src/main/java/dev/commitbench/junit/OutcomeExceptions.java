package dev.commitbench.junit;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.Outcome;
import dev.commitbench.internal.OutcomeText;
import dev.commitbench.internal.StackTraces;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * {@code OutcomeExceptions} is used to map a point's {@link Outcome} to what JUnit shows: nothing for a pass, an
 * {@link AssertionFailedError} for a failure (a regression, a probable regression under its default policy, a
 * missing metric, nothing compared), a {@link TestAbortedException} for an abort (an inconclusive gate under its
 * default policy; shown as skipped), and a {@link BenchmarkRunFailedException} for an error (failed runs). The
 * decision and the text are the outcome's; this class only chooses the exception. Its stack trace holds no frame of
 * commitbench's nor the JDK's, which only carried the extension's calls ({@link StackTraces}): the user's code has
 * returned when a point's outcome is applied.
 */
final class OutcomeExceptions {

    private OutcomeExceptions() {
    }

    /** Throws what {@code outcome} calls for, with its message; returns for a pass. */
    static void apply(Outcome outcome) {
        switch (outcome.effect()) {
            case PASS -> { }
            case FAIL -> throw StackTraces.withoutCarriers(new AssertionFailedError(outcome.message()));
            case ABORT -> throw StackTraces.withoutCarriers(new TestAbortedException(outcome.message()));
            case ERROR -> throw StackTraces.withoutCarriers(new BenchmarkRunFailedException(outcome.message()));
        }
    }

    /** Applies the outcome of {@code report} as a whole. */
    static void apply(CombinedReport report) {
        apply(Outcome.of(report));
    }

    /** A report entry's value: {@code REGRESSED, gate FAIL: +12.3% [+8.1%, +16.0%] (95%), threshold 5%}. */
    static String describe(Comparison c) {
        return OutcomeText.verdict(c) + ", gate " + OutcomeText.gate(c) + ": " + OutcomeText.signed(c.changePercent())
                + " " + OutcomeText.interval(c) + ", threshold " + OutcomeText.number(c.thresholdPercent()) + "%";
    }
}
