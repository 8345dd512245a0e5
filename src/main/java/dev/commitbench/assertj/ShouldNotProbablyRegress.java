package dev.commitbench.assertj;

import dev.commitbench.Outcome;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code ShouldNotProbablyRegress} is used to build the message of a probable regression: the gate is undecided
 * after the last round, with the estimate beyond +threshold and the whole interval above 0.
 * It is AssertJ's layout around the {@link Outcome#message() outcome's message}, which the JUnit extension and
 * the command line show too.
 */
final class ShouldNotProbablyRegress extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldNotProbablyRegress(Outcome outcome) {
        return new ShouldNotProbablyRegress(outcome);
    }

    private ShouldNotProbablyRegress(Outcome outcome) {
        super("%nExpecting no candidate to be slower than the baseline by more than the threshold "
                + "but found:%n%s",
                unquotedString(outcome.message()));
    }
}
