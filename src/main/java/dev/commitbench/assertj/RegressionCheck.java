package dev.commitbench.assertj;

import static dev.commitbench.assertj.ShouldBeConclusive.shouldBeConclusive;
import static dev.commitbench.assertj.ShouldHaveEveryMetric.shouldHaveEveryMetric;
import static dev.commitbench.assertj.ShouldHaveNoFailedRuns.shouldHaveNoFailedRuns;
import static dev.commitbench.assertj.ShouldNotRegress.shouldNotRegress;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.Verdict;
import dev.commitbench.stats.MissingMetric;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.assertj.core.error.ErrorMessageFactory;
import org.opentest4j.TestAbortedException;

/**
 * {@code RegressionCheck} is used by the assertions to decide what a set of comparisons means for a
 * test, in this order: failed runs fail it (never a silent pass); a metric that one commit's report
 * lacks and the other's has fails it (it was never compared); no comparison at all fails it;
 * any {@code REGRESSED} comparison fails it; any {@code INCONCLUSIVE} one follows the report's
 * {@link dev.commitbench.InconclusivePolicy}: ABORT throws {@link TestAbortedException}, FAIL fails,
 * PASS passes.
 */
final class RegressionCheck {

    private static final java.util.Set<String> OWN_CLASSES = java.util.Set.of(RegressionCheck.class.getName(),
            AbstractCombinedReportAssert.class.getName(), CombinedReportAssert.class.getName(),
            MetricAssert.class.getName());

    private RegressionCheck() {
    }

    /**
     * Checks {@code comparisons} of {@code report}.
     *
     * @param missing         the metrics that a commit lacks and the commit it is compared with has
     * @param nothingCompared the message when {@code comparisons} is empty
     * @param fail            raises (or collects) the assertion error a message describes
     * @param render          renders a message with the assertion's description, for an abort
     */
    static void verify(CombinedReport report, List<Comparison> comparisons, List<MissingMetric> missing,
            ErrorMessageFactory nothingCompared, Consumer<ErrorMessageFactory> fail,
            Function<ErrorMessageFactory, String> render) {
        if (!report.failures().isEmpty()) {
            fail.accept(shouldHaveNoFailedRuns(report));
            return;
        }
        if (!missing.isEmpty()) {
            fail.accept(shouldHaveEveryMetric(report, missing));
            return;
        }
        if (comparisons.isEmpty()) {
            fail.accept(nothingCompared);
            return;
        }
        List<Comparison> regressed = with(comparisons, Verdict.REGRESSED);
        if (!regressed.isEmpty()) {
            fail.accept(shouldNotRegress(report, regressed));
            return;
        }
        List<Comparison> inconclusive = with(comparisons, Verdict.INCONCLUSIVE);
        if (inconclusive.isEmpty()) {
            return;
        }
        switch (report.inconclusivePolicy()) {
            case ABORT -> throw trimmed(new TestAbortedException(render.apply(shouldBeConclusive(report, inconclusive))));
            case FAIL -> fail.accept(shouldBeConclusive(report, inconclusive));
            case PASS -> {
                // the report still shows the comparisons as inconclusive
            }
        }
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

    private static List<Comparison> with(List<Comparison> comparisons, Verdict verdict) {
        return comparisons.stream().filter(c -> c.verdict() == verdict).toList();
    }
}
