package dev.commitbench.assertj;

import dev.commitbench.Outcome;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code ShouldHaveComparisons} is used to build the message of nothing compared.
 * It is AssertJ's layout around the {@link Outcome#message() outcome's message}, which the JUnit extension and
 * the command line show too.
 */
final class ShouldHaveComparisons extends BasicErrorMessageFactory {

    static ErrorMessageFactory shouldHaveComparisons(Outcome outcome) {
        return new ShouldHaveComparisons(outcome);
    }

    private ShouldHaveComparisons(Outcome outcome) {
        super("%nExpecting the report to compare at least one metric of a candidate with the "
                + "baseline but found:%n%s",
                unquotedString(outcome.message()));
    }
}
