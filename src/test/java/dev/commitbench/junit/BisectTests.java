package dev.commitbench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.commitbench.testing.BisectHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Verifies {@code @BenchmarkAcrossCommits(bisect = true)} through the Jupiter engine: a nightly range whose end
 * regressed fails with the culprit's full and short SHA, subject and author; one that did not passes; and every
 * misuse fails the container before any git work.
 */
class BisectTests {

    private static final double MEAN = 0.010;

    @TempDir
    Path temp;

    private BenchmarkTestKit kit(BisectHistory history) {
        return new BenchmarkTestKit(temp).set("commitbench.repository", history.repository().toString())
                .set("commitbench.configName", "tiny")
                .set("commitbench.env", "FAKE_OB_COUNTER_FILE=" + temp.resolve("fake-counter"));
    }

    @Test
    void a_regressed_range_fails_naming_the_culprit_with_its_sha_subject_and_author() throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 17,
                i -> BisectHistory.fakeSettings(i >= 9 ? MEAN * 1.10 : MEAN, 900 + i));
        String culprit = history.sha(9);

        var results = kit(history).execute(BisectTestCases.Nightly.class);

        results.testEvents().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                instanceOf(AssertionFailedError.class),
                message(m -> m.startsWith("Bisection of decode.latency.mean from main~16@" + history.sha(0).substring(0, 7)
                        + " to main@" + history.sha(16).substring(0, 7) + ": main~7@" + culprit.substring(0, 7)
                        + " is the first bad commit (P ")
                        && m.contains("First bad commit: " + culprit + " (main~7@" + culprit.substring(0, 7)
                                + ") \"change 9\" by Author 9 <author-9@example.com>, ")))));
        Path methodFolder = methodFolder(BisectTestCases.Nightly.class);
        assertThat(methodFolder.resolve("bisect.json")).content().contains("\"culprit\" : \"" + culprit + "\"");
        assertThat(methodFolder.resolve("report.html")).isRegularFile();
        assertThat(methodFolder.resolve("summaries.json")).isRegularFile();
    }

    @Test
    void a_regressed_range_not_pinned_down_within_the_budget_fails_naming_the_candidates_left() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 17,
                i -> BisectHistory.fakeSettings(i >= 9 ? MEAN * 1.20 : MEAN, 910 + i));

        var results = kit(history).set(BisectMethod.MAX_RUNS_PROPERTY_NAME, "8").execute(BisectTestCases.Nightly.class);

        results.testEvents().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(m -> m.contains(": Not pinned down within the budget of 8"
                        + " engine runs: the first bad commit is one of ") && m.contains("Bad (main@"
                        + history.sha(16).substring(0, 7) + ") is +")))));
    }

    @Test
    void an_undecided_range_not_pinned_down_within_the_budget_aborts() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 5, i -> String.format(java.util.Locale.ROOT,
                "FAKE_OB_MEAN=%.6f%nFAKE_OB_CV=0.3%nFAKE_OB_PROCESS_CV=0.1%nFAKE_OB_ITERATIONS=5%nFAKE_OB_SEED=%d%n",
                i >= 2 ? MEAN * 1.05 : MEAN, 990 + i));

        var results = kit(history).set(BisectMethod.MAX_RUNS_PROPERTY_NAME, "6")
                .execute(BisectTestCases.ShortRange.class);

        results.testEvents().assertThatEvents().haveExactly(1, event(test(), abortedWithReason(
                instanceOf(TestAbortedException.class), message(m -> m.contains("Not pinned down within the budget of 6"
                        + " engine runs")))));
    }

    @Test
    void a_range_whose_end_is_not_worse_passes() throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 17, i -> BisectHistory.fakeSettings(MEAN, 950 + i));

        var results = kit(history).execute(BisectTestCases.Nightly.class);

        results.testEvents().assertThatEvents().haveExactly(1, event(test(), finishedSuccessfully()));
        assertThat(methodFolder(BisectTestCases.Nightly.class).resolve("bisect.json")).content()
                .contains("\"kind\" : \"NO_REGRESSION\"");
    }

    @Test
    void good_and_bad_the_same_commit_fails_the_container_before_any_engine_run() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 2, i -> BisectHistory.fakeSettings(MEAN, i));

        var results = kit(history).execute(BisectTestCases.SameCommit.class);

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(), finishedWithFailure(message(
                "The good commit [main] and the bad commit [main] are the same commit (" + history.sha(1).substring(0, 7)
                        + "): there is nothing to bisect. Give as good an older commit, one where the metric was fine,"
                        + " for example main~10."))));
        assertThat(temp.resolve("fake-counter")).doesNotExist();
    }

    static Stream<Arguments> misuses() {
        String prefix = "Configuration error: @BenchmarkAcrossCommits on method ";
        return Stream.of(
                Arguments.of(BisectTestCases.WithoutRange.class, prefix + "[WithoutRange#decoding()] sets bisect = true,"
                        + " which needs one range commits = \"A..B\" (A a good commit, B a later one to check, e.g."
                        + " \"v1.2..main\"), but 'commits' was [main~1, main]."),
                Arguments.of(BisectTestCases.WithReport.class, prefix + "[WithReport#decoding(CombinedReport)] sets"
                        + " bisect = true, so the bisection decides the test and there is no CombinedReport to pass;"
                        + " remove the parameter."),
                Arguments.of(BisectTestCases.TwoMetrics.class, prefix + "[TwoMetrics#decoding()] sets bisect = true,"
                        + " which follows one metric, but 'metrics' was [decode.latency.mean, prefill.latency.mean]; name"
                        + " the one to bisect, e.g. metrics = \"decode.latency.mean\"."),
                Arguments.of(BisectTestCases.TwoPoints.class, prefix + "[TwoPoints#decoding()] sets bisect = true,"
                        + " which bisects one sweep point, but the @Sweep annotations give 2; keep one value per key."));
    }

    @ParameterizedTest
    @MethodSource("misuses")
    void misuse_fails_the_container_with_what_to_change(Class<?> fixture, String expected) {
        // the repository does not exist: a message about anything but the misuse would mean git was touched
        var results = new BenchmarkTestKit(temp).execute(fixture);

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(), finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class), message(expected))));
    }

    private Path methodFolder(Class<?> fixture) throws IOException {
        Path out = temp.resolve("out");
        try (Stream<Path> runs = Files.list(out)) {
            List<Path> all = runs.filter(Files::isDirectory).toList();
            assertThat(all).hasSize(1);
            return all.get(0).resolve(fixture.getName() + ".decoding");
        }
    }
}
