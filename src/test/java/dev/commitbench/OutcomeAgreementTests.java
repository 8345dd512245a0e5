package dev.commitbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.commitbench.assertj.CommitbenchAssertions;
import dev.commitbench.cli.CommandLineOutcomes;
import dev.commitbench.junit.ExtensionOutcomes;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Verifies that the three front ends agree on every kind of report: the JUnit extension's own verdicts (the
 * exception an invocation ends with), the command line (its exit code and the line it prints) and the
 * assertions ({@code hasNoRegression()}) each map the one {@link Outcome}, in its order of precedence, with its
 * message.
 */
class OutcomeAgreementTests {

    private static final Commit MAIN = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");
    private static final Commit HEAD = new Commit("5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e", "HEAD");
    private static final String LATENCY = "decode.latency.mean";
    private static final String MEMORY = "load.memory.max_ram";

    /** What a front end did: passed, failed, aborted or erred. */
    enum Seen { PASS, FAIL, ABORT, ERROR }

    private static Comparison comparison(String metric, String config, double change, double lower, double upper) {
        return new Comparison("gpt2", config, metric, "s", MAIN, HEAD, 1.0, 1 + change / 100, change, lower, upper,
                0.95, 5, Verdict.of(lower, upper, 5), 0.01, 0.02, Double.NaN, Double.NaN, (upper - lower) / 2, 3, 3);
    }

    private static Comparison unchanged() {
        return comparison(LATENCY, "batch_size=1", 0.4, -1.2, 2.0);
    }

    private static Comparison improved() {
        return comparison(LATENCY, "batch_size=2", -20, -25, -15);
    }

    private static Comparison notWorse() {
        return comparison(LATENCY, "batch_size=3", -3.6, -13.1, 4.1);
    }

    private static Comparison regressed() {
        return comparison(LATENCY, "batch_size=4", 12, 8.1, 15.9);
    }

    private static Comparison probable() {
        return comparison(LATENCY, "batch_size=5", 7, 1.5, 12.5);
    }

    private static Comparison inconclusive() {
        return comparison(LATENCY, "batch_size=6", 3, -3, 9);
    }

    private static Measurement measurement(String metric) {
        return new Measurement(metric, "s", List.of(1.0), List.of(List.of(1.0)));
    }

    private static final RunFailure FAILURE = new RunFailure(HEAD, "batch_size=4", 2, "/tmp/run/round-2", "exit 1");

    private static CombinedReport report(UnaryOperator<CombinedReport.Builder> extra, Comparison... comparisons) {
        CombinedReport.Builder builder = CombinedReport.builder().commits(List.of(MAIN, HEAD))
                .reportDirectory("/tmp/run")
                .put("gpt2", "batch_size=1", MAIN.sha(), measurement(LATENCY))
                .put("gpt2", "batch_size=1", HEAD.sha(), measurement(LATENCY))
                .comparisons(List.of(comparisons));
        return extra.apply(builder).build();
    }

    private static CombinedReport report(Comparison... comparisons) {
        return report(b -> b, comparisons);
    }

    private static UnaryOperator<CombinedReport.Builder> missingMetric() {
        return b -> b.put("gpt2", "batch_size=1", MAIN.sha(), measurement(MEMORY));
    }

    static Stream<Arguments> reports() {
        return Stream.of(
                Arguments.of("unchanged and improved", report(unchanged(), improved()), Outcome.Kind.PASS, Seen.PASS, 0),
                Arguments.of("a single commit", CombinedReport.builder().commit(MAIN)
                        .put("gpt2", "", MAIN.sha(), measurement(LATENCY)).build(), Outcome.Kind.PASS, Seen.PASS, 0),
                Arguments.of("only the improvement undecided", report(unchanged(), notWorse()), Outcome.Kind.PASS,
                        Seen.PASS, 0),
                Arguments.of("a regression", report(unchanged(), regressed()), Outcome.Kind.REGRESSION, Seen.FAIL, 1),
                Arguments.of("a regression beside a failed run, a missing metric and undecided gates",
                        report(b -> missingMetric().apply(b).failure(FAILURE), inconclusive(), probable(), regressed()),
                        Outcome.Kind.REGRESSION, Seen.FAIL, 1),
                Arguments.of("a failed run", report(b -> b.failure(FAILURE), unchanged()), Outcome.Kind.FAILED_RUNS,
                        Seen.ERROR, 3),
                Arguments.of("a failed run beside a missing metric and a probable regression",
                        report(b -> missingMetric().apply(b).failure(FAILURE), probable()), Outcome.Kind.FAILED_RUNS,
                        Seen.ERROR, 3),
                Arguments.of("a missing metric", report(missingMetric(), unchanged()), Outcome.Kind.MISSING_METRICS,
                        Seen.FAIL, 3),
                Arguments.of("a missing metric beside an inconclusive gate", report(missingMetric(), inconclusive()),
                        Outcome.Kind.MISSING_METRICS, Seen.FAIL, 3),
                Arguments.of("nothing compared", report(), Outcome.Kind.NOTHING_COMPARED, Seen.FAIL, 3),
                Arguments.of("a probable regression", report(unchanged(), probable()),
                        Outcome.Kind.PROBABLE_REGRESSION, Seen.FAIL, 1),
                Arguments.of("a probable regression beside an inconclusive gate", report(inconclusive(), probable()),
                        Outcome.Kind.PROBABLE_REGRESSION, Seen.FAIL, 1),
                Arguments.of("a probable regression under policy abort",
                        report(b -> b.probableRegressionPolicy(InconclusivePolicy.ABORT), probable()),
                        Outcome.Kind.PROBABLE_REGRESSION, Seen.ABORT, 4),
                Arguments.of("a probable regression under policy pass beside an inconclusive gate",
                        report(b -> b.probableRegressionPolicy(InconclusivePolicy.PASS), probable(), inconclusive()),
                        Outcome.Kind.INCONCLUSIVE, Seen.ABORT, 4),
                Arguments.of("a probable regression under policy pass",
                        report(b -> b.probableRegressionPolicy(InconclusivePolicy.PASS), unchanged(), probable()),
                        Outcome.Kind.PASS, Seen.PASS, 0),
                Arguments.of("an inconclusive gate", report(unchanged(), inconclusive()), Outcome.Kind.INCONCLUSIVE,
                        Seen.ABORT, 4),
                Arguments.of("an inconclusive gate under policy fail",
                        report(b -> b.inconclusivePolicy(InconclusivePolicy.FAIL), inconclusive()),
                        Outcome.Kind.INCONCLUSIVE, Seen.FAIL, 1),
                Arguments.of("an inconclusive gate under policy pass",
                        report(b -> b.inconclusivePolicy(InconclusivePolicy.PASS), unchanged(), inconclusive()),
                        Outcome.Kind.PASS, Seen.PASS, 0));
    }

    @ParameterizedTest(name = "{0}: {2}, {3}, exit {4}")
    @MethodSource("reports")
    void the_extension_the_command_line_and_the_assertions_agree(String name, CombinedReport report,
            Outcome.Kind kind, Seen expected, int exitCode) {
        Outcome outcome = Outcome.of(report);
        assertThat(outcome.kind()).isEqualTo(kind);

        Optional<Throwable> extension = ExtensionOutcomes.thrown(report);
        int exit = CommandLineOutcomes.exitCode(report);
        String printed = CommandLineOutcomes.explanation(report);
        Throwable assertion = catchThrowable(() -> CommitbenchAssertions.assertThat(report).hasNoRegression());

        assertThat(seenByTheExtension(extension)).as("the extension").isEqualTo(expected);
        assertThat(seenByTheAssertion(assertion)).as("the assertion").isEqualTo(expected == Seen.ERROR ? Seen.FAIL : expected);
        assertThat(exit).as("the exit code").isEqualTo(exitCode);
        if (expected == Seen.PASS) {
            assertThat(printed).isEqualTo("Exit 0: " + outcome.headline());
            return;
        }
        assertThat(extension).get().extracting(Throwable::getMessage).isEqualTo(outcome.message());
        assertThat(printed).isEqualTo("Exit " + exitCode + ": " + outcome.message());
        assertThat(assertion.getMessage()).endsWith(outcome.message());
    }

    private static Seen seenByTheExtension(Optional<Throwable> thrown) {
        if (thrown.isEmpty()) {
            return Seen.PASS;
        }
        Throwable t = thrown.get();
        if (t instanceof AssertionFailedError) {
            return Seen.FAIL;
        }
        if (t instanceof TestAbortedException) {
            return Seen.ABORT;
        }
        assertThat(t.getClass().getSimpleName()).isEqualTo("BenchmarkRunFailedException");
        return Seen.ERROR;
    }

    private static Seen seenByTheAssertion(Throwable thrown) {
        if (thrown == null) {
            return Seen.PASS;
        }
        if (thrown instanceof TestAbortedException) {
            return Seen.ABORT;
        }
        assertThat(thrown).isInstanceOf(AssertionError.class);
        return Seen.FAIL;
    }
}
