package dev.commitbench.assertj;

import dev.commitbench.Outcome;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code ShouldHaveComparedMetric} is used to build the message of no comparison of it.
 * It is AssertJ's layout around the {@link Outcome#message() outcome's message}, which the JUnit extension and
 * the command line show too.
 */
final class ShouldHaveComparedMetric extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldHaveComparedMetric(Outcome outcome) {
        return new ShouldHaveComparedMetric(outcome);
    }

    private ShouldHaveComparedMetric(Outcome outcome) {
        super("%nExpecting the report to have compared the metric but found:%n%s",
                unquotedString(outcome.message()));
    }
}
