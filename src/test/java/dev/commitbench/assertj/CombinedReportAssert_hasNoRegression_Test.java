package dev.commitbench.assertj;

import static dev.commitbench.assertj.CommitbenchAssertions.assertThat;
import static dev.commitbench.assertj.Reports.DIRECTORY;
import static dev.commitbench.assertj.Reports.HEAD;
import static dev.commitbench.assertj.Reports.LATENCY;
import static dev.commitbench.assertj.Reports.MAIN;
import static dev.commitbench.assertj.Reports.MEMORY;
import static dev.commitbench.assertj.Reports.comparison;
import static dev.commitbench.assertj.Reports.failure;
import static dev.commitbench.assertj.Reports.inconclusive;
import static dev.commitbench.assertj.Reports.notWorse;
import static dev.commitbench.assertj.Reports.probable;
import static dev.commitbench.assertj.Reports.regressed;
import static dev.commitbench.assertj.Reports.report;
import static dev.commitbench.assertj.Reports.reportWithProbablePolicy;
import static dev.commitbench.assertj.Reports.unchanged;
import static dev.commitbench.assertj.ShouldBeConclusive.shouldBeConclusive;
import static dev.commitbench.assertj.ShouldHaveComparisons.shouldHaveComparisons;
import static dev.commitbench.assertj.ShouldHaveEveryMetric.shouldHaveEveryMetric;
import static dev.commitbench.assertj.ShouldHaveNoFailedRuns.shouldHaveNoFailedRuns;
import static dev.commitbench.assertj.ShouldNotProbablyRegress.shouldNotProbablyRegress;
import static dev.commitbench.assertj.ShouldNotRegress.shouldNotRegress;
import static dev.commitbench.testing.TestComparisons.withIterationCv;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.util.FailureMessages.actualIsNull;

import dev.commitbench.CombinedReport;
import dev.commitbench.InconclusivePolicy;
import dev.commitbench.Measurement;
import dev.commitbench.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class CombinedReportAssert_hasNoRegression_Test {

    @Test
    void should_pass_when_every_comparison_is_unchanged_or_improved() {
        // GIVEN
        CombinedReport report = report(unchanged(), comparison(LATENCY, "batch_size=4", -20, -25, -15));
        // WHEN/THEN
        assertThat(report).hasNoRegression();
    }

    @Test
    void should_pass_when_only_the_improvement_is_undecided_because_the_gate_is_one_sided() {
        // GIVEN: INCONCLUSIVE -3.6% [-13.1%, +4.1%] rules out any slowdown beyond 5%
        CombinedReport report = report(unchanged(), notWorse());
        // WHEN/THEN
        assertThat(report).hasNoRegression();
    }

    @Test
    void should_fail_when_actual_is_null() {
        // WHEN
        Throwable error = catchThrowable(() -> assertThat((CombinedReport) null).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).isInstanceOf(AssertionError.class).hasMessage(actualIsNull());
    }

    @Test
    void should_fail_with_a_table_of_the_regressed_comparisons_and_the_gate_next_to_each_verdict() {
        // GIVEN
        CombinedReport report = report(unchanged(), regressed());
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessage(shouldNotRegress(Outcome.of(report)).create());
        org.assertj.core.api.Assertions.assertThat(error.getMessage()).isEqualTo(String.format("%n"
                + "Expecting no candidate to be worse than the baseline by more than the threshold but found:%n"
                + "Regression: 1 comparison worse than the baseline by more than the 5%% threshold (the whole interval"
                + " lies above +5%%).%n"
                + "  metric               point                baseline      value     candidate     value      change"
                + "  interval               threshold  verdict    gate%n"
                + "  decode.latency.mean  gpt2 · batch_size=2  main@1a2b3c4  0.0123 s  HEAD@5d6e7f8  0.01378 s  +12.0%%"
                + "  [+8.1%%, +15.9%%] (95%%)  5%%         REGRESSED  FAIL%n"
                + "Full report: %s (report.md, report.html, summary.json)", DIRECTORY));
    }

    @Test
    void should_fail_with_a_stack_trace_that_starts_at_the_callers_assertion() {
        // GIVEN
        CombinedReport report = report(unchanged(), regressed());
        // WHEN the assertion is called from the user's own loop
        AssertionError error = catchThrowableOfType(AssertionError.class,
                () -> java.util.List.of(report).forEach(r -> assertThat(r).hasNoRegression()));
        // THEN no frame of commitbench's own classes is left; the user's frames (this test, its loop) are kept
        org.assertj.core.api.Assertions.assertThat(error.getStackTrace()[0].getClassName())
                .startsWith(getClass().getName());
        org.assertj.core.api.Assertions.assertThat(error.getStackTrace()).extracting(StackTraceElement::getClassName)
                .noneMatch(name -> name.equals(RegressionCheck.class.getName())
                        || name.equals(AbstractCombinedReportAssert.class.getName())
                        || name.startsWith("dev.commitbench.internal."))
                .contains(getClass().getName());
    }

    @Test
    void should_fail_on_a_regression_even_when_another_comparison_is_inconclusive_and_list_both() {
        // GIVEN
        CombinedReport report = report(inconclusive(), regressed());
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessage(shouldNotRegress(Outcome.of(report)).create())
                .hasMessageContainingAll("Regression: 1 comparison", "Also, inconclusive:", "load.memory.max_ram");
    }

    @Test
    void should_fail_on_a_regression_even_when_a_run_failed_and_list_the_failed_run() {
        // GIVEN
        CombinedReport report = Reports.builder(regressed()).failure(failure()).build();
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessage(shouldNotRegress(Outcome.of(report)).create())
                .hasMessageContainingAll("Regression: 1 comparison", "Also, failed runs:",
                        "optimum-benchmark exited with 1 | RuntimeError: CUDA out of memory");
    }

    @Test
    void should_fail_when_runs_failed_even_if_nothing_regressed() {
        // GIVEN
        CombinedReport report = Reports.builder(unchanged()).failure(failure()).build();
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessage(shouldHaveNoFailedRuns(Outcome.of(report)).create())
                .hasMessageContainingAll("Expecting every benchmark run to succeed but found:",
                        "Failed runs: 1 benchmark run failed, so the results are incomplete", "HEAD@5d6e7f8",
                        "backend.model=gpt2, batch_size=2", "/work/benchmarks/run-1/HEAD/batch_size=2/round-2",
                        "optimum-benchmark exited with 1 | RuntimeError: CUDA out of memory",
                        "Fix the failing runs", DIRECTORY);
    }

    @Test
    void should_pass_when_a_single_commit_was_benchmarked_as_there_is_nothing_to_compare() {
        // GIVEN: the JUnit extension and the command line pass such a report too
        CombinedReport report = CombinedReport.builder().commit(MAIN)
                .put("gpt2", "", MAIN.sha(), new Measurement(LATENCY, "s", List.of(1.0), List.of(List.of(1.0)))).build();
        // WHEN/THEN
        assertThat(report).hasNoRegression();
    }

    @Test
    void should_fail_when_no_metric_was_measured() {
        // GIVEN
        CombinedReport report = CombinedReport.builder().commit(MAIN).commit(HEAD).build();
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessage(shouldHaveComparisons(Outcome.of(report)).create())
                .hasMessageContainingAll("Nothing compared: no metric was measured by both the baseline and a candidate.",
                        "commits: [main@1a2b3c4, HEAD@5d6e7f8]", "No metric was measured: check the plan's metrics"
                                + " against the metric paths the engine's reports contain.",
                        "Full report: not written to disk (no report directory)");
    }

    @Test
    void should_fail_when_a_candidates_report_lacks_a_metric_of_the_baselines_even_if_another_was_compared() {
        // GIVEN
        CombinedReport report = Reports.builder(unchanged())
                .put("gpt2", "batch_size=1", MAIN.sha(), Reports.measurement(MEMORY, 512))
                .put("gpt2", "batch_size=2", MAIN.sha(), Reports.measurement(LATENCY, 0.02)).build();
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessage(shouldHaveEveryMetric(Outcome.of(report)).create());
        org.assertj.core.api.Assertions.assertThat(error.getMessage()).isEqualTo(String.format("%n"
                + "Expecting every candidate's report to have the metrics of the baseline's report (and the reverse) at"
                + " each point but found:%n"
                + "Missing metric: 2 metrics found for one commit but not for the commit it is compared with, so never"
                + " compared.%n"
                + "  metric               point                missing for   problem%n"
                + "  load.memory.max_ram  gpt2 · batch_size=1  HEAD@5d6e7f8  the candidate's report lacks it (baseline main@1a2b3c4 has it)%n"
                + "  decode.latency.mean  gpt2 · batch_size=2  HEAD@5d6e7f8  the candidate's report lacks it (baseline main@1a2b3c4 has it)%n"
                + "Check that every commit's benchmark produces these metrics (the same command, config and scenario), or"
                + " leave them out of the plan's metrics.%n"
                + "Full report: %s (report.md, report.html, summary.json)", DIRECTORY));
    }

    @Test
    void should_fail_when_the_baselines_report_lacks_a_metric_of_a_candidates() {
        // GIVEN
        CombinedReport report = Reports.builder(unchanged())
                .put("gpt2", "batch_size=1", HEAD.sha(), Reports.measurement(MEMORY, 512)).build();
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression(10));
        // THEN
        org.assertj.core.api.Assertions.assertThat(error)
                .hasMessage(shouldHaveEveryMetric(Outcome.of(report, 10)).create())
                .hasMessageContainingAll("Missing metric: 1 metric found", "load.memory.max_ram  gpt2 · batch_size=1  "
                        + "main@1a2b3c4  the baseline's report lacks it (candidate HEAD@5d6e7f8 has it)");
    }

    @Test
    void should_report_the_failed_run_first_and_the_metric_it_left_missing_after_it() {
        // GIVEN
        CombinedReport report = Reports.builder(unchanged())
                .put("gpt2", "batch_size=2", MAIN.sha(), Reports.measurement(LATENCY, 0.02)).failure(failure()).build();
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessage(shouldHaveNoFailedRuns(Outcome.of(report)).create())
                .hasMessageContainingAll("Failed runs: 1 benchmark run failed", "Also, missing metrics:",
                        "decode.latency.mean  gpt2 · batch_size=2  HEAD@5d6e7f8");
    }

    @Test
    void should_fail_when_no_metric_both_commits_measured_could_be_compared() {
        // GIVEN
        CombinedReport report = report();
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessage(shouldHaveComparisons(Outcome.of(report)).create())
                .hasMessageContainingAll("metrics: [decode.latency.mean]", "No metric measured by both the baseline and a"
                        + " candidate could be compared: check that the reports hold samples of the metrics and that the"
                        + " baseline's value is not 0.");
    }

    @Test
    void should_abort_with_the_interval_and_what_to_do_when_inconclusive_by_default() {
        // GIVEN
        CombinedReport report = report(unchanged(), inconclusive());
        // WHEN
        TestAbortedException aborted = catchThrowableOfType(TestAbortedException.class,
                () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(aborted)
                .hasMessage(shouldBeConclusive(Outcome.of(report)).create())
                .hasMessageContainingAll("Inconclusive: 1 comparison could not be decided at the 5% threshold (the"
                        + " interval contains +5%).", "load.memory.max_ram", "[-3.0%, +9.0%] (95%)", "INCONCLUSIVE",
                        "run more rounds (raise maxRounds, --max-rounds) or use a threshold above 9% (which every"
                                + " interval above lies below)",
                        "Note: load.memory.max_ram (gpt2 · batch_size=1, HEAD@5d6e7f8): the threshold 5% is below"
                                + " the smallest change 3+3 rounds can resolve (±6%; round-to-round CV 2.1% and 3.4%).",
                        DIRECTORY);
    }

    @Test
    void should_say_where_the_noise_comes_from_when_most_of_it_is_between_processes() {
        // GIVEN: rounds vary by 2.1% and 3.4%; their iterations alone would make them vary by 0.5% and 0.8%
        CombinedReport report = report(unchanged(), withIterationCv(comparison(LATENCY, "batch_size=2", 3.0, -3.0, 9.0),
                0.005, 0.008));
        // WHEN
        TestAbortedException aborted = catchThrowableOfType(TestAbortedException.class,
                () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(aborted).hasMessageContainingAll(
                "Note: decode.latency.mean (gpt2 · batch_size=2, HEAD@5d6e7f8): the threshold 5% is below the smallest"
                        + " change 3+3 rounds can resolve (±6%; round-to-round CV 2.1% and 3.4%).",
                "Note: decode.latency.mean (gpt2 · batch_size=2, HEAD@5d6e7f8): most of this noise is between processes:"
                        + " the rounds vary by 2.1% and 3.4% (CV, baseline and candidate), where their iterations alone"
                        + " would make them vary by about 0.5% and 0.8%; the processes ran at different speeds (other"
                        + " load on the machine, the CPU's frequency, where memory was placed), so more iterations per"
                        + " round will not help: a quieter machine (idle, pinned cores, a fixed CPU frequency) or more"
                        + " rounds will.");
    }

    @Test
    void should_not_blame_the_processes_when_their_iterations_explain_the_noise_or_the_gate_is_decided() {
        // GIVEN: iterations alone would give 1% and 2%, a third of the rounds' 2.1% and 3.4% or more
        CombinedReport undecided = report(unchanged(), withIterationCv(comparison(LATENCY, "batch_size=2", 3.0, -3.0,
                9.0), 0.0071, 0.012));
        CombinedReport decided = report(withIterationCv(regressed(), 0.001, 0.001));
        // WHEN
        Throwable aborted = catchThrowable(() -> assertThat(undecided).hasNoRegression());
        Throwable failed = catchThrowable(() -> assertThat(decided).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(aborted).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("the threshold 5% is below the smallest change")
                .hasMessageNotContaining("between processes");
        org.assertj.core.api.Assertions.assertThat(failed).isInstanceOf(AssertionError.class)
                .hasMessageNotContaining("between processes");
    }

    @Test
    void should_fail_on_a_probable_regression_by_default_with_its_interval_and_the_rounds_that_would_settle_it() {
        // GIVEN: +7% [+1.5%, +12.5%] at 5%: inconclusive, but beyond +5% with the whole interval above 0
        CombinedReport report = report(unchanged(), probable());
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessage(shouldNotProbablyRegress(Outcome.of(report)).create())
                .hasMessageContainingAll("Probable regression: 1 comparison slower than the baseline, probably by more"
                        + " than the 5% threshold, but the rounds ran out before that was sure",
                        "[+1.5%, +12.5%] (95%)", "PROBABLE REGRESSION",
                        "Note: decode.latency.mean (gpt2 · batch_size=4, HEAD@5d6e7f8): about 23 rounds per commit would"
                                + " settle it if the change and the noise stay as measured (3+3 rounds so far).",
                        "Run more rounds (raise maxRounds, --max-rounds) to settle it, or set the probable-regression"
                                + " policy to abort or pass.");
    }

    @Test
    void should_abort_on_a_probable_regression_when_its_policy_is_abort() {
        // GIVEN
        CombinedReport report = reportWithProbablePolicy(InconclusivePolicy.ABORT, probable());
        // WHEN
        TestAbortedException aborted = catchThrowableOfType(TestAbortedException.class,
                () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(aborted).hasMessage(shouldNotProbablyRegress(Outcome.of(report)).create());
    }

    @Test
    void should_treat_a_probable_regression_under_policy_pass_like_the_other_undecided_gates() {
        // GIVEN
        CombinedReport passing = reportWithProbablePolicy(InconclusivePolicy.PASS, unchanged(), probable());
        CombinedReport aborting = reportWithProbablePolicy(InconclusivePolicy.PASS, probable(), inconclusive());
        // WHEN/THEN
        assertThat(passing).hasNoRegression();
        TestAbortedException aborted = catchThrowableOfType(TestAbortedException.class,
                () -> assertThat(aborting).hasNoRegression());
        org.assertj.core.api.Assertions.assertThat(aborted).hasMessage(shouldBeConclusive(Outcome.of(aborting)).create());
    }

    @Test
    void should_fail_when_inconclusive_and_the_policy_is_fail() {
        // GIVEN
        CombinedReport report = report(InconclusivePolicy.FAIL, inconclusive());
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> assertThat(report).hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessage(shouldBeConclusive(Outcome.of(report)).create());
    }

    @Test
    void should_pass_when_inconclusive_and_the_policy_is_pass() {
        // GIVEN
        CombinedReport report = report(InconclusivePolicy.PASS, unchanged(), inconclusive());
        // WHEN/THEN
        assertThat(report).hasNoRegression();
    }

    @Test
    void should_show_the_description_in_the_message() {
        // GIVEN
        CombinedReport report = report(regressed());
        // WHEN
        AssertionError error = catchThrowableOfType(AssertionError.class,
                () -> assertThat(report).as("gpt2 latency gate").hasNoRegression());
        // THEN
        org.assertj.core.api.Assertions.assertThat(error).hasMessageStartingWith("[gpt2 latency gate] ")
                .hasMessageEndingWith(shouldNotRegress(Outcome.of(report)).create());
    }
}
