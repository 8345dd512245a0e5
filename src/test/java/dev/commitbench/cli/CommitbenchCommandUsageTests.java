package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.testing.ProjectVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that every bad command line exits with code 2 and a message that names the bad input and says
 * what to do, before any git or process work (no run folder is made).
 */
class CommitbenchCommandUsageTests {

    @TempDir
    Path workingDirectory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void configFolder() throws IOException {
        Files.createDirectories(workingDirectory.resolve("benchmark/config"));
    }

    private Map<String, String> environment = Map.of();

    private int run(String... args) {
        return new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), workingDirectory, environment)
                .run(args);
    }

    private int runWithConfig(String... args) {
        String[] all = Stream.concat(Stream.of("--config-dir", "benchmark/config", "--config-name", "generation"),
                Stream.of(args)).toArray(String[]::new);
        return run(all);
    }

    private void assertNothingMade() {
        assertThat(workingDirectory.resolve("_benchmark")).doesNotExist();
    }

    /** Verifies that outside a repository the command line says what to do on the command line (it has no 'repository'). */
    @Test
    void outside_a_repository_says_to_run_inside_one() {
        assertThat(runWithConfig("--commit", "main,HEAD")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("Usage error: not a git repository: " + workingDirectory + " (nor any of"
                + " its parent directories). Run commitbench from inside the working tree of the repository to benchmark"
                + " (cd into it), or make one with git init or git clone.\nRun commitbench --help for the flags and"
                + " examples.\n").doesNotContain("'repository'");
        assertNothingMade();
    }

    @Test
    void misspelled_commits_flag_suggests_commit() {
        assertThat(runWithConfig("--commits", "main,HEAD")).isEqualTo(2);
        assertThat(err.toString())
                .contains("Usage error: unknown flag [--commits]. Did you mean --commit?")
                .contains("Run commitbench --help");
        assertNothingMade();
    }

    @Test
    void misspelled_flag_in_equals_form_suggests_the_closest_flag() {
        assertThat(runWithConfig("--ensure-empty=false")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown flag [--ensure-empty]. Did you mean --ensure_empty?");
    }

    @Test
    void hydra_flag_other_than_multirun_is_refused_without_a_far_fetched_suggestion() {
        assertThat(runWithConfig("--cfg", "job")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown flag [--cfg].")
                .contains("the only Hydra flags passed on are --multirun and -m")
                .doesNotContain("Did you mean");
    }

    @Test
    void missing_required_flags_print_the_usage_error() {
        assertThat(run("--commit", "main")).isEqualTo(2);
        assertThat(err.toString())
                .contains("Usage error: missing required options: '--config-dir=DIR', '--config-name=NAME'.")
                .contains("--config-dir benchmark/config --config-name generation");
        assertNothingMade();
    }

    @Test
    void missing_config_name_alone_is_named() {
        assertThat(run("--config-dir", "benchmark/config")).isEqualTo(2);
        assertThat(err.toString()).contains("missing required option: '--config-name=NAME'.");
    }

    @Test
    void empty_commit_is_refused() {
        assertThat(runWithConfig("--commit", "")).isEqualTo(2);
        assertThat(err.toString()).contains(
                "Usage error: --commit must name at least one commit but was []. Give branches, tags or SHAs"
                        + " separated by commas (--commit main,HEAD), or diff, or leave --commit out");
        assertNothingMade();
    }

    @Test
    void commit_of_only_commas_is_refused() {
        assertThat(runWithConfig("--commit=,,")).isEqualTo(2);
        assertThat(err.toString()).contains("--commit must name at least one commit but was [,,].");
    }

    @Test
    void ensure_empty_must_be_a_real_boolean() {
        assertThat(runWithConfig("--ensure_empty", "maybe")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --ensure_empty must be true or false but was [maybe].")
                .contains("benchmark.py read any non-empty value, even false, as true");
        assertNothingMade();
    }

    @Test
    void absolute_config_dir_that_does_not_exist_is_refused_up_front() {
        String missing = workingDirectory.resolve("no/such/dir").toString();
        assertThat(run("--config-dir", missing, "--config-name", "generation")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --config-dir [" + missing + "] is not a folder. Give an"
                + " existing folder holding generation.yaml, or a folder relative to the repository root, looked up in"
                + " each commit's checkout, for example --config-dir benchmark/config.");
        assertNothingMade();
    }

    @Test
    void token_without_repo_id_is_refused_and_the_token_is_not_printed() {
        assertThat(runWithConfig("--token", "hf_secretvalue123")).isEqualTo(2);
        assertThat(err.toString()).contains(
                "Usage error: --token is only used for the upload, which needs --repo_id and --path_in_repo.");
        assertThat(err.toString() + out).doesNotContain("hf_secretvalue123");
        assertNothingMade();
    }

    @Test
    void repo_id_without_path_in_repo_is_refused() {
        assertThat(runWithConfig("--repo_id", "org/data")).isEqualTo(2);
        assertThat(err.toString()).contains(
                "the upload needs both --repo_id and --path_in_repo, but only --repo_id was given.");
    }

    @Test
    void upload_settings_are_checked_before_anything_runs() {
        environment = Map.of("HF_TOKEN", "hf_secretvalue123");
        assertThat(runWithConfig("--repo_id", "not a repo", "--path_in_repo", "runs")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: ").contains("[not a repo]");
        assertThat(runWithConfig("--repo_id", "org/data", "--path_in_repo", "../up")).isEqualTo(2);
        assertThat(err.toString()).contains("[../up]");
        assertThat(err.toString() + out).doesNotContain("hf_secretvalue123");
        assertNothingMade();
    }

    @Test
    void upload_without_any_token_is_refused_before_anything_runs() {
        environment = Map.of("HF_TOKEN_PATH", workingDirectory.resolve("no-token-file").toString());

        assertThat(runWithConfig("--repo_id", "org/data", "--path_in_repo", "runs")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: uploading to the Hugging Face Hub repo [org/data] needs a"
                + " token, but none was found.");
        assertNothingMade();
    }

    @Test
    void a_value_picocli_cannot_convert_is_a_usage_error() {
        assertThat(runWithConfig("--rounds", "three")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: Invalid value for option '--rounds': 'three' is not an int");
    }

    @Test
    void rounds_and_max_rounds_and_threshold_are_checked() {
        assertThat(runWithConfig("--rounds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--rounds must be at least 1 but was [0].");
        assertThat(runWithConfig("--rounds", "3", "--max-rounds", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-rounds must be at least --rounds (3) but was [2].");
        assertThat(runWithConfig("--threshold", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--threshold must be a positive percentage, e.g. 5, but was [-1.0].");
        assertThat(runWithConfig("--threshold", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --threshold must be a positive percentage, e.g. 5, but was"
                + " [0.0].");
    }

    @Test
    void the_setup_timeout_must_be_a_positive_duration() {
        assertThat(runWithConfig("--setup", "true", "--setup-timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --setup-timeout must be a positive duration like 30m, 90s, 2h"
                + " or PT30M but was [soon].");
        assertThat(runWithConfig("--setup", "true", "--setup-timeout", "0m")).isEqualTo(2);
        assertThat(err.toString()).contains("but was [0m].");
        assertNothingMade();
    }

    @Test
    void the_policies_for_undecided_gates_are_checked() {
        assertThat(runWithConfig("--inconclusive", "skip")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --inconclusive must be one of [abort, fail, pass] but was [skip].");
        assertThat(runWithConfig("--probable-regression", "warn")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --probable-regression must be one of [abort, fail, pass] but was"
                + " [warn].");
    }

    @Test
    void unknown_engine_and_report_format_and_empty_metric_are_named() {
        assertThat(runWithConfig("--engine", "pytest")).isEqualTo(2);
        assertThat(err.toString()).contains("--engine must be one of [optimum-benchmark, command] but was [pytest].");
        assertThat(runWithConfig("--report", "md,pdf")).isEqualTo(2);
        assertThat(err.toString()).contains("--report must list formats from [md, html] (or be none) but had [pdf].");
        assertThat(runWithConfig("--metrics", "decode.latency.mean,,prefill.latency.mean")).isEqualTo(2);
        assertThat(err.toString()).contains("--metrics [decode.latency.mean,,prefill.latency.mean] has an empty item.");
        assertNothingMade();
    }

    @Test
    void command_engine_needs_a_command() {
        assertThat(run("--engine", "command")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --command must be set when --engine is command: the command"
                + " to time, e.g. [sh, ./bench.sh].");
        assertThat(run("--engine", "command", "--command", "sh 'unclosed")).isEqualTo(2);
        assertThat(err.toString()).contains("--command [sh 'unclosed] has an unclosed ' quote.");
        assertThat(run("--engine", "command", "--command", "true", "--iterations", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --iterations must be at least 1 but was [0].");
        assertThat(run("--engine", "command", "--command", "true", "--warmups", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --warmups must be 0 or more but was [-1].");
    }

    @Test
    void empty_model_list_and_empty_run_dir_are_refused() {
        assertThat(runWithConfig("backend.model=,")).isEqualTo(2);
        assertThat(err.toString()).contains("[backend.model=,] names no model.");
        assertThat(runWithConfig("hydra.run.dir=")).isEqualTo(2);
        assertThat(err.toString()).contains("[hydra.run.dir=] names no folder.");
    }

    @Test
    void output_folder_that_cannot_be_made_exits_3_naming_it() throws IOException {
        Path file = Files.writeString(workingDirectory.resolve("taken"), "x");

        assertThat(runWithConfig("hydra.run.dir=taken")).isEqualTo(3);
        assertThat(err.toString()).contains("Error: Could not create a run folder in [" + file + "]")
                .doesNotContain("\tat ");
    }

    @Test
    void repo_creation_or_pull_request_without_repo_id_is_refused() {
        assertThat(runWithConfig("--create_repo")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --create_repo is only used for the upload, which needs"
                + " --repo_id and --path_in_repo. Add them, or leave --create_repo out.");
        assertThat(runWithConfig("--create_pr")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --create_pr is only used for the upload, which needs"
                + " --repo_id and --path_in_repo. Add them, or leave --create_pr out.");
        assertThat(runWithConfig("--upload-warn-only")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --upload-warn-only is only used for the upload");
        assertNothingMade();
    }

    @Test
    void help_shows_flags_examples_and_exit_codes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("Usage: commitbench")
                .contains("--config-dir=DIR", "--commit=COMMITS", "--ensure_empty=true|false", "--repo_id=ORG/NAME")
                .contains("--create_repo", "--create_pr", "--upload-warn-only")
                .contains("Examples:", "--commit diff", "--multirun")
                .contains("Exit codes:", "1  a regression, or a probable one", "2  usage error",
                        "4  a gate stayed inconclusive after --max-rounds", "130  interrupted (Ctrl-C)",
                        "(the gate: is a candidate slower than the baseline by more than --threshold?)")
                .contains("--inconclusive=abort|fail|pass", "--probable-regression=fail|abort|pass")
                .contains("placeholders ${workspace}, ${sha}, ${ref}");
    }

    @Test
    void version_is_the_one_the_build_recorded() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).isEqualToIgnoringNewLines("commitbench " + ProjectVersion.fromPom());
    }
}
