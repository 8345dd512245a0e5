package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.hub.HubTestServer;
import dev.commitbench.testing.BisectHistory;
import dev.commitbench.testing.FakeEngine;
import dev.commitbench.testing.GitCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies {@code commitbench bisect} end to end: a real git history made in the test, the fake
 * optimum-benchmark (each commit's {@code fake-engine.env} sets its latency; a counter file outside the
 * repository makes every run draw anew, reproducibly), the run folder's files, the console and the exit codes,
 * and every bad input with its message.
 */
class BisectCommandTests {

    private static final double MEAN = 0.010;

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Map<String, String> environment = Map.of();

    private int bisect(Path repository, String... args) {
        List<String> all = new ArrayList<>(List.of("bisect", "--config-dir", "benchmark/config", "--config-name", "tiny",
                "--executable", FakeEngine.executable().toString(),
                "--env", "FAKE_OB_COUNTER_FILE=" + temp.resolve("fake-counter")));
        all.addAll(List.of(args));
        return new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, environment)
                .run(all.toArray(String[]::new));
    }

    private static JsonNode json(Path file) {
        return JsonMapper.builder().build().readTree(file.toFile());
    }

    private static Path runFolder(Path repository) throws IOException {
        try (Stream<Path> folders = Files.list(repository.resolve("_benchmark"))) {
            List<Path> all = folders.filter(Files::isDirectory).toList();
            assertThat(all).as("run folders").hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void finds_the_exact_culprit_of_a_10_percent_step_among_33_commits_within_60_engine_runs() throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 33,
                i -> BisectHistory.fakeSettings(i >= 21 ? MEAN * 1.10 : MEAN, 100 + i));

        int code = bisect(history.repository(), "--good", history.sha(0), "--bad", "main",
                "--metric", "decode.latency.mean", "--threshold", "5");

        assertThat(code).as(err.toString()).isEqualTo(1);
        Path run = runFolder(history.repository());
        JsonNode result = json(run.resolve("bisect.json"));
        assertThat(result.get("kind").asString()).isEqualTo("SINGLE_STEP");
        assertThat(result.get("culprit").asString()).isEqualTo(history.sha(21));
        int engineRuns = result.get("engineRuns").asInt();
        assertThat(engineRuns).isLessThanOrEqualTo(60).isEqualTo(result.get("measurements").size());
        assertThat(result.get("commitsMaterialized").asInt()).isLessThan(33);
        assertThat(err.toString())
                .contains("Bisecting decode.latency.mean over 33 first-parent commits from " + history.sha(0).substring(0, 7)
                        + " (good) to main@" + history.sha(32).substring(0, 7) + " (bad), at most 120 engine runs.")
                .contains("Exit 1: main~11@" + history.sha(21).substring(0, 7) + " is the first bad commit (P ")
                .contains("First bad commit: " + history.sha(21) + " (main~11@" + history.sha(21).substring(0, 7)
                        + ") \"change 21\" by Author 21 <author-21@example.com>, ")
                .contains(engineRuns + " engine runs on " + result.get("commitsMaterialized").asInt() + " of the 33 commits. Run folder: " + run);
        assertThat(out.toString()).startsWith("## commitbench bisect");
        assertThat(run.resolve("report.md")).content(StandardCharsets.UTF_8).contains(history.sha(21).substring(0, 7));
        assertThat(run.resolve("report.html")).content(StandardCharsets.UTF_8).contains("<svg");
        assertThat(run.resolve("summaries.json")).content(StandardCharsets.US_ASCII)
                .contains("\"commit\": \"" + history.sha(0) + "\"", "\"commit\": \"" + history.sha(21) + "\"");
        assertThat(run.resolve("summary.json")).isRegularFile();
        assertThat(run.resolve("commit=" + history.sha(0)).resolve("summary.json")).isRegularFile();
        assertThat(run.resolve("round-2").resolve("commit=" + history.sha(0)).resolve("summary.json")).isRegularFile();
        assertThat(GitCommand.run(history.repository(), "worktree", "list").lines()).as("worktrees left").hasSize(1);
        assertThat(GitCommand.run(history.repository(), "status", "--porcelain")).isEmpty();
    }

    @Test
    void names_both_steps_of_a_history_with_two() throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 17,
                i -> BisectHistory.fakeSettings(MEAN * (i >= 5 ? 1.10 : 1) * (i >= 12 ? 1.10 : 1), 300 + i));

        int code = bisect(history.repository(), "--good", "main~16", "--bad", "main", "--metric", "decode.latency.mean");

        assertThat(code).as(err.toString()).isEqualTo(1);
        JsonNode result = json(runFolder(history.repository()).resolve("bisect.json"));
        assertThat(result.get("kind").asString()).as(result.get("summary").asString()).isEqualTo("TWO_STEPS");
        assertThat(result.get("steps").valueStream().map(JsonNode::asString).toList())
                .containsExactly(history.sha(5), history.sha(12));
        assertThat(err.toString()).contains("The two steps: ", "\"change 5\" by Author 5", "\"change 12\" by Author 12");
    }

    @Test
    void skips_a_commit_that_does_not_run_and_names_the_range_it_leaves() throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 9, i -> i == 5
                ? "FAKE_OB_MODE=fail\n" : BisectHistory.fakeSettings(i >= 6 ? MEAN * 1.10 : MEAN, 500 + i));

        int code = bisect(history.repository(), "--good", "main~8", "--bad", "main", "--metric", "decode.latency.mean");

        assertThat(code).as(err.toString()).isEqualTo(1);
        JsonNode result = json(runFolder(history.repository()).resolve("bisect.json"));
        assertThat(result.get("kind").asString()).as(result.get("summary").asString()).isEqualTo("RANGE");
        assertThat(result.get("range").valueStream().map(JsonNode::asString).toList())
                .containsExactly(history.sha(5), history.sha(6));
        assertThat(result.get("skipped").get(0).get("sha").asString()).isEqualTo(history.sha(5));
        assertThat(result.get("skipped").get(0).get("reason").asString()).contains("exit code 1");
        assertThat(err.toString()).contains("The first bad commit is one of: ", "\"change 5\" by Author 5",
                "\"change 6\" by Author 6", "failed: ");
    }

    @Test
    void bad_that_is_not_worse_exits_0_saying_so_with_the_interval() throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 5, i -> BisectHistory.fakeSettings(MEAN, 700 + i));

        int code = bisect(history.repository(), "--good", "main~4", "--bad", "main", "--metric", "decode.latency.mean");

        assertThat(code).as(err.toString()).isEqualTo(0);
        assertThat(err.toString()).containsPattern("Exit 0: No regression: bad \\(main@[0-9a-f]{7}\\) is [+-]\\d+\\.\\d%"
                + " \\[[+-]\\d+\\.\\d%, [+-]\\d+\\.\\d%\\] against good \\(main~4@[0-9a-f]{7}\\), below the threshold 5%\\.");
        assertThat(json(runFolder(history.repository()).resolve("bisect.json")).get("kind").asString())
                .isEqualTo("NO_REGRESSION");
    }

    @Test
    void the_run_folder_is_uploaded_like_a_run_and_the_token_never_written() throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, 800 + i));
        String token = "hf_bisectUploadToken42";
        try (HubTestServer hub = HubTestServer.start(token).createRepo("org/benchmarks")) {
            environment = Map.of("HF_ENDPOINT", hub.endpoint(), "HF_TOKEN", token);

            int code = bisect(history.repository(), "--good", "main~2", "--bad", "main", "--metric",
                    "decode.latency.mean", "--repo_id", "org/benchmarks", "--path_in_repo", "runs/bisect-1");

            assertThat(code).as(err.toString()).isZero();
            Map<String, byte[]> uploaded = hub.files("org/benchmarks", "main");
            assertThat(uploaded).containsKeys("runs/bisect-1/bisect.json", "runs/bisect-1/report.md",
                    "runs/bisect-1/report.html", "runs/bisect-1/summaries.json");
            assertThat(uploaded.get("runs/bisect-1/bisect.json"))
                    .isEqualTo(Files.readAllBytes(runFolder(history.repository()).resolve("bisect.json")));
            assertThat(err.toString()).contains("Uploaded " + uploaded.size() + " file(s) to dataset org/benchmarks at"
                    + " runs/bisect-1").doesNotContain(token);
            uploaded.values().forEach(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                    .doesNotContain(token));
        }
    }

    @Test
    void good_and_bad_the_same_commit_is_a_usage_error() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        int code = bisect(history.repository(), "--good", "HEAD", "--bad", "main", "--metric", "decode.latency.mean");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: The good commit [HEAD] and the bad commit [main] are the"
                + " same commit (" + history.sha(2).substring(0, 7) + "): there is nothing to bisect. Give as good an older"
                + " commit, one where the metric was fine, for example main~10.");
        assertThat(history.repository().resolve("_benchmark")).doesNotExist();
    }

    @Test
    void good_newer_than_bad_is_a_usage_error_that_says_to_swap_them() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        int code = bisect(history.repository(), "--good", "main", "--bad", "main~2", "--metric", "decode.latency.mean");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: The good commit [main] (" + history.sha(2).substring(0, 7)
                + ") is not an ancestor of the bad commit [main~2] (" + history.sha(0).substring(0, 7) + "): it is newer."
                + " Swap them: the good commit is the older one, where the metric was fine, and the bad one a later"
                + " commit where it is worse.");
    }

    @Test
    void good_on_another_branch_is_a_usage_error_that_names_the_merge_base() throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));
        Path repository = history.repository();
        GitCommand.run(repository, "checkout", "-q", "-b", "side", "main~1");
        Files.writeString(repository.resolve("side.txt"), "side\n");
        BisectHistory.commit(repository, "side change", 9);
        GitCommand.run(repository, "checkout", "-q", "main");

        int code = bisect(repository, "--good", "side", "--bad", "main", "--metric", "decode.latency.mean");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).containsPattern("^Usage error: The good commit \\[side\\] \\([0-9a-f]{7}\\) is not an"
                + " ancestor of the bad commit \\[main\\] \\(" + history.sha(2).substring(0, 7) + "\\): they are on"
                + " separate branches\\. Bisection searches the history that leads to the bad commit; give as good a"
                + " commit of that history, for example their merge-base " + history.sha(1).substring(0, 7) + "\\.");
    }

    @Test
    void good_merged_in_from_a_side_branch_has_no_first_parent_path_and_the_message_names_the_merge() throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 2, i -> BisectHistory.fakeSettings(MEAN, i));
        Path repository = history.repository();
        GitCommand.run(repository, "checkout", "-q", "-b", "side");
        Files.writeString(repository.resolve("side.txt"), "side\n");
        String side = BisectHistory.commit(repository, "side change", 9);
        GitCommand.run(repository, "checkout", "-q", "main");
        Files.writeString(repository.resolve("main.txt"), "main\n");
        BisectHistory.commit(repository, "main change", 8);
        GitCommand.run(repository, "-c", "user.name=Merger", "-c", "user.email=merger@example.com", "merge", "-q",
                "--no-ff", "-m", "Merge side", "side");
        String merge = GitCommand.run(repository, "rev-parse", "--short=7", "HEAD");

        int code = bisect(repository, "--good", side, "--bad", "main", "--metric", "decode.latency.mean");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: There is no first-parent path from the good commit [" + side
                + "] (" + side.substring(0, 7) + ") to the bad commit [main] (" + merge + "): the good commit is an"
                + " ancestor of bad but not on bad's first-parent history; it came in from a side branch with the merge "
                + merge + " (Merge side). Bisection searches the first-parent commits (each one the state of the branch"
                + " after a change); give as good a commit on that history, for example the merge's first parent "
                + merge + "^1.");
    }

    @Test
    void a_metric_that_no_report_has_is_a_usage_error_naming_it_and_the_close_and_available_paths() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        int code = bisect(history.repository(), "--good", "main~2", "--bad", "main", "--metric", "decode.latency.maen");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: The metric [decode.latency.maen] is in no report: the 1"
                + " report(s) read have no number at that path (a missing or null path is absent). Did you mean:"
                + " decode.latency.mean? Metric paths the reports have: load_model.latency.count,")
                .contains("decode.latency.p99").contains("The runs measured before the error are in ");
    }

    @Test
    void an_unknown_ref_is_a_usage_error_with_suggestions() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        int code = bisect(history.repository(), "--good", "mian", "--bad", "main", "--metric", "decode.latency.mean");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: Unknown commit [mian] in ").contains("Did you mean: main?");
    }

    @Test
    void flags_that_choose_commits_metrics_or_rounds_are_refused_with_what_to_use_instead() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        int commit = bisect(history.repository(), "--good", "main~2", "--bad", "main", "--metric", "decode.latency.mean",
                "--commit", "main~2,main");
        String commitMessage = err.toString();
        err.getBuffer().setLength(0);
        int rounds = bisect(history.repository(), "--good", "main~2", "--bad", "main", "--metric", "decode.latency.mean",
                "--rounds", "5");

        assertThat(commit).isEqualTo(2);
        assertThat(commitMessage).startsWith("Usage error: --commit is not used by bisect: bisect takes --good and --bad"
                + " instead: it searches every first-parent commit between them.");
        assertThat(rounds).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: --rounds is not used by bisect: the search decides how many"
                + " rounds each commit runs; bound the total with --max-runs.");
    }

    @Test
    void run_flags_before_bisect_are_a_usage_error_that_says_where_they_go() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), history.repository(), Map.of())
                .run("--threshold", "10", "bisect", "--good", "main~2", "--bad", "main", "--metric", "decode.latency.mean");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: [--threshold, 10] came before bisect; write bisect first,"
                + " then every flag (commitbench bisect --good REF --bad REF --metric PATH --threshold 10).");
    }

    @Test
    void a_budget_too_small_for_the_ends_and_a_good_that_is_not_a_commit_are_usage_errors() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        int budget = bisect(history.repository(), "--good", "main~2", "--bad", "main", "--metric", "decode.latency.mean",
                "--max-runs", "4");
        String budgetMessage = err.toString();
        err.getBuffer().setLength(0);
        int worktree = bisect(history.repository(), "--good", "main", "--bad", "WORKTREE", "--metric",
                "decode.latency.mean");

        assertThat(budget).isEqualTo(2);
        assertThat(budgetMessage).startsWith("Usage error: the engine-run budget must be at least 6 (3 rounds of good and"
                + " of bad before the search) but was [4]; the default is 120");
        assertThat(worktree).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: the bad commit must be one commit of the history (a branch,"
                + " tag or SHA) but was [WORKTREE]; ranges, lists, diff and WORKTREE are not bisected");
    }

    @Test
    void missing_required_flags_are_a_usage_error() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        int code = bisect(history.repository(), "--bad", "main");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: Missing required options: '--good=REF', '--metric=PATH'");
    }

    @Test
    void an_engine_that_cannot_start_exits_3() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        int code = bisect(history.repository(), "--good", "main~2", "--bad", "main", "--metric", "decode.latency.mean",
                "--executable", temp.resolve("no-such-optimum-benchmark").toString());

        assertThat(code).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("Error: ").contains("no-such-optimum-benchmark");
    }

    @Test
    void a_good_commit_that_never_runs_exits_3_saying_bisection_needs_both_ends() throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> i == 0 ? "FAKE_OB_MODE=fail\n"
                : BisectHistory.fakeSettings(MEAN, i));

        int code = bisect(history.repository(), "--good", "main~2", "--bad", "main", "--metric", "decode.latency.mean");

        assertThat(code).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("Exit 3: The good commit main~2@" + history.sha(0).substring(0, 7)
                + " could not be measured: ").contains("Bisection needs both ends to run; check that it builds and that"
                + " its report has decode.latency.mean.");
        assertThat(json(runFolder(history.repository()).resolve("bisect.json")).get("kind").asString())
                .isEqualTo("FAILED");
    }

    @Test
    void an_engine_usage_error_stops_the_bisection_with_exit_2() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> "FAKE_OB_MODE=usage\n");

        int code = bisect(history.repository(), "--good", "main~2", "--bad", "main", "--metric", "decode.latency.mean");

        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: ").contains("unrecognized arguments: --fake-usage-error")
                .contains("The runs measured before the error are in ");
    }

    @Test
    void the_command_engine_bisects_too_and_its_flags_reach_it() throws IOException {
        // the command engine times the command; "sleep" by a duration each commit carries in a file
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 5, i -> BisectHistory.fakeSettings(MEAN, i));

        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), history.repository(), Map.of())
                .run("bisect", "--good", "main~4", "--bad", "main", "--metric", "call.latency.mean", "--engine", "command",
                        "--command", "true", "--iterations", "3", "--warmups", "0", "--max-runs", "12");

        assertThat(code).as(err.toString()).isIn(0, 4);
        JsonNode result = json(runFolder(history.repository()).resolve("bisect.json"));
        assertThat(result.get("metric").asString()).isEqualTo("call.latency.mean");
        assertThat(result.get("engineRuns").asInt()).isLessThanOrEqualTo(12);
        assertThat(result.get("measurements").get(0).get("samples").size()).isEqualTo(3);
    }
}
