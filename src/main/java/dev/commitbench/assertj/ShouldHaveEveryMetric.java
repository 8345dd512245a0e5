package dev.commitbench.assertj;

import dev.commitbench.Outcome;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code ShouldHaveEveryMetric} is used to build the message of a missing metric, which was never compared and
 * cannot show that nothing regressed.
 * It is AssertJ's layout around the {@link Outcome#message() outcome's message}, which the JUnit extension and
 * the command line show too.
 */
final class ShouldHaveEveryMetric extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldHaveEveryMetric(Outcome outcome) {
        return new ShouldHaveEveryMetric(outcome);
    }

    private ShouldHaveEveryMetric(Outcome outcome) {
        super("%nExpecting every candidate's report to have the metrics of the baseline's report "
                + "(and the reverse) at each point but found:%n%s",
                unquotedString(outcome.message()));
    }
}
