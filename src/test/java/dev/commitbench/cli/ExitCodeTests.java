package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.InconclusivePolicy;
import dev.commitbench.Measurement;
import dev.commitbench.RunFailure;
import dev.commitbench.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies that a run's report maps to the exit code a CI can trust, and that the reason is printed. */
class ExitCodeTests {

    private static final Commit MAIN = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");
    private static final Commit HEAD = new Commit("5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e", "HEAD");

    private static Comparison comparison(String metric, double change, double lower, double upper) {
        return new Comparison("gpt2", "batch_size=1", metric, "s", MAIN, HEAD, 1.0, 1 + change / 100, change, lower,
                upper, 0.95, 5.0, Verdict.of(lower, upper, 5), 0.01, 0.01, Double.NaN, Double.NaN, (upper - lower) / 2, 3, 3);
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
        CombinedReport report = report(List.of(comparison("a", 0, -1, 1), comparison("b", -20, -25, -15)), List.of());

        assertThat(ExitCode.of(report)).isEqualTo(ExitCode.OK);
        assertThat(ExitCode.OK.code()).isZero();
        assertThat(ExitCode.explain(report)).isEqualTo("Exit 0: No regression: every compared interval lies below +5%.");
    }

    @Test
    void an_undecided_improvement_exits_0_because_the_gate_only_asks_about_slowdowns() {
        CombinedReport report = report(List.of(comparison("a", -3.6, -13.1, 4.1)), List.of());

        assertThat(ExitCode.of(report)).isEqualTo(ExitCode.OK);
    }

    @Test
    void regression_exits_1_even_when_another_run_failed_or_was_inconclusive() {
        CombinedReport report = report(List.of(comparison("a", 3, -3, 9), comparison("b", 20, 15, 25)),
                List.of(FAILURE));

        assertThat(ExitCode.of(report).code()).isEqualTo(1);
        assertThat(ExitCode.explain(report)).startsWith("Exit 1: Regression: 1 comparison worse than the baseline by"
                + " more than the 5% threshold (the whole interval lies above +5%).")
                .contains("Also, failed runs:", "Also, inconclusive:");
    }

    @Test
    void failed_run_exits_3_before_inconclusive() {
        CombinedReport report = report(List.of(comparison("a", 3, -3, 9)), List.of(FAILURE));

        assertThat(ExitCode.of(report).code()).isEqualTo(3);
        assertThat(ExitCode.explain(report)).startsWith("Exit 3: Failed runs: 1 benchmark run failed, so the results are"
                + " incomplete and cannot show that nothing regressed.");
    }

    @Test
    void inconclusive_exits_4_and_says_what_to_do() {
        CombinedReport report = report(List.of(comparison("a", 3, -3, 9)), List.of());

        assertThat(ExitCode.of(report).code()).isEqualTo(4);
        assertThat(ExitCode.explain(report)).startsWith("Exit 4: Inconclusive: 1 comparison could not be decided at the"
                + " 5% threshold (the interval contains +5%).").contains("--max-rounds");
    }

    @Test
    void a_probable_regression_exits_1_by_default_and_4_or_0_under_its_other_policies() {
        Comparison probable = comparison("a", 7, 1.5, 12.5);
        CombinedReport report = report(List.of(probable), List.of());

        assertThat(ExitCode.of(report).code()).isEqualTo(1);
        assertThat(ExitCode.explain(report)).startsWith("Exit 1: Probable regression: 1 comparison slower than the"
                + " baseline, probably by more than the 5% threshold").contains("[+1.5%, +12.5%] (95%)",
                "PROBABLE REGRESSION", "about 23 rounds per commit would settle it");
        assertThat(ExitCode.of(report.toBuilder().probableRegressionPolicy(InconclusivePolicy.ABORT).build()).code())
                .isEqualTo(4);
        assertThat(ExitCode.of(report.toBuilder().probableRegressionPolicy(InconclusivePolicy.PASS).build()).code())
                .isEqualTo(0);
    }

    @Test
    void candidates_with_nothing_compared_are_never_a_silent_pass_and_exit_3() {
        CombinedReport report = report(List.of(), List.of());

        assertThat(ExitCode.of(report).code()).isEqualTo(3);
        assertThat(ExitCode.explain(report)).startsWith("Exit 3: Nothing compared: no metric was measured by both the"
                + " baseline and a candidate.").contains("check the plan's metrics");
    }

    @Test
    void a_metric_a_candidate_lacks_exits_3_naming_the_metric_and_both_commits() {
        CombinedReport report = CombinedReport.builder().commits(List.of(MAIN, HEAD))
                .put("gpt2", "batch_size=1", MAIN.sha(), measurement("a")).put("gpt2", "batch_size=1", MAIN.sha(),
                        measurement("b"))
                .put("gpt2", "batch_size=1", HEAD.sha(), measurement("a"))
                .comparisons(List.of(comparison("a", 0, -1, 1))).build();

        assertThat(ExitCode.of(report).code()).isEqualTo(3);
        assertThat(ExitCode.explain(report)).isEqualTo(String.format("Exit 3: Missing metric: 1 metric found for one"
                + " commit but not for the commit it is compared with, so never compared.%n"
                + "  metric  point                missing for   problem%n"
                + "  b       gpt2 · batch_size=1  HEAD@5d6e7f8  the candidate's report lacks it (baseline main@1a2b3c4"
                + " has it)%n"
                + "Check that every commit's benchmark produces these metrics (the same command, config and scenario),"
                + " or leave them out of the plan's metrics.%n"
                + "Full report: not written to disk (no report directory)"));
    }

    @Test
    void single_commit_without_failures_exits_0() {
        CombinedReport report = CombinedReport.builder().commit(HEAD).build();

        assertThat(ExitCode.of(report)).isEqualTo(ExitCode.OK);
        assertThat(ExitCode.explain(report)).isEqualTo("Exit 0: Nothing to compare: 1 commit benchmarked.");
    }
}
