package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Measurement;
import dev.commitbench.RunFailure;
import dev.commitbench.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies that a run's report maps to the exit code a CI can trust, and that the reason is printed. */
class ExitCodeTests {

    private static final Commit MAIN = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");
    private static final Commit HEAD = new Commit("5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e", "HEAD");

    private static Comparison comparison(String metric, Verdict verdict) {
        return new Comparison("gpt2", "batch_size=1", metric, "s", MAIN, HEAD, 1.0, 1.2, 20.0, 15.0, 25.0, 0.95, 5.0,
                verdict, 0.01, 0.01, 2.0, 3, 3);
    }

    private static Measurement measurement(String metric) {
        return new Measurement(metric, "s", List.of(1.0), List.of(List.of(1.0)));
    }

    private static CombinedReport report(List<Comparison> comparisons, List<RunFailure> failures) {
        var builder = CombinedReport.builder().commits(List.of(MAIN, HEAD)).comparisons(comparisons);
        failures.forEach(builder::failure);
        return builder.build();
    }

    private static final RunFailure FAILURE = new RunFailure(HEAD, "", 1, "/tmp/run", "exit 1");

    @Test
    void unchanged_and_improved_exit_0() {
        CombinedReport report = report(List.of(comparison("a", Verdict.UNCHANGED), comparison("b", Verdict.IMPROVED)),
                List.of());

        assertThat(ExitCode.of(report)).isEqualTo(ExitCode.OK);
        assertThat(ExitCode.OK.code()).isZero();
        assertThat(ExitCode.explain(report)).isEqualTo("Exit 0: no regression.");
    }

    @Test
    void regression_exits_1_even_when_another_run_failed_or_was_inconclusive() {
        CombinedReport report = report(List.of(comparison("a", Verdict.INCONCLUSIVE),
                comparison("b", Verdict.REGRESSED)), List.of(FAILURE));

        assertThat(ExitCode.of(report).code()).isEqualTo(1);
        assertThat(ExitCode.explain(report)).isEqualTo("Exit 1: 1 comparison(s) regressed by more than 5.0%.");
    }

    @Test
    void failed_run_exits_3_before_inconclusive() {
        CombinedReport report = report(List.of(comparison("a", Verdict.INCONCLUSIVE)), List.of(FAILURE));

        assertThat(ExitCode.of(report).code()).isEqualTo(3);
        assertThat(ExitCode.explain(report)).startsWith("Exit 3: 1 run(s) failed; the results are incomplete");
    }

    @Test
    void inconclusive_exits_4_and_says_what_to_do() {
        CombinedReport report = report(List.of(comparison("a", Verdict.INCONCLUSIVE)), List.of());

        assertThat(ExitCode.of(report).code()).isEqualTo(4);
        assertThat(ExitCode.explain(report)).contains("1 comparison(s) were inconclusive", "--max-rounds");
    }

    @Test
    void candidates_with_nothing_compared_are_never_a_silent_pass() {
        CombinedReport report = report(List.of(), List.of());

        assertThat(ExitCode.of(report).code()).isEqualTo(4);
        assertThat(ExitCode.explain(report)).contains("nothing could be compared", "Check --metrics");
    }

    @Test
    void a_metric_a_candidate_lacks_exits_3_naming_the_metric_and_both_commits() {
        CombinedReport report = CombinedReport.builder().commits(List.of(MAIN, HEAD))
                .put("gpt2", "batch_size=1", MAIN.sha(), measurement("a")).put("gpt2", "batch_size=1", MAIN.sha(),
                        measurement("b"))
                .put("gpt2", "batch_size=1", HEAD.sha(), measurement("a"))
                .comparisons(List.of(comparison("a", Verdict.UNCHANGED))).build();

        assertThat(ExitCode.of(report).code()).isEqualTo(3);
        assertThat(ExitCode.explain(report)).isEqualTo("Exit 3: 1 metric(s) missing from a run's report, so never"
                + " compared; the results are incomplete: b at gpt2 · batch_size=1 is missing for HEAD@5d6e7f8"
                + " (baseline main@1a2b3c4 has it). Check that every commit's benchmark produces these metrics, or"
                + " leave them out of --metrics.");
    }

    @Test
    void single_commit_without_failures_exits_0() {
        CombinedReport report = CombinedReport.builder().commit(HEAD).build();

        assertThat(ExitCode.of(report)).isEqualTo(ExitCode.OK);
    }
}
