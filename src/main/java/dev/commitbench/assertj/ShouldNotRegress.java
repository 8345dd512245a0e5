package dev.commitbench.assertj;

import dev.commitbench.Outcome;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code ShouldNotRegress} is used to build the message of a regression: the whole interval of the change lies
 * above +threshold.
 * It is AssertJ's layout around the {@link Outcome#message() outcome's message}, which the JUnit extension and
 * the command line show too.
 */
final class ShouldNotRegress extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldNotRegress(Outcome outcome) {
        return new ShouldNotRegress(outcome);
    }

    private ShouldNotRegress(Outcome outcome) {
        super("%nExpecting no candidate to be worse than the baseline by more than the threshold but "
                + "found:%n%s",
                unquotedString(outcome.message()));
    }
}
