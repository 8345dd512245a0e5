package dev.commitbench.assertj;

import dev.commitbench.Outcome;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code ShouldHaveNoFailedRuns} is used to build the message of failed runs, so the report cannot show that
 * nothing regressed.
 * It is AssertJ's layout around the {@link Outcome#message() outcome's message}, which the JUnit extension and
 * the command line show too.
 */
final class ShouldHaveNoFailedRuns extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldHaveNoFailedRuns(Outcome outcome) {
        return new ShouldHaveNoFailedRuns(outcome);
    }

    private ShouldHaveNoFailedRuns(Outcome outcome) {
        super("%nExpecting every benchmark run to succeed but found:%n%s",
                unquotedString(outcome.message()));
    }
}
