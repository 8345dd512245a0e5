package dev.commitbench.assertj;

import static dev.commitbench.assertj.ShouldBeConclusive.shouldBeConclusive;
import static dev.commitbench.assertj.ShouldHaveComparedMetric.shouldHaveComparedMetric;
import static dev.commitbench.assertj.ShouldHaveComparisons.shouldHaveComparisons;
import static dev.commitbench.assertj.ShouldHaveEveryMetric.shouldHaveEveryMetric;
import static dev.commitbench.assertj.ShouldHaveNoFailedRuns.shouldHaveNoFailedRuns;
import static dev.commitbench.assertj.ShouldNotProbablyRegress.shouldNotProbablyRegress;
import static dev.commitbench.assertj.ShouldNotRegress.shouldNotRegress;

import dev.commitbench.Outcome;
import java.util.function.Consumer;
import java.util.function.Function;
import org.assertj.core.error.ErrorMessageFactory;
import org.opentest4j.TestAbortedException;

/**
 * {@code RegressionCheck} is used by the assertions to map an {@link Outcome} (which decides what a report
 * means, the same way for the JUnit extension and the command line) to AssertJ: a pass returns, a failure or
 * an error raises (or, in soft assertions, collects) an assertion error whose message comes from the
 * {@code Should…} factory of the outcome's kind, an abort throws {@link TestAbortedException} with that message.
 */
final class RegressionCheck {

    private static final java.util.Set<String> OWN_CLASSES = java.util.Set.of(RegressionCheck.class.getName(),
            AbstractCombinedReportAssert.class.getName(), CombinedReportAssert.class.getName(),
            MetricAssert.class.getName());

    private RegressionCheck() {
    }

    /**
     * Checks {@code outcome}.
     *
     * @param fail   raises (or collects) the assertion error a message describes
     * @param render renders a message with the assertion's description, for an abort
     */
    static void verify(Outcome outcome, Consumer<ErrorMessageFactory> fail, Function<ErrorMessageFactory, String> render) {
        switch (outcome.effect()) {
            case PASS -> { }
            case ABORT -> throw trimmed(new TestAbortedException(render.apply(message(outcome))));
            case FAIL, ERROR -> fail.accept(message(outcome));
        }
    }

    /** The {@code Should…} message of the outcome's kind. */
    static ErrorMessageFactory message(Outcome outcome) {
        return switch (outcome.kind()) {
            case REGRESSION -> shouldNotRegress(outcome);
            case FAILED_RUNS -> shouldHaveNoFailedRuns(outcome);
            case MISSING_METRICS -> shouldHaveEveryMetric(outcome);
            case NOTHING_COMPARED -> outcome.metric().isPresent() ? shouldHaveComparedMetric(outcome)
                    : shouldHaveComparisons(outcome);
            case PROBABLE_REGRESSION -> shouldNotProbablyRegress(outcome);
            case INCONCLUSIVE, PASS -> shouldBeConclusive(outcome);
        };
    }

    /**
     * {@code error} without the frames of our assertion classes, so that its stack trace (and the line
     * soft assertions show) starts at the caller's assertion, as AssertJ does for its own frames.
     */
    static <T extends Throwable> T trimmed(T error) {
        StackTraceElement[] frames = error.getStackTrace();
        error.setStackTrace(java.util.Arrays.stream(frames).filter(f -> !OWN_CLASSES.contains(f.getClassName()))
                .toArray(StackTraceElement[]::new));
        return error;
    }
}
