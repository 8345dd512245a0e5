package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.InconclusivePolicy;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.OutputSettings;
import dev.commitbench.session.EngineSettings;
import dev.commitbench.session.OutputSettings.PointDirectories;
import dev.commitbench.session.OutputSettings.ReportFormat;
import dev.commitbench.session.SweepPoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that benchmark.py's command lines (the ones recorded in the fixtures) become the plan
 * benchmark.py would run, with commitbench's safer defaults.
 */
class CommitbenchCommandPlanTests {

    private static final String FIVE_METRICS = "prefill.latency.mean,prefill.throughput.value,decode.latency.mean,"
            + "decode.throughput.value,per_token.latency.mean";

    @TempDir
    Path workingDirectory;

    @BeforeEach
    void configFolder() throws IOException {
        Files.createDirectories(workingDirectory.resolve("benchmark/config"));
    }

    private BenchmarkPlan plan(String... args) {
        var command = new CommitbenchCommand(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                workingDirectory, Map.of());
        command.commandLine().parseArgs(args);
        return command.plan();
    }

    @Test
    void run_mode_without_commit_benchmarks_head_once_in_a_fresh_mkdtemp_folder() {
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "generation",
                "--metrics=" + FIVE_METRICS);

        assertThat(plan.commits()).containsExactly("HEAD");
        assertThat(plan.rounds()).isEqualTo(1);
        assertThat(plan.metrics()).hasSize(5).startsWith("prefill.latency.mean").endsWith("per_token.latency.mean");
        assertThat(plan.points()).containsExactly(SweepPoint.empty());
        assertThat(plan.engine().extraArgs()).isEmpty();
        assertThat(plan.engine().configDir()).isEqualTo("benchmark/config");
        assertThat(plan.engine().configName()).isEqualTo("generation");
        assertThat(plan.engine().name()).isEqualTo(EngineSettings.OPTIMUM_BENCHMARK);
        assertThat(plan.engine().executable()).containsExactly("optimum-benchmark");
        assertThat(plan.workspaces().mode()).isEqualTo(CheckoutMode.WORKTREE);
        assertThat(plan.repository()).isEqualTo(workingDirectory.toAbsolutePath().normalize());
        assertThat(plan.output().ensureEmpty()).isFalse();
        assertThat(plan.output().directory().getParent()).isEqualTo(workingDirectory.resolve("_benchmark"));
        assertThat(plan.output().directory().getFileName().toString()).matches("tmp[a-z0-9_]{8}");
        assertThat(plan.output().directory()).isEmptyDirectory();
        assertThat(plan.output().pointDirectories()).isEqualTo(PointDirectories.OVERRIDE_DIRNAME);
        assertThat(plan.output().reportFormats()).containsExactlyInAnyOrder(ReportFormat.MARKDOWN, ReportFormat.HTML);
    }

    @Test
    void the_setup_timeout_reaches_the_workspaces_and_defaults_to_an_hour() {
        assertThat(plan("--config-dir", "benchmark/config", "--config-name", "generation", "--setup", "true",
                "--setup-timeout", "30m").workspaces().setupTimeout()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(plan("--config-dir", "benchmark/config", "--config-name", "generation").workspaces().setupTimeout())
                .isEqualTo(java.time.Duration.ofHours(1));
    }

    @Test
    void multirun_points_share_the_commit_dir_and_report_formats_reach_the_plan() {
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "generation",
                "backend.model=a,b", "--multirun", "--report", "html");

        assertThat(plan.output().pointDirectories()).isEqualTo(PointDirectories.SHARED);
        assertThat(plan("--config-dir", "benchmark/config", "--config-name", "generation", "backend.model=a,b",
                "hydra.run.dir=out").output().pointDirectories()).isEqualTo(PointDirectories.PER_POINT);
        assertThat(plan.output().reportFormats()).containsExactly(ReportFormat.HTML);
        assertThat(plan("--config-dir", "benchmark/config", "--config-name", "generation", "backend.model=a,b",
                "--report", "none").output().reportFormats()).isEmpty();
    }

    @Test
    void default_metrics_are_benchmark_pys() {
        // benchmark.py's default --metrics, in its order
        assertThat(plan("--config-dir", "benchmark/config", "--config-name", "generation").metrics()).containsExactly(
                "prefill.latency.mean", "prefill.throughput.value", "decode.latency.mean", "decode.throughput.value",
                "per_token.latency.mean", "per_token.throughput.value");
    }

    @Test
    void multirun_with_two_commits_keeps_the_sweep_for_hydra_and_runs_three_rounds_adaptive_up_to_ten() {
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "generation",
                "--commit=bfc25d552b7c5816ec112e89016fa3efaaff5818,a7c66fede307877fefdcbf8fffb30157c539c5ee",
                "--metrics=" + FIVE_METRICS, "scenario.input_shapes.batch_size=1,2", "--multirun");

        assertThat(plan.commits()).containsExactly("bfc25d552b7c5816ec112e89016fa3efaaff5818",
                "a7c66fede307877fefdcbf8fffb30157c539c5ee");
        assertThat(plan.engine().extraArgs()).containsExactly("scenario.input_shapes.batch_size=1,2", "--multirun");
        assertThat(plan.points()).containsExactly(SweepPoint.empty());
        assertThat(plan.rounds()).isEqualTo(3);
        assertThat(plan.maxRounds()).isEqualTo(10);
        assertThat(plan.policies().inconclusive()).isEqualTo(InconclusivePolicy.ABORT);
        assertThat(plan.policies().probableRegression()).isEqualTo(InconclusivePolicy.FAIL);
    }

    @Test
    void more_rounds_than_ten_raise_the_default_max_rounds_with_them() {
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "generation",
                "--commit", "main,HEAD", "--rounds", "12");

        assertThat(plan.maxRounds()).isEqualTo(12);
    }

    @Test
    void diff_with_a_model_override_makes_the_model_a_point() {
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "generation", "--commit=diff",
                "backend.model=/srv/realob/models/tiny-gpt2", "scenario.input_shapes.batch_size=1,2", "--multirun");

        assertThat(plan.commits()).containsExactly("diff");
        assertThat(plan.base()).isEqualTo("main");
        assertThat(plan.points()).containsExactly(
                SweepPoint.ofHydraSyntax(Map.of("backend.model", "/srv/realob/models/tiny-gpt2")));
        assertThat(plan.engine().extraArgs()).containsExactly("scenario.input_shapes.batch_size=1,2", "--multirun");
    }

    @Test
    void user_sweep_dir_is_where_the_run_folder_is_made() {
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "generation",
                "hydra.sweep.dir=results/sweeps", "--multirun");

        assertThat(plan.output().directory().getParent()).isEqualTo(workingDirectory.resolve("results/sweeps"));
        assertThat(plan.engine().extraArgs()).containsExactly("--multirun");
    }

    @Test
    void ensure_empty_false_writes_straight_into_the_user_run_dir() {
        Path out = workingDirectory.resolve("out");
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "generation",
                "--ensure_empty", "False", "hydra.run.dir=" + out);

        assertThat(plan.output().directory()).isEqualTo(out);
        assertThat(out).doesNotExist();
    }

    @Test
    void commitbench_flags_reach_the_plan() {
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "generation",
                "--commit", " main , HEAD ", "--in-place", "--rounds", "2", "--max-rounds", "6", "--threshold", "2.5",
                "--base", "develop", "--executable", "python '/opt/my venv/bin/optimum-benchmark'", "--inconclusive", "fail",
                "--probable-regression", "Abort");

        assertThat(plan.commits()).containsExactly("main", "HEAD");
        assertThat(plan.workspaces().mode()).isEqualTo(CheckoutMode.IN_PLACE);
        assertThat(plan.rounds()).isEqualTo(2);
        assertThat(plan.maxRounds()).isEqualTo(6);
        assertThat(plan.comparison().thresholdPercent()).isEqualTo(2.5);
        assertThat(plan.policies().inconclusive()).isEqualTo(InconclusivePolicy.FAIL);
        assertThat(plan.policies().probableRegression()).isEqualTo(InconclusivePolicy.ABORT);
        assertThat(plan.base()).isEqualTo("develop");
        assertThat(plan.engine().executable()).containsExactly("python", "/opt/my venv/bin/optimum-benchmark");
    }

    @Test
    void workspace_flags_reach_the_plan() {
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "generation",
                "--config-from-checkout", "--setup", "pip install -e ${workspace}", "--env", "PYTHONPATH=${workspace}/src",
                "--env", "MODE=a=b", "--workspace-root", "ws", "--keep-workspaces", "--cache-dir", "/var/cache/cb");

        assertThat(plan.engine().configFromCheckout()).isTrue();
        assertThat(plan.workspaces().setupCommand()).isEqualTo("pip install -e ${workspace}");
        assertThat(plan.workspaces().environment()).containsExactly(Map.entry("PYTHONPATH", "${workspace}/src"), Map.entry("MODE", "a=b"));
        assertThat(plan.workspaces().root()).isEqualTo(workingDirectory.resolve("ws"));
        assertThat(plan.workspaces().keepWorkspaces()).isTrue();
        assertThat(plan.workspaces().cacheDir()).isEqualTo(Path.of("/var/cache/cb"));
    }

    @Test
    void without_workspace_flags_the_plan_keeps_its_defaults() {
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "generation");

        assertThat(plan.engine().configFromCheckout()).isFalse();
        assertThat(plan.workspaces().setupCommand()).isNull();
        assertThat(plan.workspaces().environment()).isEmpty();
        assertThat(plan.workspaces().root()).isNull();
        assertThat(plan.workspaces().keepWorkspaces()).isFalse();
        assertThat(plan.workspaces().cacheDir()).isNull();
    }

    @Test
    void env_without_a_key_is_a_usage_error_naming_it() {
        assertThatThrownBy(() -> plan("--config-dir", "benchmark/config", "--config-name", "generation",
                "--env", "=oops")).isInstanceOf(UsageException.class).hasMessage("Usage error: --env must be KEY=VALUE,"
                        + " such as --env PYTHONPATH=${workspace}/src, but was [=oops].");
    }

    @Test
    void repeated_flag_takes_the_last_value_as_argparse_does() {
        BenchmarkPlan plan = plan("--config-dir", "benchmark/config", "--config-name", "a", "--config-name=generation");

        assertThat(plan.engine().configName()).isEqualTo("generation");
    }

    @Test
    void command_engine_needs_no_config_and_measures_the_call_latency() {
        BenchmarkPlan plan = plan("--engine", "command", "--command", "sh -c 'sleep 0.01' ${sha}",
                "--commit", "main,HEAD", "--iterations", "4", "--warmups", "0");

        assertThat(plan.engine().name()).isEqualTo(EngineSettings.COMMAND);
        assertThat(plan.engine().command()).containsExactly("sh", "-c", "sleep 0.01", "${sha}");
        assertThat(plan.metrics()).isEqualTo(List.of("call.latency.mean"));
        assertThat(plan.engine().configDir()).isNull();
        assertThat(plan.engine().iterations()).isEqualTo(4);
        assertThat(plan.engine().warmups()).isZero();
    }
}
