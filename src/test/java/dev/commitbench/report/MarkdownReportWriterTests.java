package dev.commitbench.report;

import static dev.commitbench.report.MarkdownReportWriterTestData.FAILED_RUN_DIR;
import static dev.commitbench.report.MarkdownReportWriterTestData.HEAD;
import static dev.commitbench.report.MarkdownReportWriterTestData.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.CombinedReport;
import dev.commitbench.Verdict;
import dev.commitbench.testing.TestComparisons;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@code report.md} shows the summary, one row per comparison, warnings and failed runs. */
class MarkdownReportWriterTests {

    private final MarkdownReportWriter writer = new MarkdownReportWriter();
    private final String markdown = writer.render(MarkdownReportWriterTestData.report());

    @Test
    void opens_with_the_headline_and_the_counts_of_every_verdict_and_failed_runs() {
        assertThat(markdown).startsWith("## commitbench: 🔴 Regression found\n\n"
                + "**1 regressed, 1 improved, 2 unchanged, 1 inconclusive of 5 comparisons (gate: 3 pass, 1 fail, 1"
                + " undecided); 1 failed run**\n\n"
                + "Threshold ±5%; a positive change is worse. The gate asks whether a candidate is slower than the"
                + " baseline by more than the threshold: it fails when the whole interval lies above +5%, passes when it"
                + " lies below. Baseline `main@1a2b3c4`, candidates `HEAD@5d6e7f8`, `feature/kv-cache@9f8e7d6`.\n");
    }

    @Test
    void says_where_the_charts_and_samples_are_when_the_run_folder_is_known() {
        var report = MarkdownReportWriterTestData.report().toBuilder().reportDirectory("/ci/runs/42").build();

        assertThat(writer.render(report)).contains("candidates `HEAD@5d6e7f8`, `feature/kv-cache@9f8e7d6`.\n"
                + "Run folder `/ci/runs/42`: charts in `report.html`, every sample in `commitbench.json`.\n");
        assertThat(markdown).doesNotContain("Run folder");
    }

    @Test
    void does_not_point_to_report_html_when_the_run_folder_has_none() {
        var report = MarkdownReportWriterTestData.report().toBuilder().reportDirectory("/ci/runs/42").build();

        assertThat(new MarkdownReportWriter(false).render(report))
                .contains("\nRun folder `/ci/runs/42`: every sample in `commitbench.json`.\n")
                .doesNotContain("report.html").doesNotContain("charts");
    }

    @Test
    void shows_one_row_per_metric_and_candidate_with_values_in_readable_units() {
        assertThat(markdown).contains("### `gpt2` · `benchmark.input_shapes.batch_size=1`\n")
                .contains("| `decode.latency.mean` | `HEAD@5d6e7f8` | 12.35 ms | 13.90 ms | +12.6% | [+8.1%, +16.5%] (95%)"
                        + " | 🔴 **regressed** | **fail** | 1.2% / 3.4% | 5 / 5 |\n")
                .contains("| `decode.latency.mean` | `feature/kv-cache@9f8e7d6` | 12.35 ms | 12.60 ms | +2.0% | [-2.9%,"
                        + " +11.9%] (95%) | 🟡 inconclusive | **undecided** | 1.2% / 3.4% | 5 / 4 |\n")
                .contains("| `decode.throughput.value` | `HEAD@5d6e7f8` | 81.00 tokens/s | 92.00 tokens/s | -13.6% |"
                        + " [-17.2%, -9.9%] (95%) | 🟢 improved | pass |")
                .contains("| 🟡 inconclusive |", "| ⚪ unchanged | pass |")
                .contains("| metric | candidate | baseline value | candidate value | change | interval (confidence) |"
                        + " verdict | gate | noise (CV) baseline / candidate | rounds baseline / candidate |");
    }

    @Test
    void states_the_gate_next_to_an_inconclusive_verdict_without_contradicting_it() {
        var report = CombinedReport.builder().commits(List.of(MAIN, HEAD)).comparisons(List.of(
                MarkdownReportWriterTestData.comparison("gpt2", "", "decode.latency.mean", "s", HEAD, 1.0, 0.964, -3.6,
                        -13.1, 4.1, dev.commitbench.Verdict.INCONCLUSIVE, 8.6, 3, 3),
                MarkdownReportWriterTestData.comparison("gpt2", "", "decode.latency.p50", "s", HEAD, 1.0, 1.07, 7.0,
                        1.5, 12.5, dev.commitbench.Verdict.INCONCLUSIVE, 5.5, 10, 10))).build();

        String md = writer.render(report);

        assertThat(md).startsWith("## commitbench: 🔴 Probable regression\n")
                .contains("| 🟡 inconclusive (improved or unchanged) | pass |")
                .contains("| 🟡 inconclusive | **probable regression** |")
                .containsOnlyOnce("> ⚠️ ").contains("> ⚠️ decode.latency.p50 (HEAD@5d6e7f8): the threshold 5% is below");
    }

    @Test
    void warns_only_where_the_threshold_is_below_the_resolvable_change() {
        assertThat(markdown).containsOnlyOnce("> ⚠️ ")
                .contains("> ⚠️ decode.latency.mean (feature/kv-cache@9f8e7d6): the threshold 5% is below the smallest"
                        + " change these rounds can resolve (7.4%); run more rounds or raise the threshold.\n");
    }

    @Test
    void says_where_the_noise_comes_from_when_most_of_it_is_between_processes() {
        var report = CombinedReport.builder().commits(List.of(MAIN, HEAD)).comparisons(List.of(
                TestComparisons.withIterationCv(MarkdownReportWriterTestData.comparison("gpt2", "", "decode.latency.mean",
                        "s", HEAD, 1.0, 1.02, 2.0, -3.5, 7.8, Verdict.INCONCLUSIVE, 5.6, 3, 3), 0.002, 0.003))).build();

        String md = writer.render(report);

        assertThat(md).containsOnlyOnce("> ⚠️ ").contains("> ⚠️ decode.latency.mean (HEAD@5d6e7f8): the threshold 5% is"
                + " below the smallest change these rounds can resolve (5.6%); run more rounds or raise the threshold."
                + " Most of this noise is between processes: the rounds vary by 1.2% and 3.4% (CV, baseline and"
                + " candidate), where their iterations alone would make them vary by about 0.2% and 0.3%; the processes"
                + " ran at different speeds (other load on the machine, the CPU's frequency, where memory was placed), so"
                + " more iterations per round will not help: a quieter machine (idle, pinned cores, a fixed CPU"
                + " frequency) or more rounds will.\n");
        assertThat(new HtmlReportWriter().render(report)).contains("Most of this noise is between processes: the rounds"
                + " vary by 1.2% and 3.4% (CV, baseline and candidate)");
    }

    @Test
    void lists_metrics_that_were_measured_but_not_compared() {
        assertThat(markdown).contains("Measured, not compared:")
                .contains("| `load_model.memory.max_ram` | `main@1a2b3c4` | 1.523 GB | 0.1% | 5 |");
    }

    @Test
    void lists_failed_runs_with_their_first_message_line_and_run_directory() {
        assertThat(markdown).contains("### Failed runs\n")
                .contains("| `HEAD@5d6e7f8` | `gpt2 · benchmark.input_shapes.batch_size=1` | 3 |"
                        + " optimum-benchmark exited with code 1 \\<oom\\> \\& more | `" + FAILED_RUN_DIR + "` |")
                .doesNotContain("Traceback");
    }

    @Test
    void keeps_names_with_markdown_and_html_specials_inside_code_spans_without_breaking_the_table() {
        assertThat(markdown).contains("### `org/<b>bold</b> & \"quoted\" 'model'` · `` a=<1>&b=\"2\"\\|c=`3` ``\n");
        String row = markdown.lines().filter(l -> l.startsWith("| `prefill.latency.mean`")).findFirst().orElseThrow();
        assertThat(row.split("(?<!\\\\)\\|")).hasSize(11);
    }

    @Test
    void shows_more_digits_only_where_four_would_hide_a_difference() {
        var scale = MarkdownReportWriterFormat.scale("s", 0.0123451);
        assertThat(MarkdownReportWriterFormat.formatTogether(scale, List.of(0.0123451, 0.0123454)))
                .containsExactly("12.3451 ms", "12.3454 ms");
        assertThat(MarkdownReportWriterFormat.formatTogether(scale, List.of(0.0123451, 0.0123451)))
                .containsExactly("12.35 ms", "12.35 ms");
    }

    @Test
    void picks_readable_units_for_seconds_memory_and_energy_and_keeps_others() {
        assertThat(MarkdownReportWriterFormat.scale("s", 2.5).format(2.5)).isEqualTo("2.500 s");
        assertThat(MarkdownReportWriterFormat.scale("s", 4.2e-5).format(4.2e-5)).isEqualTo("42.00 µs");
        assertThat(MarkdownReportWriterFormat.scale("s", 3e-8).format(3e-8)).isEqualTo("30.00 ns");
        assertThat(MarkdownReportWriterFormat.scale("MB", 812.5).format(812.5)).isEqualTo("812.5 MB");
        assertThat(MarkdownReportWriterFormat.scale("kWh", 2.5e-5).format(2.5e-5)).isEqualTo("25.00 mWh");
        assertThat(MarkdownReportWriterFormat.scale("tokens/s", 1234.5).format(1234.5)).isEqualTo("1235 tokens/s");
        assertThat(MarkdownReportWriterFormat.scale("", 3.2e8).format(3.2e8)).isEqualTo("3.200e+08");
        assertThat(MarkdownReportWriterFormat.scale("s", Double.NaN).format(Double.NaN)).isEqualTo("–");
        assertThat(MarkdownReportWriterFormat.percent(0.123, 0.5)).isEqualTo("+0.12%");
    }

    @Test
    void says_nothing_was_compared_for_an_empty_report() {
        assertThat(writer.render(CombinedReport.builder().build()))
                .startsWith("## commitbench: Nothing compared\n\n"
                        + "**0 regressed, 0 improved, 0 unchanged, 0 inconclusive of 0 comparisons (gate: 0 pass, 0 fail,"
                        + " 0 undecided); 0 failed runs**\n");
    }

    @Test
    void headline_says_no_regression_when_every_comparison_is_unchanged_or_improved() {
        var report = CombinedReport.builder().commits(List.of(MAIN, HEAD))
                .comparison(MarkdownReportWriterTestData.comparison("m", "", "x.latency.mean", "s", HEAD,
                        1, 1, 0, -1, 1, Verdict.UNCHANGED, 2, 3, 3))
                .build();
        assertThat(writer.render(report)).startsWith("## commitbench: 🟢 No regression\n")
                .contains("### `m`\n");
    }

    @Test
    void writes_report_md_into_the_run_folder_creating_it(@TempDir Path tmp) throws Exception {
        Path file = writer.write(tmp.resolve("run/nested"), MarkdownReportWriterTestData.report());

        assertThat(file).isEqualTo(tmp.resolve("run/nested/report.md"));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(markdown);
    }

    @Test
    void names_the_file_when_the_run_folder_cannot_be_created(@TempDir Path tmp) throws Exception {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file, not a folder");

        assertThatThrownBy(() -> writer.write(blocker.resolve("run"), MarkdownReportWriterTestData.report()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not write the Markdown report [" + blocker.resolve("run/report.md")
                        + "]: check that the folder exists or can be created and is writable.");
    }

    @Test
    void appends_to_the_github_step_summary_keeping_what_other_steps_wrote(@TempDir Path tmp) throws Exception {
        Path summary = Files.writeString(tmp.resolve("step_summary.md"), "# earlier step\n");
        var env = Map.of("GITHUB_STEP_SUMMARY", summary.toString());

        assertThat(writer.appendToGithubStepSummary(MarkdownReportWriterTestData.report(), env)).contains(summary);
        writer.appendToGithubStepSummary(MarkdownReportWriterTestData.report(), env);

        assertThat(Files.readString(summary)).isEqualTo("# earlier step\n" + markdown + "\n" + markdown + "\n");
    }

    @Test
    void leaves_the_github_step_summary_alone_when_the_variable_is_unset_or_blank(@TempDir Path tmp) {
        assertThat(writer.appendToGithubStepSummary(MarkdownReportWriterTestData.report(), Map.of())).isEmpty();
        assertThat(writer.appendToGithubStepSummary(MarkdownReportWriterTestData.report(),
                Map.of("GITHUB_STEP_SUMMARY", " "))).isEmpty();
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void names_the_step_summary_file_when_it_cannot_be_appended_to(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-folder/summary.md");

        assertThatThrownBy(() -> writer.appendToGithubStepSummary(MarkdownReportWriterTestData.report(),
                Map.of("GITHUB_STEP_SUMMARY", missing.toString())))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not append the report to the GitHub job summary [" + missing + "] named by"
                        + " GITHUB_STEP_SUMMARY: check that its folder exists and is writable, or unset GITHUB_STEP_SUMMARY.");
    }
}
