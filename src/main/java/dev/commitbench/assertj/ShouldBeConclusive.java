package dev.commitbench.assertj;

import dev.commitbench.Outcome;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code ShouldBeConclusive} is used to build the message of an inconclusive gate: the interval of the change
 * contains +threshold.
 * It is AssertJ's layout around the {@link Outcome#message() outcome's message}, which the JUnit extension and
 * the command line show too.
 */
final class ShouldBeConclusive extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldBeConclusive(Outcome outcome) {
        return new ShouldBeConclusive(outcome);
    }

    private ShouldBeConclusive(Outcome outcome) {
        super("%nExpecting every comparison's gate to be decided but found:%n%s",
                unquotedString(outcome.message()));
    }
}
