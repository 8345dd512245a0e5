package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.commitbench.hub.HubTestServer;
import dev.commitbench.testing.FakeEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the command line end to end, on a real git repository and the fake optimum-benchmark: the exit
 * codes a CI relies on, the files, the console, several models, and the upload (to a loopback Hub).
 *
 * <p>Each commit carries its own {@code fake-engine.env}, so a commit can be made slower or failing by
 * committing a file.
 */
class CommitbenchCommandRunTests {

    private static final String STEADY = "FAKE_OB_MEAN=0.010\nFAKE_OB_CV=0.01\nFAKE_OB_ITERATIONS=5\nFAKE_OB_SEED=7\n";
    private static final String SLOWER = "FAKE_OB_MEAN=0.014\nFAKE_OB_CV=0.01\nFAKE_OB_ITERATIONS=5\nFAKE_OB_SEED=8\n";

    @TempDir
    Path temp;

    private Path repository;
    private Git git;
    private String main;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Map<String, String> environment = Map.of();

    @BeforeEach
    void repositoryOnMain() throws IOException, GitAPIException {
        repository = temp.resolve("repo");
        git = Git.init().setDirectory(repository.toFile()).setInitialBranch("main").call();
        StoredConfig config = git.getRepository().getConfig();
        config.setString("user", null, "name", "commitbench test");
        config.setString("user", null, "email", "test@commitbench.dev");
        config.setBoolean("commit", null, "gpgsign", false);
        config.save();
        Files.createDirectories(repository.resolve("benchmark/config"));
        Files.writeString(repository.resolve("benchmark/config/tiny.yaml"), "# the fake reads its defaults\n");
        Files.writeString(repository.resolve(".gitignore"), "_benchmark/\n");
        main = commit("main", STEADY);
    }

    @org.junit.jupiter.api.AfterEach
    void closeRepository() {
        git.close();
    }

    private String commit(String message, String fakeSettings) throws IOException, GitAPIException {
        Files.writeString(repository.resolve(FakeEngine.ENV_FILE), fakeSettings);
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).call().getName();
    }

    private String branch(String name, String fakeSettings) throws IOException, GitAPIException {
        git.checkout().setCreateBranch(true).setName(name).call();
        return commit(name, fakeSettings);
    }

    private int run(String... args) {
        return runIn(repository, args);
    }

    private int runIn(Path workingDirectory, String... args) {
        List<String> all = new ArrayList<>(List.of("--config-dir", "benchmark/config", "--config-name", "tiny",
                "--executable", FakeEngine.executable().toString(), "--metrics", "decode.latency.mean"));
        all.addAll(List.of(args));
        return new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), workingDirectory, environment)
                .run(all.toArray(String[]::new));
    }

    private Path runFolder() throws IOException {
        try (Stream<Path> folders = Files.list(repository.resolve("_benchmark"))) {
            List<Path> all = folders.filter(Files::isDirectory).toList();
            assertThat(all).as("run folders").hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void slower_commit_exits_1_and_the_console_ends_with_the_markdown_summary() throws Exception {
        String slower = branch("slower", SLOWER);

        int code = run("--commit", "main,slower", "--rounds", "2");

        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("Exit 1: Regression: 1 comparison worse than the baseline by more than the"
                + " 5% threshold (the whole interval lies above +5%).").contains("REGRESSED  FAIL")
                .doesNotContain("undecided");
        assertThat(out.toString()).startsWith("## commitbench").contains("decode.latency.mean");
        Path run = runFolder();
        assertThat(run.resolve("commit=" + main).resolve("summary.json")).isRegularFile();
        assertThat(run.resolve("commit=" + slower).resolve("summary.json")).isRegularFile();
        assertThat(run.resolve("summaries.json")).content(StandardCharsets.UTF_8)
                .startsWith("[\n    {\n        \"model\": \"fake-org/tiny-gpt2\",").contains(main, slower);
        assertThat(run.resolve("summary.json")).content(StandardCharsets.UTF_8).startsWith("{\n    \"fake-org/tiny-gpt2\": {");
        assertThat(run.resolve("report.md")).isRegularFile();
        assertThat(run.resolve("report.html")).isRegularFile();
    }

    /** Realistic noise (3% per iteration, 1% per process), seeded with one run counter for every commit. */
    private String realistic(double mean) {
        return "FAKE_OB_MEAN=" + mean + "\nFAKE_OB_CV=0.03\nFAKE_OB_PROCESS_CV=0.01\nFAKE_OB_ITERATIONS=20\n"
                + "FAKE_OB_SEED=11\nFAKE_OB_COUNTER_FILE=" + temp.resolve("runs.count") + "\n";
    }

    @Test
    void at_the_defaults_a_readme_only_commit_exits_0_and_a_ten_percent_slowdown_exits_1() throws Exception {
        String base = commit("realistic noise", realistic(0.010));
        git.checkout().setCreateBranch(true).setName("docs").call();
        Files.writeString(repository.resolve("README.md"), "# generation\n");
        git.add().addFilepattern("README.md").call();
        String docs = git.commit().setMessage("README only").call().getName();
        git.checkout().setName("main").call();
        String slower = branch("slower", realistic(0.011));

        int readmeOnly = run("--commit", base + "," + docs);
        String readmeOnlyErr = err.toString();
        err.getBuffer().setLength(0);
        int slowdown = run("--commit", base + "," + slower);

        assertThat(readmeOnly).as(readmeOnlyErr).isZero();
        assertThat(readmeOnlyErr).contains("Exit 0: No regression: every compared interval lies below +5%.")
                .doesNotContain("undecided");
        assertThat(slowdown).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("Exit 1: Regression: 1 comparison worse than the baseline by more than the"
                + " 5% threshold (the whole interval lies above +5%).", "REGRESSED  FAIL");
    }

    @Test
    void same_speed_exits_0_and_report_formats_can_be_left_out() throws Exception {
        branch("same", STEADY.replace("SEED=7", "SEED=9"));
        Path jobSummary = repository.resolveSibling("job-summary.md");
        environment = Map.of("GITHUB_STEP_SUMMARY", jobSummary.toString());

        int code = run("--commit", "main,same", "--rounds", "2", "--threshold", "20", "--report", "md");

        assertThat(code).as(err.toString() + out).isZero();
        assertThat(err.toString()).contains("Exit 0: No regression: every compared interval lies below +20%.");
        assertThat(runFolder().resolve("report.md")).isRegularFile();
        assertThat(runFolder().resolve("report.html")).doesNotExist();
        // the Markdown (file and console) does not point to the report.html that was not written
        assertThat(Files.readString(runFolder().resolve("report.md")))
                .contains(": every sample in `commitbench.json`.").doesNotContain("report.html");
        assertThat(out.toString()).contains(": every sample in `commitbench.json`.").doesNotContain("report.html");
        assertThat(Files.readString(jobSummary)).as("appended to the job summary once")
                .isEqualTo(Files.readString(runFolder().resolve("report.md")) + "\n");
    }

    @Test
    void noisy_runs_that_stay_undecidable_after_max_rounds_exit_4_saying_what_to_do() throws Exception {
        // seeded, with a run counter: every run differs (iteration and per-process noise), the same way every time
        String noisy = "FAKE_OB_MEAN=0.010\nFAKE_OB_CV=0.2\nFAKE_OB_PROCESS_CV=0.2\nFAKE_OB_ITERATIONS=5\nFAKE_OB_SEED=3\n"
                + "FAKE_OB_COUNTER_FILE=" + temp.resolve("run-counter") + "\n";
        String baseline = branch("noisy", noisy);
        String candidate = commit("noisy again", noisy + "# same speed\n");

        int code = run("--commit", baseline + "," + candidate, "--rounds", "2", "--max-rounds", "3", "--threshold", "2");

        assertThat(code).as(err.toString()).isEqualTo(4);
        assertThat(err.toString()).contains("note: 1 gate undecided at the only point: running round 3 of at most 3")
                .contains("commitbench: 1 comparison undecided at the 2% threshold (0 probable regressions, 1"
                        + " inconclusive):", "  gate          metric               point", "INCONCLUSIVE  decode.latency.mean")
                .contains("Exit 4: Inconclusive: 1 comparison could not be decided at the 2% threshold (the interval"
                        + " contains +2%).", "run more rounds (raise maxRounds, --max-rounds) or use a threshold above");
        assertThat(err.toString().indexOf("commitbench: 1 comparison undecided")).as("the summary comes before the exit line")
                .isLessThan(err.toString().indexOf("Exit 4: "));
        assertThat(Files.readString(temp.resolve("run-counter")).strip()).as("runs").isEqualTo("6");
    }

    @Test
    void diff_compares_head_with_its_merge_base_not_with_the_tip_of_main() throws Exception {
        String feature = branch("feature", STEADY.replace("SEED=7", "SEED=11"));
        git.checkout().setName("main").call();
        String mainTip = commit("main moved on", STEADY.replace("SEED=7", "SEED=12"));
        git.checkout().setName("feature").call();

        int code = run("--commit", "diff", "--rounds", "1", "--max-rounds", "1");

        assertThat(code).as(err.toString()).isIn(0, 4);
        Path run = runFolder();
        assertThat(run.resolve("commit=" + main)).isDirectory();
        assertThat(run.resolve("commit=" + feature)).isDirectory();
        assertThat(run.resolve("commit=" + mainTip)).doesNotExist();
    }

    @Test
    void in_place_checks_commits_out_in_the_repository_and_restores_the_branch() throws Exception {
        String slower = branch("slower", SLOWER);

        int code = run("--in-place", "--commit", "main,slower", "--rounds", "1", "--max-rounds", "1");

        assertThat(code).as(err.toString()).isIn(1, 4);
        assertThat(git.getRepository().getBranch()).isEqualTo("slower");
        assertThat(git.status().call().isClean()).isTrue();
        assertThat(runFolder().resolve("commit=" + slower).resolve("summary.json")).isRegularFile();
    }

    @Test
    void in_place_refuses_a_dirty_tree_with_exit_2() throws Exception {
        Files.writeString(repository.resolve(FakeEngine.ENV_FILE), SLOWER);

        assertThat(run("--in-place", "--commit", "main")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: In-place mode needs a clean working tree")
                .contains(FakeEngine.ENV_FILE);
        assertThat(repository.resolve(FakeEngine.ENV_FILE)).content().isEqualTo(SLOWER);
    }

    @Test
    void command_engine_times_any_command_without_optimum_benchmark() throws Exception {
        branch("same", STEADY);
        String[] args = {"--engine", "command", "--command", "sh -c 'exit 0'", "--commit", "main,same", "--rounds",
            "1", "--iterations", "3", "--warmups", "0", "--report", "none",
            // a 2 ms command on a machine loaded by other builds once measured +138%: this test is about timing any
            // command, not about the verdict, which no noise reaches at 1000%
            "--threshold", "1000"};
        Path jobSummary = repository.resolveSibling("job-summary.md");
        environment = Map.of("GITHUB_STEP_SUMMARY", jobSummary.toString());

        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, environment).run(args);

        assertThat(code).as(err.toString()).isIn(0, 4);
        String summaries = Files.readString(runFolder().resolve("summaries.json"));
        assertThat(summaries).contains("\"call.latency.mean\": ");
        assertThat(out.toString()).startsWith("## commitbench").contains("call.latency.mean");
        assertThat(jobSummary).as("--report none appends nothing to the job summary").doesNotExist();
    }

    /**
     * Verifies that the command engine takes a sweep from the command line exactly as from {@code @Sweep}: one point
     * per value, each run with {@code ${size}} replaced, nothing passed on as an extra argument.
     */
    @Test
    void command_engine_sweeps_key_value_lists_and_replaces_their_placeholders() throws Exception {
        Files.writeString(repository.resolve("bench.sh"), "echo \"size is $1\"\n");
        commit("bench.sh", STEADY);
        branch("same", STEADY);
        String[] args = {"--engine", "command", "--command", "sh ./bench.sh ${size}", "--commit", "main,same",
            "size=small,large", "--multirun", "--rounds", "1", "--iterations", "2", "--warmups", "0", "--report", "none",
            // the same script on both commits: on a loaded machine 2 iterations of it can differ by 100%, which must not
            // decide this test (it is about the sweep); no noise reaches a gate at 1000%
            "--threshold", "1000"};

        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, environment).run(args);

        assertThat(code).as(err.toString()).isIn(0, 4);
        assertThat(err.toString()).doesNotContain("FAILED").contains("size=small · main@", "size=large · same@");
        Path run = runFolder();
        String json = Files.readString(run.resolve("commitbench.json"));
        assertThat(json.replaceAll("\\s", "")).contains("\"points\":[{\"size\":\"small\"},{\"size\":\"large\"}]",
                "\"extraArgs\":[]");
        String head = git.getRepository().resolve("same").getName();
        for (String size : List.of("small", "large")) {
            Path log = run.resolve("commit=" + head).resolve("size=" + size).resolve("engine.log");
            assertThat(log).content().contains("size is " + size).doesNotContain("${size}");
        }
    }

    /** Verifies that benchmark.py's {@code _benchmark/} in the repository leaves no untracked file behind. */
    @Test
    void the_results_folder_it_creates_in_the_repository_leaves_the_status_clean() throws Exception {
        git.rm().addFilepattern(".gitignore").call();
        git.commit().setMessage("no ignore rules").call();

        int code = run("--commit", "main", "--rounds", "1");

        assertThat(code).as(err.toString()).isZero();
        assertThat(repository.resolve("_benchmark/.gitignore")).isRegularFile();
        assertThat(git.status().call().isClean()).as("git status after the run").isTrue();
    }

    /** Verifies that the uncommitted change is measured as WORKTREE and the working tree stays as it was. */
    @Test
    void worktree_measures_the_uncommitted_change_and_leaves_it_alone() throws Exception {
        Files.writeString(repository.resolve(FakeEngine.ENV_FILE), SLOWER);
        Files.writeString(repository.resolve("draft.txt"), "untracked");

        int code = run("--commit", "HEAD,WORKTREE", "--rounds", "2");

        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("note: WORKTREE is the working tree as it is now, uncommitted changes"
                + " included: WORKTREE@").contains("[2/4] WORKTREE@");
        assertThat(out.toString()).contains("is the working tree with its uncommitted changes");
        assertThat(repository.resolve(FakeEngine.ENV_FILE)).content().isEqualTo(SLOWER);
        var status = git.status().call();
        assertThat(status.getModified()).containsExactly(FakeEngine.ENV_FILE);
        assertThat(status.getUntracked()).containsExactly("draft.txt");
        assertThat(git.stashList().call()).isEmpty();
    }

    @Test
    void worktree_in_place_exits_2_saying_to_use_worktrees() {
        int code = run("--commit", "diff+worktree", "--in-place");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: --commit [diff+worktree] names WORKTREE, the uncommitted"
                + " changes, which in-place mode cannot measure: it checks every commit out in the working tree itself,"
                + " so it needs a clean one and would replace the changes. Use checkout = worktree, the default (on the"
                + " command line, leave out --in-place)");
    }

    /** Verifies that a misspelled placeholder stops the command line before any git or process work. */
    @Test
    void an_unknown_placeholder_exits_2_before_anything_runs() {
        String[] args = {"--engine", "command", "--command", "sh ./bench.sh ${sizee}", "--commit", "main,nowhere",
            "size=small,large", "--multirun"};

        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, environment).run(args);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("Usage error: --command has an unknown placeholder ${sizee} in [sh"
                + " ./bench.sh ${sizee}]. Did you mean ${size}? The placeholders are ${workspace}, ${sha}, ${ref},"
                + " ${device}, ${size}; write a shell variable as $NAME or $${NAME}.\nRun commitbench --help for the flags and"
                + " examples.\n");
        assertThat(repository.resolve("_benchmark")).as("no run folder, no git work").doesNotExist();
    }

    @Test
    void a_metric_the_candidate_lacks_exits_3_naming_the_metric_and_both_commits() throws Exception {
        Files.writeString(repository.resolve("bench.sh"), "echo '{\"latency\": 0.01, \"tokens\": 64}'\n");
        String base = commit("bench.sh reports tokens", STEADY);
        Files.writeString(repository.resolve("bench.sh"), "echo '{\"latency\": 0.01}'\n");
        String lean = branch("lean", STEADY);
        String[] args = {"--engine", "command", "--command", "sh bench.sh", "--commit", "main,lean", "--rounds", "1",
            "--max-rounds", "1", "--iterations", "3", "--warmups", "0", "--metrics", "call.latency.mean,call.tokens.mean", "--report",
            "none"};

        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, environment).run(args);

        assertThat(code).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("Exit 3: Missing metric: 1 metric found for one commit but not for the"
                + " commit it is compared with, so never compared.\n", "  call.tokens.mean  sh bench.sh · command  lean@"
                + lean.substring(0, 7) + "  the candidate's report lacks it (baseline main@" + base.substring(0, 7)
                + " has it)\n", "Check that every commit's benchmark produces these metrics (the same command, config and"
                + " scenario), or leave them out of the plan's metrics.\n");
        assertThat(Files.readString(runFolder().resolve("summaries.json"))).contains("\"call.latency.mean\": ");
    }

    @Test
    void failing_engine_run_exits_3_and_keeps_what_was_measured() throws Exception {
        branch("broken", STEADY + "FAKE_OB_MODE=fail\n");

        int code = run("--commit", "main,broken", "--rounds", "1", "--max-rounds", "1");

        assertThat(code).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("Exit 3: Failed runs: 1 benchmark run failed, so the results are incomplete");
        assertThat(runFolder().resolve("commit=" + main).resolve("summary.json")).isRegularFile();
    }

    @Test
    void relative_config_dir_is_read_from_each_commits_checkout_even_when_the_working_tree_lacks_it() throws Exception {
        Files.createDirectories(repository.resolve("moved/config"));
        Files.writeString(repository.resolve("moved/config/tiny.yaml"), "# only in the benchmarked commits\n");
        String before = branch("before", STEADY);
        String after = commit("after", STEADY.replace("SEED=7", "SEED=9"));
        git.checkout().setName("main").call();
        assertThat(repository.resolve("moved")).doesNotExist();

        int code = run("--config-dir", "moved/config", "--commit", before + "," + after, "--rounds", "2", "--threshold", "20");

        assertThat(code).as(err.toString()).isZero();
        assertThat(runFolder().resolve("summaries.json")).content(StandardCharsets.UTF_8).contains(before, after);
    }

    @Test
    void commit_without_the_relative_config_dir_has_its_runs_reported_as_errors_with_exit_3() throws Exception {
        Files.createDirectories(repository.resolve("moved/config"));
        Files.writeString(repository.resolve("moved/config/tiny.yaml"), "# only in the later commit\n");
        String moved = branch("moved", STEADY);

        int code = run("--config-dir", "moved/config", "--commit", "main,moved", "--rounds", "1", "--max-rounds", "1");

        assertThat(code).as(err.toString()).isEqualTo(3);
        assertThat(out.toString()).contains("Config dir \\[moved/config\\] does not exist in commit main@"
                + main.substring(0, 7));
        assertThat(err.toString()).contains("Exit 3: Failed runs: 1 benchmark run failed");
        assertThat(runFolder().resolve("commitbench.json")).content(StandardCharsets.UTF_8)
                .contains("Add the directory to that commit, or resolve the config dir against the current checkout"
                        + " (configFromCheckout = true, or --config-from-checkout on the command line).");
        assertThat(runFolder().resolve("summaries.json")).content(StandardCharsets.UTF_8).contains(moved);
    }

    @Test
    void run_from_a_subfolder_reads_the_config_dir_relative_to_the_repository_root() throws Exception {
        Path subfolder = Files.createDirectories(repository.resolve("src/app"));
        Files.writeString(subfolder.resolve("app.txt"), "tracked\n");
        String head = commit("a subfolder", STEADY);

        int code = runIn(subfolder, "--commit", main + ",HEAD", "--rounds", "2", "--threshold", "20");

        assertThat(code).as(err.toString()).isZero();
        try (Stream<Path> folders = Files.list(subfolder.resolve("_benchmark"))) {
            Path run = folders.filter(Files::isDirectory).findFirst().orElseThrow();
            assertThat(run.resolve("summaries.json")).content(StandardCharsets.UTF_8).contains(main, head);
        }
    }

    @Test
    void a_metric_found_in_no_report_is_named_on_stderr_with_the_paths_that_exist() {
        int code = run("--metrics", "decode.latency.mean,decode.latency.p42", "--rounds", "1", "--max-rounds", "1");

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("note: Metric path(s) [decode.latency.p42] found in no report")
                .contains("Choose metrics the reports have: ").contains("decode.latency.mean, ");
    }

    @Test
    void an_engine_that_exits_0_without_a_report_exits_3_naming_the_run_directory() throws IOException {
        int code = run("--executable", "/bin/true", "--rounds", "1", "--max-rounds", "1");

        assertThat(code).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("Exit 3: Failed runs: 1 benchmark run failed");
        assertThat(out.toString()).as("the failed runs in the summary")
                .contains("optimum-benchmark exited 0 but wrote no report in \\[");
        assertThat(runFolder().resolve("commitbench.json")).content(StandardCharsets.UTF_8)
                .contains("optimum-benchmark exited 0 but wrote no report in [" + runFolder().resolve("commit=" + main)
                        + "]; see [" + runFolder().resolve("commit=" + main).resolve("engine.log") + "]");
    }

    @Test
    void expand_metrics_nests_the_metrics_of_every_summary_by_their_path_segments() throws Exception {
        int code = run("--metrics", "decode.latency.mean,decode.throughput.value", "--expand_metrics", "--rounds", "1",
                "--max-rounds", "1");

        assertThat(code).as(err.toString()).isZero();
        String combined = Files.readString(runFolder().resolve("summary.json"));
        assertThat(combined).contains("""
                            "%s": {
                                "metrics": {
                                    "decode": {
                                        "latency": {
                                            "mean": \
                """.formatted(main)).contains("""
                                        },
                                        "throughput": {
                                            "value": \
                """).doesNotContain("\"decode.latency.mean\"");
        assertThat(runFolder().resolve("commit=" + main).resolve("summary.json")).content(StandardCharsets.UTF_8)
                .contains("\"metrics\": {\n        \"decode\": {\n            \"latency\": {");
        assertThat(runFolder().resolve("summaries.json")).content(StandardCharsets.UTF_8)
                .doesNotContain("\"decode.latency.mean\"");
    }

    @Test
    void hydra_usage_error_from_the_engine_exits_2() throws Exception {
        branch("usage", STEADY + "FAKE_OB_MODE=usage\n");

        assertThat(run("--commit", "usage")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: optimum-benchmark reported a usage error (exit code 2):"
                        + " optimum-benchmark: error: unrecognized arguments: --fake-usage-error (FAKE_OB_MODE=usage)\n"
                        + "The plan stops: fix the arguments or the configuration it names.\nRun directory: ")
                .contains("optimum-benchmark: error: unrecognized arguments: --fake-usage-error")
                .contains("Run commitbench --help for the flags and examples.");
    }

    @Test
    void usage_error_in_a_later_commit_exits_2_and_keeps_the_run_files_of_what_was_measured() throws Exception {
        String usage = branch("usage", STEADY + "FAKE_OB_MODE=usage\n");

        int code = run("--commit", "main,usage", "--rounds", "1", "--max-rounds", "1");

        assertThat(code).as(err.toString()).isEqualTo(2);
        Path run = runFolder();
        assertThat(err.toString()).contains("The results measured before the error are in " + run + ".")
                .contains("Usage error: optimum-benchmark reported a usage error (exit code 2)");
        assertThat(run.resolve("summaries.json")).content(StandardCharsets.UTF_8)
                .startsWith("[\n    {\n        \"model\": \"fake-org/tiny-gpt2\",").contains(main).doesNotContain(usage);
        assertThat(run.resolve("summary.json")).content(StandardCharsets.UTF_8)
                .startsWith("{\n    \"fake-org/tiny-gpt2\": {").contains(main).doesNotContain(usage);
        assertThat(run.resolve("report.md")).content(StandardCharsets.UTF_8).contains("usage error (exit code 2)");
    }

    @Test
    void optimum_benchmark_going_missing_partway_exits_3_and_keeps_the_run_files() throws Exception {
        // an executable that uninstalls itself on its first run: the second commit finds it missing
        Path executable = temp.resolve("bin/optimum-benchmark");
        Files.createDirectories(executable.getParent());
        Files.writeString(executable, "#!/bin/sh\nrm -f \"$0\"\nexec '" + FakeEngine.executable() + "' \"$@\"\n");
        executable.toFile().setExecutable(true);
        branch("later", STEADY.replace("SEED=7", "SEED=9"));

        int code = run("--commit", "main,later", "--rounds", "1", "--max-rounds", "1", "--executable",
                executable.toString());

        assertThat(code).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("Error: Executable [" + executable + "] not found");
        assertThat(runFolder().resolve("summaries.json")).content(StandardCharsets.UTF_8).contains(main);
        assertThat(runFolder().resolve("summary.json")).content(StandardCharsets.UTF_8).contains("fake-org/tiny-gpt2");
    }

    @Test
    void missing_optimum_benchmark_exits_3_saying_how_to_install_it() {
        List<String> args = List.of("--executable", temp.resolve("no-such-optimum-benchmark").toString());

        assertThat(run(args.toArray(String[]::new))).isEqualTo(3);
        assertThat(err.toString()).contains("Error: ").contains("no-such-optimum-benchmark")
                .contains("pip install optimum-benchmark").contains("`--executable` on the command line");
    }

    @Test
    void python_without_the_optimum_benchmark_module_exits_3_once_saying_how_to_install_it() throws Exception {
        Path python = Files.writeString(temp.resolve("python"), "#!/bin/sh\n"
                + "echo \"/usr/bin/python3: No module named optimum_benchmark\" >&2\nexit 1\n");
        python.toFile().setExecutable(true);
        branch("other", SLOWER);

        int code = run("--executable", python + " /opt/venv/bin/optimum-benchmark", "--commit", "main,other", "--rounds", "2");

        assertThat(code).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("Error: optimum-benchmark is not installed where [" + python)
                .contains("its output says \"/usr/bin/python3: No module named optimum_benchmark\"")
                .contains("pip install optimum-benchmark").doesNotContain("[2/4]");
    }

    @Test
    void unknown_commit_exits_2_naming_it_and_leaves_no_run_folder() throws IOException {
        assertThat(run("--commit", "main,no-such-branch")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: ").contains("no-such-branch");
        assertThat(repository.resolve("_benchmark")).as("the folder it made, .gitignore and all").doesNotExist();
    }

    @Test
    void several_models_run_once_each_in_a_multirun_and_are_all_summarized() throws Exception {
        int code = run("backend.model=model-a,model-b", "scenario.input_shapes.batch_size=1,2", "--multirun");

        assertThat(code).as(err.toString()).isZero();
        String combined = Files.readString(runFolder().resolve("summary.json"));
        assertThat(combined).contains("\"model-a\": {", "\"model-b\": {",
                "\"scenario.input_shapes.batch_size=1\": {", "\"scenario.input_shapes.batch_size=2\": {");
        try (Stream<Path> files = Files.walk(runFolder().resolve("commit=" + main))) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("summary.json")).count()).isEqualTo(4);
        }
    }

    @Test
    void numbered_multirun_job_dirs_each_get_a_summary_and_are_all_summarized() throws Exception {
        String numbered = branch("numbered", STEADY + "FAKE_OB_JOB_NAMES=numbered\n");

        int code = run("--commit", numbered, "scenario.input_shapes.batch_size=1,2,4", "--multirun");

        assertThat(code).as(err.toString()).isZero();
        Path sweep = runFolder().resolve("commit=" + numbered);
        for (String job : List.of("0", "1", "2")) {
            assertThat(sweep.resolve(job).resolve("summary.json")).content(StandardCharsets.UTF_8)
                    .contains("\"commit\": \"" + numbered + "\"", "\"decode.latency.mean\"");
        }
        assertThat(sweep.resolve("scenario.input_shapes.batch_size=1")).doesNotExist();
        assertThat(runFolder().resolve("summaries.json")).content(StandardCharsets.UTF_8)
                .contains("\"config\": \"scenario.input_shapes.batch_size=1\"",
                        "\"config\": \"scenario.input_shapes.batch_size=2\"",
                        "\"config\": \"scenario.input_shapes.batch_size=4\"");
        assertThat(runFolder().resolve("summary.json")).content(StandardCharsets.UTF_8)
                .contains("\"scenario.input_shapes.batch_size=1\": {", "\"scenario.input_shapes.batch_size=2\": {",
                        "\"scenario.input_shapes.batch_size=4\": {");
    }

    @Test
    void default_metrics_leave_out_the_null_per_token_throughput_instead_of_crashing() throws Exception {
        List<String> args = new ArrayList<>(List.of("--config-dir", "benchmark/config", "--config-name", "tiny",
                "--executable", FakeEngine.executable().toString()));
        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, environment)
                .run(args.toArray(String[]::new));

        assertThat(code).as(err.toString()).isZero();
        String summary = Files.readString(runFolder().resolve("commit=" + main).resolve("summary.json"));
        assertThat(summary).contains("\"per_token.latency.mean\"").doesNotContain("per_token.throughput.value");
    }

    @Test
    void upload_sends_every_file_of_the_run_folder_to_the_dataset_and_never_the_token() throws Exception {
        String token = "hf_cliUploadToken77";
        try (HubTestServer hub = HubTestServer.start(token).createRepo("org/benchmarks")) {
            environment = Map.of("HF_ENDPOINT", hub.endpoint(), "HF_TOKEN", token);

            int code = run("--repo_id", "org/benchmarks", "--path_in_repo", "runs/pr-1");

            assertThat(code).as(err.toString()).isZero();
            Path run = runFolder();
            Map<String, byte[]> local = new TreeMap<>();
            try (Stream<Path> files = Files.walk(run)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    local.put("runs/pr-1/" + run.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
            Map<String, byte[]> uploaded = hub.files("org/benchmarks", "main");
            assertThat(uploaded.keySet()).containsExactlyInAnyOrderElementsOf(local.keySet())
                    .contains("runs/pr-1/summaries.json", "runs/pr-1/summary.json", "runs/pr-1/commit=" + main
                            + "/summary.json");
            local.forEach((path, bytes) -> assertThat(uploaded.get(path)).as(path).isEqualTo(bytes));
            assertThat(err.toString()).contains("Uploaded " + local.size() + " file(s) to dataset org/benchmarks at"
                    + " runs/pr-1").contains("Exit 0: ");
            assertThat(err.toString().split("Uploaded ", -1)).as("uploaded once per invocation").hasSize(2);
            assertThat(hub.requestLog()).as("one commit for the whole run")
                    .filteredOn(request -> request.startsWith("POST ") && request.contains("/commit/")).hasSize(1);
            byte[] secret = token.getBytes(StandardCharsets.UTF_8);
            uploaded.forEach((path, bytes) -> assertThat(indexOf(bytes, secret)).as(path).isNegative());
            assertThat(err.toString() + out).doesNotContain(token);
        }
    }

    @Test
    void upload_creates_a_missing_dataset_and_opens_a_pull_request_when_asked() throws Exception {
        try (HubTestServer hub = HubTestServer.start("hf_cliCreateToken5")) {
            environment = Map.of("HF_ENDPOINT", hub.endpoint(), "HF_TOKEN", "hf_cliCreateToken5");

            int code = run("--repo_id", "org/new-results", "--path_in_repo", "runs/1", "--create_repo", "--create_pr");

            assertThat(code).as(err.toString()).isZero();
            assertThat(hub.files("org/new-results", "main")).as("main stays empty").isEmpty();
            assertThat(hub.files("org/new-results", "refs/pr/1")).containsKeys("runs/1/summaries.json",
                    "runs/1/report.md");
            assertThat(err.toString()).contains("Created dataset repo org/new-results.").contains(
                    "file(s) to dataset org/new-results at runs/1: " + hub.endpoint()
                            + "/datasets/org/new-results/discussions/1");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void failed_upload_exits_3_keeps_the_results_and_never_prints_the_token() throws Exception {
        HttpServer hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/", exchange -> {
            byte[] body = "{\"error\":\"Invalid credentials in Authorization header\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hub.start();
        try {
            environment = Map.of("HF_ENDPOINT", "http://127.0.0.1:" + hub.getAddress().getPort(),
                    "HF_TOKEN", "hf_cliTestToken42");

            int code = run("--repo_id", "org/benchmarks", "--path_in_repo", "runs/1");

            assertThat(code).isEqualTo(3);
            assertThat(err.toString()).contains("Error: the upload of " + runFolder() + " to dataset org/benchmarks"
                    + " failed: ").contains("Exit 3: the upload failed; the results are kept in " + runFolder())
                    .doesNotContain("Exit 0");
            assertThat(runFolder().resolve("summaries.json")).isRegularFile();
            assertThat(err.toString() + out).doesNotContain("hf_cliTestToken42");

            err.getBuffer().setLength(0);
            int warnOnly = run("--repo_id", "org/benchmarks", "--path_in_repo", "runs/1", "--upload-warn-only");

            assertThat(warnOnly).as(err.toString()).isZero();
            assertThat(err.toString()).contains("Warning: the upload of ").contains(" to dataset org/benchmarks"
                    + " failed: The Hugging Face Hub rejected the token from HF_TOKEN").contains("Exit 0")
                    .doesNotContain("Error: the upload", "Exit 3");
        } finally {
            hub.stop(0);
        }
    }
}
