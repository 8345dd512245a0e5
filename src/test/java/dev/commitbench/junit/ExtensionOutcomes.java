package dev.commitbench.junit;

import dev.commitbench.CombinedReport;
import java.util.Optional;

/**
 * {@code ExtensionOutcomes} is used by tests outside this package to see what the extension's own verdicts make
 * of a point's report (a method that takes no {@code CombinedReport}): the exception it throws, if any. Test code
 * only.
 */
public final class ExtensionOutcomes {

    private ExtensionOutcomes() {
    }

    /** The exception the extension throws for {@code report}, or empty when the invocation passes. */
    public static Optional<Throwable> thrown(CombinedReport report) {
        try {
            OutcomeExceptions.apply(report);
            return Optional.empty();
        } catch (RuntimeException | AssertionError e) {
            return Optional.of(e);
        }
    }
}
