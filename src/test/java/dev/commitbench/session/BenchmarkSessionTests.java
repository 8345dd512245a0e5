package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.RunFailure;
import dev.commitbench.Verdict;
import dev.commitbench.report.CombinedReports;
import dev.commitbench.stats.Comparisons;
import dev.commitbench.engine.EngineUsageException;
import dev.commitbench.engine.HydraSyntax;
import dev.commitbench.testing.FakeEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Verifies that the session interleaves rounds, lays out run directories, adapts rounds and keeps results on failure. */
class BenchmarkSessionTests {

    private static final String METRIC = "decode.latency.mean";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STEADY = "FAKE_OB_MEAN=0.02\nFAKE_OB_CV=0.001\nFAKE_OB_SEED=7\n";

    @TempDir
    Path temp;

    private final List<String> runs = new ArrayList<>();
    private final ProgressListener recorder = (index, total, point, commit, round, elapsed, remaining, ok) ->
            runs.add(commit.label() + "#" + round + (point.isEmpty() ? "" : "@" + point) + (ok ? "" : "!"));

    @Test
    void runsCommitsInAbbaBlocksWhereBenchmarkPyPutsThem() throws Exception {
        Path repo = repo(STEADY, STEADY);
        try (var session = BenchmarkSession.start(plan(repo).build(), recorder)) {
            CombinedReport report = session.runAll();

            assertThat(runs).containsExactly("main#1", "HEAD#1", "HEAD#2", "main#2", "main#3", "HEAD#3");
            Commit main = session.commits().get(0);
            Path run = session.runDirectory();
            assertThat(run.getParent()).isEqualTo(temp.resolve("out"));
            assertThat(run.getFileName().toString()).matches("run-\\d{8}-\\d{6}-[0-9a-f]{6}");
            assertThat(run.resolve("commit=" + main.sha()).resolve("benchmark.json")).isRegularFile();
            assertThat(run.resolve("commit=" + main.sha()).resolve("summary.json")).isRegularFile();
            assertThat(run.resolve("round-3/commit=" + main.sha()).resolve("summary.json")).isRegularFile();
            assertThat(rounds(report, main)).isEqualTo(3);
            assertThat(report.comparisons()).singleElement()
                    .satisfies(c -> assertThat(c.verdict()).isEqualTo(Verdict.UNCHANGED));
            assertThat(session.summaries()).hasSize(6);
        }
        assertThat(SampleRepo.worktrees(repo)).as("worktrees pruned on close").hasSize(1);
    }

    @Test
    void severalPointsRunOnePointAtATimeInTheirOwnDirectories() {
        Path repo = repo(STEADY, STEADY);
        var points = List.of(new SweepPoint(Map.of("backend.model", "a")), new SweepPoint(Map.of("backend.model", "b")));
        try (var session = BenchmarkSession.start(plan(repo).points(points).rounds(2).build(), recorder)) {
            CombinedReport a = session.run(points.get(0));

            assertThat(runs).containsExactly("main#1@backend.model=a", "HEAD#1@backend.model=a",
                    "HEAD#2@backend.model=a", "main#2@backend.model=a");
            assertThat(a.models()).containsExactly("a");
            assertThat(session.runDirectory().resolve("commit=" + session.commits().get(1).sha())
                    .resolve("backend.model=a/benchmark.json")).isRegularFile();
            assertThat(session.runDirectory().resolve("round-2/commit=" + session.commits().get(1).sha())
                    .resolve("backend.model=a/benchmark.json")).isRegularFile();

            session.run(points.get(1));
            assertThat(session.report().models()).containsExactly("a", "b");
        }
    }

    @Test
    void aPointThatNeverRunsLeavesNoDirectoryBehind() throws Exception {
        Path repo = repo(STEADY, STEADY);
        var points = List.of(new SweepPoint(Map.of("backend.model", "a")), new SweepPoint(Map.of("backend.model", "b")));
        Path main;
        try (var session = BenchmarkSession.start(plan(repo).points(points).rounds(1).maxRounds(1).build(), recorder)) {
            session.run(points.get(0)); // a front end that runs one point only (an IDE rerunning one invocation)
            main = session.runDirectory().resolve("commit=" + session.commits().get(0).sha());
        }
        try (Stream<Path> pointDirs = Files.list(main)) {
            assertThat(pointDirs.map(p -> p.getFileName().toString())).containsExactly("backend.model=a");
        }
    }

    @Test
    void theWholeReportMergesThePointsReportsAndEqualsComparingEverythingAgain() {
        Path repo = repo(STEADY, "FAKE_OB_MEAN=0.04\nFAKE_OB_CV=0.001\nFAKE_OB_SEED=7\n");
        var points = List.of(new SweepPoint(Map.of("backend.model", "a")), new SweepPoint(Map.of("backend.model", "b")));
        BenchmarkPlan plan = plan(repo).points(points).rounds(2).build();
        try (var session = BenchmarkSession.start(plan, recorder)) {
            CombinedReport a = session.run(points.get(0));
            assertThat(session.report()).isEqualTo(a);

            CombinedReport b = session.run(points.get(1));
            CombinedReport all = session.report();

            assertThat(session.report()).as("computed once per new result").isSameAs(all);
            assertThat(all.models()).containsExactly("a", "b");
            assertThat(all.comparisons()).hasSize(2).allSatisfy(c -> assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED))
                    .containsExactlyElementsOf(Comparisons.compareAll(all, plan.comparison()))
                    .containsExactly(a.comparisons().get(0), b.comparisons().get(0));
            assertThat(all).isEqualTo(CombinedReports.from(session.commits(), session.summaries(),
                    plan.comparison().thresholdPercent()).toBuilder()
                    .comparisons(Comparisons.compareAll(all, plan.comparison())).thresholdPercent(plan.comparison().thresholdPercent())
                    .inconclusivePolicy(plan.policies().inconclusive())
                    .reportDirectory(session.runDirectory().toAbsolutePath().toString()).build());
        }
    }

    @Test
    void addsRoundsWhileAComparisonsGateIsUndecidedUpToMaxRoundsSayingSo() {
        Path repo = repo("FAKE_OB_MEAN=0.02\nFAKE_OB_CV=0.4\nFAKE_OB_SEED=1\nFAKE_OB_COUNTER_FILE=runs.count\n",
                "FAKE_OB_MEAN=0.021\nFAKE_OB_CV=0.4\nFAKE_OB_SEED=2\nFAKE_OB_COUNTER_FILE=runs.count\n");
        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProgressListener both = new ProgressListener() {
            @Override
            public void runFinished(int index, int total, String point, Commit commit, int round, java.time.Duration elapsed,
                    java.time.Duration remaining, boolean succeeded) {
                recorder.runFinished(index, total, point, commit, round, elapsed, remaining, succeeded);
            }

            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
        try (var session = BenchmarkSession.start(plan(repo).rounds(2).maxRounds(5).build(), both)) {
            CombinedReport report = session.runAll();

            assertThat(report.comparisons()).singleElement().satisfies(c -> {
                assertThat(c.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
                assertThat(c.gate()).isEqualTo(dev.commitbench.Gate.INCONCLUSIVE);
                assertThat(c.baselineRounds()).isEqualTo(5);
            });
            assertThat(notes).contains("1 gate undecided at the only point: running round 3 of at most 5",
                    "1 gate undecided at the only point: running round 5 of at most 5");
            assertThat(runs).containsExactly("main#1", "HEAD#1", "HEAD#2", "main#2", "main#3", "HEAD#3", "HEAD#4",
                    "main#4", "main#5", "HEAD#5");
        }
    }

    @Test
    void aDecidedComparisonRunsNoExtraRound() {
        Path repo = repo(STEADY, "FAKE_OB_MEAN=0.04\nFAKE_OB_CV=0.001\nFAKE_OB_SEED=7\n");
        try (var session = BenchmarkSession.start(plan(repo).rounds(2).maxRounds(6).build(), recorder)) {
            CombinedReport report = session.runAll();

            assertThat(report.comparisons()).singleElement().satisfies(c -> assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED));
            assertThat(runs).hasSize(4);
        }
    }

    @Test
    void aGateThatPassesStopsTheRoundsEvenWhenTheVerdictLeavesTheImprovementUndecided() {
        // 10% faster with noisy rounds: the interval crosses -5% (INCONCLUSIVE) but lies below +5% (the gate passes)
        Path repo = repo("FAKE_OB_MEAN=0.02\nFAKE_OB_CV=0.05\nFAKE_OB_PROCESS_CV=0.06\nFAKE_OB_SEED=3\n"
                + "FAKE_OB_COUNTER_FILE=runs.count\n", "FAKE_OB_MEAN=0.018\nFAKE_OB_CV=0.05\nFAKE_OB_PROCESS_CV=0.06\n"
                + "FAKE_OB_SEED=4\nFAKE_OB_COUNTER_FILE=runs.count\n");
        try (var session = BenchmarkSession.start(plan(repo).build(), recorder)) {
            CombinedReport report = session.runAll();

            assertThat(report.comparisons()).singleElement().satisfies(c -> {
                assertThat(c.verdict()).as(c.toString()).isEqualTo(Verdict.INCONCLUSIVE);
                assertThat(c.gate()).isEqualTo(dev.commitbench.Gate.PASS);
                assertThat(c.lowerPercent()).isLessThan(-5);
            });
            assertThat(runs).as("3 rounds, no more").hasSize(6);
        }
    }

    @Test
    void aFailedRunBecomesARunFailureAndTheOtherRunsKeepTheirResults() {
        Path repo = repo(STEADY, "FAKE_OB_MODE=fail\n");
        try (var session = BenchmarkSession.start(plan(repo).build(), recorder)) {
            CombinedReport report = session.runAll();

            assertThat(runs).containsExactly("main#1", "HEAD#1!", "HEAD#2!", "main#2", "main#3", "HEAD#3!");
            Commit main = session.commits().get(0);
            assertThat(rounds(report, main)).isEqualTo(3);
            assertThat(report.failures()).hasSize(3).allSatisfy(f -> {
                assertThat(f.commit().label()).isEqualTo("HEAD");
                assertThat(f.runDirectory()).contains("commit=" + session.commits().get(1).sha());
            });
            assertThat(report.failures()).extracting(RunFailure::round).containsExactly(1, 2, 3);
            assertThat(session.hasFailures()).isTrue();
        }
    }

    @Test
    void warnsOnceAboutAMetricFoundInNoReportListingTheNumericPathsTheReportsHave() {
        Path repo = repo(STEADY, STEADY);
        List<String> notes = new ArrayList<>();
        var plan = plan(repo).metrics(List.of(METRIC, "decode.latency.p42")).rounds(2);
        try (var session = BenchmarkSession.start(plan.build(), noting(notes))) {
            session.runAll();
        }
        assertThat(notes).singleElement().asString()
                .startsWith("Metric path(s) [decode.latency.p42] found in no report of the 2 run(s) read")
                .contains("Choose metrics the reports have: ", "decode.latency.mean", "prefill.latency.mean")
                .doesNotContain("latency.unit", "latency.values");
    }

    @Test
    void anEngineThatExits0ButWritesNoReportFailsTheRunNamingTheRunDirectoryAndTheLog() {
        Path repo = repo(STEADY, STEADY);
        try (var session = BenchmarkSession.start(plan(repo).executable(List.of("/bin/true")).rounds(1).maxRounds(1).build(),
                recorder)) {
            CombinedReport report = session.runAll();

            assertThat(runs).containsExactly("main#1!", "HEAD#1!");
            assertThat(report.failures()).hasSize(2).allSatisfy(f -> assertThat(f.message())
                    .isEqualTo("optimum-benchmark exited 0 but wrote no report in [" + f.runDirectory() + "]; see ["
                            + Path.of(f.runDirectory()).resolve("engine.log") + "]"));
            assertThat(session.hasFailures()).isTrue();
        }
    }

    @Test
    void aNaNMetricIsANoteNamingTheMetricAndTheRunDirectory() {
        Path repo = repo(STEADY, STEADY + "FAKE_OB_MODE=nan\n");
        List<String> notes = new ArrayList<>();
        try (var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).build(), noting(notes))) {
            session.runAll();

            Path head = session.runDirectory().resolve("commit=" + session.commits().get(1).sha()).toAbsolutePath();
            assertThat(notes).contains("metric decode.latency.mean is NaN in [" + head
                    + "]: it is left out of the comparison; see the engine's log there");
        }
    }

    @Test
    void aUsageErrorStopsEverythingAtOnce() {
        Path repo = repo("FAKE_OB_MODE=usage\n", STEADY);
        try (var session = BenchmarkSession.start(plan(repo).build(), recorder)) {
            assertThatThrownBy(session::runAll).isInstanceOf(EngineUsageException.class);
            assertThat(runs).isEmpty();
            // the next run's directory, prepared while the first ran, is gone with the run that never came
            assertThat(session.runDirectory().resolve("commit=" + session.commits().get(1).sha())).doesNotExist();
            assertThat(session.runDirectory().resolve("commit=" + session.commits().get(0).sha()).resolve("engine.log"))
                    .content().contains("usage");
        }
    }

    @Test
    void withOptimumBenchmarkWhatFollowsARunIsDoneInRunOrderOffTheCallersThread() {
        Path repo = repo(STEADY, STEADY);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProgressListener listener = (index, total, point, commit, round, elapsed, remaining, ok) -> {
            threads.add(Thread.currentThread().getName());
            recorder.runFinished(index, total, point, commit, round, elapsed, remaining, ok);
        };
        try (var session = BenchmarkSession.start(plan(repo).build(), listener)) {
            CombinedReport report = session.runAll();

            assertThat(runs).containsExactly("main#1", "HEAD#1", "HEAD#2", "main#2", "main#3", "HEAD#3");
            assertThat(threads).hasSize(6).containsOnly("commitbench-after-run");
            assertThat(session.summaries()).extracting(s -> s.runDirectory()).doesNotHaveDuplicates().hasSize(6);
            assertThat(report.comparisons()).singleElement()
                    .satisfies(c -> assertThat(c.verdict()).isEqualTo(Verdict.UNCHANGED));
        }
    }

    @Test
    void closingTheSessionLeavesNoThreadOfItsOwnBehind() throws Exception {
        Path repo = repo(STEADY, STEADY);
        List<Thread> before = sessionThreads();
        try (var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).build(), recorder)) {
            session.runAll();
            assertThat(sessionThreads()).hasSizeGreaterThan(before.size());
        }
        for (int i = 0; i < 100 && sessionThreads().size() > before.size(); i++) {
            Thread.sleep(20); // an executor's thread ends just after its shutdown returns
        }
        assertThat(sessionThreads()).containsExactlyInAnyOrderElementsOf(before);
    }

    private static List<Thread> sessionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("commitbench-") && t.isAlive()).toList();
    }

    @Test
    void withTheCommandEngineNothingRunsBesideItsProcessesWhatFollowsARunIsDoneOnTheCallersThread() {
        Path repo = repo(STEADY, STEADY);
        List<String> threads = new ArrayList<>();
        ProgressListener listener = (index, total, point, commit, round, elapsed, remaining, ok) ->
                threads.add(Thread.currentThread().getName() + (ok ? "" : " FAILED"));
        try (var session = BenchmarkSession.start(plan(repo).engine("command").command(List.of("true")).iterations(2)
                .rounds(2).build(), listener)) {
            session.runAll();

            assertThat(threads).hasSize(4).containsOnly(Thread.currentThread().getName());
        }
    }

    @Test
    void aSummaryThatCannotBeWrittenStopsThePlanNamingTheFile() throws Exception {
        Path repo = repo(STEADY, STEADY);
        Path out = temp.resolve("out");
        String head = SampleRepo.sha(repo, "HEAD");
        Files.createDirectories(out.resolve("commit=" + head).resolve("summary.json"));
        try (var session = BenchmarkSession.start(plan(repo).ensureEmpty(false).build(), recorder)) {
            assertThatThrownBy(session::runAll).hasMessageContaining("Cannot write [" + out.toAbsolutePath()
                    .resolve("commit=" + head).resolve("summary.json") + "]")
                    .hasMessageContaining("Make [" + out.toAbsolutePath().resolve("commit=" + head)
                            + "] a writable directory, or choose another output directory");
            assertThat(runs).as("the baseline's run before it").startsWith("main#1");
            assertThat(session.summaries()).extracting(s -> s.commit()).startsWith(session.commits().get(0).sha());
        }
    }

    @Test
    void aUsageErrorInALaterCommitKeepsWhatWasMeasuredForTheRunFiles() throws Exception {
        Path repo = repo(STEADY, "FAKE_OB_MODE=usage\n");
        try (var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).build(), recorder)) {
            String baseline = session.commits().get(0).sha();
            assertThatThrownBy(session::runAll).isInstanceOf(EngineUsageException.class);

            assertThat(session.summaries()).extracting(s -> s.commit()).containsExactly(baseline);
            assertThat(session.hasFailures()).isTrue();
            assertThat(session.report().failures()).singleElement().satisfies(f -> {
                assertThat(f.commit()).isEqualTo(session.commits().get(1));
                assertThat(f.message()).contains("usage error (exit code 2)");
            });
            session.writeRunFiles();
            assertThat(session.runDirectory().resolve("summaries.json")).content().contains(baseline);
            assertThat(session.runDirectory().resolve("summary.json")).content().contains(baseline);
            assertThat(session.runDirectory().resolve("commitbench.json")).content().contains("exit code 2");
        }
    }

    @Test
    void aMissingConfigDirInOneCommitFailsOnlyThatCommitsRuns() {
        Path repo = repoWithoutConfigInTheCandidate();
        try (var session = BenchmarkSession.start(plan(repo).commits(List.of("main", "feature")).rounds(1).maxRounds(1).build(), recorder)) {
            CombinedReport report = session.runAll();

            assertThat(report.failures()).singleElement().satisfies(f -> {
                assertThat(f.commit().label()).isEqualTo("feature");
                assertThat(f.message()).contains("Config dir [benchmark/config] does not exist in commit feature@",
                        "configFromCheckout = true", "--config-from-checkout");
            });
            assertThat(session.summaries()).singleElement()
                    .satisfies(s -> assertThat(s.commit()).isEqualTo(session.commits().get(0).sha()));
        }
    }

    @Test
    void configFromCheckoutResolvesTheConfigDirAgainstTheCurrentCheckoutForEveryCommitAndRecordsIt() throws Exception {
        Path repo = repoWithoutConfigInTheCandidate();
        try (var session = BenchmarkSession.start(plan(repo).commits(List.of("main", "feature")).rounds(1).maxRounds(1)
                .configFromCheckout(true).build(), recorder)) {
            CombinedReport report = session.runAll();
            session.writeRunFiles();

            assertThat(report.failures()).isEmpty();
            assertThat(session.summaries()).hasSize(2);
            JsonNode plan = JSON.readTree(session.runDirectory().resolve("commitbench.json").toFile()).get("plan");
            assertThat(plan.get("configFromCheckout").asBoolean()).isTrue();
            String checkoutConfig = repo.toRealPath().resolve("benchmark/config").toString();
            for (Commit commit : session.commits()) {
                assertThat(plan.get("configDirs").get(commit.sha()).asString()).isEqualTo(checkoutConfig);
            }
        }
    }

    @Test
    void withoutConfigFromCheckoutEachCommitsConfigDirIsInItsOwnWorkspaceAndRecorded() throws Exception {
        Path repo = repo(STEADY, STEADY);
        try (var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).build(), recorder)) {
            session.runAll();
            session.writeRunFiles();

            JsonNode plan = JSON.readTree(session.runDirectory().resolve("commitbench.json").toFile()).get("plan");
            assertThat(plan.get("configFromCheckout").asBoolean()).isFalse();
            List<String> dirs = session.commits().stream().map(c -> plan.get("configDirs").get(c.sha()).asString()).toList();
            assertThat(dirs).hasSize(2).doesNotHaveDuplicates().allSatisfy(dir -> {
                assertThat(dir).startsWith(temp.resolve("workspaces").toString()).endsWith("benchmark/config");
                assertThat(dir).doesNotStartWith(repo.toString() + "/");
            });
        }
    }

    @Test
    void workspaceWarningsReachTheListenerOnceEach() {
        assumeFalse(onPath("git-lfs"), "git-lfs is installed, so LFS pointer files get no warning");
        Map<String, String> head = new java.util.HashMap<>(SampleRepo.fakeEngineFiles(STEADY));
        head.put(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n");
        head.put("model.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:"
                + "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n");
        Path repo = SampleRepo.create(temp.resolve("repo"), SampleRepo.fakeEngineFiles(STEADY), head);
        List<String> notes = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void runFinished(int index, int total, String point, Commit commit, int round, Duration elapsed,
                    Duration remaining, boolean succeeded) {
            }

            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
        try (var session = BenchmarkSession.start(plan(repo).rounds(2).build(), listener)) {
            session.runAll();
            assertThat(notes).singleElement().asString().contains("Commit HEAD@", "has 1 Git LFS pointer file(s)",
                    "model.bin", "Install git-lfs");
        }
    }

    @Test
    void aFailingSetupFailsThatCommitsRunsNamingTheLogAndTheOtherCommitStillRuns() {
        Path repo = repo(STEADY, STEADY);
        try (var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).setup("[ \"${ref}\" = main ] || exit 3").build(),
                recorder)) {
            CombinedReport report = session.runAll();

            Commit head = session.commits().get(1);
            assertThat(report.failures()).singleElement().satisfies(f -> {
                assertThat(f.commit()).isEqualTo(head);
                assertThat(f.message()).contains("setup failed for " + head.displayName(), "exit code 3",
                        "setup-" + head.sha().substring(0, 12) + ".log");
                String log = f.message().replaceAll("(?s).*see the log (\\S+\\.log).*", "$1");
                assertThat(Path.of(log)).isRegularFile().content().contains("exit 3");
            });
            assertThat(session.runDirectory().resolve("commit=" + head.sha())).as("no run, no run directory")
                    .doesNotExist();
            assertThat(session.summaries()).singleElement()
                    .satisfies(s -> assertThat(s.commit()).isEqualTo(session.commits().get(0).sha()));
        }
    }

    @Test
    void theEnvironmentWithWorkspacePlaceholdersReachesTheEngineProcess() throws Exception {
        Path repo = repo(STEADY, STEADY);
        try (var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1)
                .env("FAKE_OB_COUNTER_FILE", "${workspace}/runs.count").build(), recorder)) {
            session.runAll();

            List<Path> counters;
            try (var files = Files.walk(temp.resolve("workspaces"))) {
                counters = files.filter(f -> f.getFileName().toString().equals("runs.count")).toList();
            }
            assertThat(counters).as("one counter file in each commit's own workspace").hasSize(2)
                    .allSatisfy(f -> {
                        assertThat(f).content().isEqualToIgnoringNewLines("1");
                        assertThat(f.resolveSibling("fake-engine.env")).isRegularFile();
                    });
        }
    }

    @Test
    void inPlaceEveryRunChecksItsCommitOutAgainAndSetsItUpAgain() throws Exception {
        Path repo = repo(STEADY, STEADY);
        Path setups = temp.resolve("setups.txt");
        try (var session = BenchmarkSession.start(plan(repo).rounds(2).checkout(dev.commitbench.git.CheckoutMode.IN_PLACE)
                .setup("echo ${ref} $(git rev-parse HEAD) >> " + setups).build(), recorder)) {
            session.runAll();

            assertThat(runs).containsExactly("main#1", "HEAD#1", "HEAD#2", "main#2");
            String main = session.commits().get(0).sha();
            String head = session.commits().get(1).sha();
            assertThat(Files.readAllLines(setups)).as("A B B A: set up on each of the 3 checkouts, at the right commit")
                    .containsExactly("main " + main, "HEAD " + head, "main " + main);
        }
    }

    private Path repoWithoutConfigInTheCandidate() {
        Path repo = repo(STEADY, STEADY);
        SampleRepo.git(repo, "rm", "-r", "-q", "benchmark");
        SampleRepo.git(repo, "commit", "-q", "-m", "no config");
        SampleRepo.git(repo, "checkout", "-q", "main");
        return repo;
    }

    private static boolean onPath(String executable) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, executable)));
    }

    @Test
    void writesTheRunLevelFiles() {
        Path repo = repo(STEADY, STEADY);
        try (var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).build(), recorder)) {
            session.runAll();
            session.writeRunFiles();
            for (String file : List.of("summaries.json", "summary.json", "commitbench.json", "report.md", "report.html")) {
                assertThat(session.runDirectory().resolve(file)).isNotEmptyFile();
            }
        }
    }

    @Test
    void aRunFileThatCannotBeWrittenIsNamedAndTheOthersAreStillWritten() throws Exception {
        Path repo = repo(STEADY, STEADY);
        try (var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).build(), recorder)) {
            session.runAll();
            Path run = session.runDirectory();
            Files.createDirectory(run.resolve("report.html"));

            assertThatThrownBy(session::writeRunFiles).isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessage("Could not write the HTML report [" + run.resolve("report.html")
                            + "]: check that the folder exists or can be created and is writable.")
                    .hasNoSuppressedExceptions();
            assertThat(run.resolve("report.md")).isNotEmptyFile();
            assertThat(run.resolve("commitbench.json")).isNotEmptyFile();

            Files.delete(run.resolve("summaries.json"));
            Files.createDirectory(run.resolve("summaries.json"));
            assertThatThrownBy(session::writeRunFiles).as("the first file's failure, the HTML's beside it")
                    .hasMessageStartingWith("Cannot write [" + run.resolve("summaries.json") + "]")
                    .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                            .asString().startsWith("Could not write the HTML report"));
        }
    }

    @Test
    void writingTheRunFilesAndClosingRemovesTheWorkspacesMeanwhileAndClosesOnFailureToo() throws Exception {
        Path repo = repo(STEADY, STEADY);
        var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).build(), recorder);
        session.runAll();
        assertThat(SampleRepo.worktrees(repo)).hasSize(3);

        session.writeRunFilesAndClose();
        for (String file : List.of("summaries.json", "summary.json", "commitbench.json", "report.md", "report.html")) {
            assertThat(session.runDirectory().resolve(file)).isNotEmptyFile();
        }
        assertThat(SampleRepo.worktrees(repo)).as("worktrees removed").hasSize(1);
        assertThat(session.report().comparisons()).hasSize(1);

        var failing = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).build(), recorder);
        failing.runAll();
        Files.createDirectory(failing.runDirectory().resolve("report.html"));
        assertThatThrownBy(failing::writeRunFilesAndClose).hasMessageStartingWith("Could not write the HTML report [");
        assertThat(SampleRepo.worktrees(repo)).as("removed although writing failed").hasSize(1);
        failing.close(); // already closed: nothing to do
    }

    @Test
    void writesOnlyThePlansReportFormats() throws Exception {
        Path repo = repo(STEADY, STEADY);
        var markdownOnly = plan(repo).rounds(1).maxRounds(1).reportFormats(java.util.Set.of(OutputSettings.ReportFormat.MARKDOWN));
        try (var session = BenchmarkSession.start(markdownOnly.build(), recorder)) {
            session.runAll();
            session.writeRunFiles();
            assertThat(session.runDirectory().resolve("report.html")).doesNotExist();
            assertThat(java.nio.file.Files.readString(session.runDirectory().resolve("report.md")))
                    .contains("every sample in `commitbench.json`").doesNotContain("report.html");
        }
        try (var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).reportFormats(java.util.Set.of()).build(),
                recorder)) {
            session.runAll();
            session.writeRunFiles();
            assertThat(session.runDirectory().resolve("report.md")).doesNotExist();
            assertThat(session.runDirectory().resolve("report.html")).doesNotExist();
            assertThat(session.runDirectory().resolve("commitbench.json")).isNotEmptyFile();
        }
    }

    @Test
    void aSweepValueReachesTheEngineAsTheLiteralFolderItNames() throws Exception {
        Path repo = repo(STEADY, STEADY);
        Path model = Files.createDirectories(temp.resolve("models/tiny gpt2 n_layer=2,n_embd=64"));
        var point = new SweepPoint(Map.of("backend.model", model.toString()));
        try (var session = BenchmarkSession.start(plan(repo).points(List.of(point)).rounds(1).build(), recorder)) {
            CombinedReport report = session.run(point);

            assertThat(report.failures()).isEmpty();
            assertThat(report.models()).containsExactly(model.toString());
            Path run = session.runDirectory().resolve("commit=" + session.commits().get(0).sha());
            assertThat(run.resolve(".hydra/overrides.yaml"))
                    .hasContent("- backend.model=" + HydraSyntax.value(model.toString()));
            assertThat(Files.readString(run.resolve(".hydra/hydra.yaml")))
                    .contains("- hydra.run.dir=" + HydraSyntax.value(run.toString()));
        }
    }

    @Test
    void aPlanWithAnOverrideHydraCannotTakeIsRejectedBeforeAnyGitWorkNamingIt() {
        Path notARepo = temp.resolve("nothing-here");
        var point = new SweepPoint(Map.of("backend.model", "${oc.env:MODEL}"));
        assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).points(List.of(point)).build(), recorder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the sweep point [backend.model=${oc.env:MODEL}] cannot be passed to optimum-benchmark: the"
                        + " value [${oc.env:MODEL}] holds ${, which Hydra and OmegaConf resolve as an interpolation, so it"
                        + " cannot be passed as written: use a value (or, for a folder, a path) without ${");
        Path output = temp.resolve("out/${now:%Y}");
        assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).outputDir(output).build(), recorder))
                .hasMessage("'outputDir' [" + output + "] cannot hold optimum-benchmark's run directories"
                        + " (hydra.run.dir): the value [" + output + "] holds ${, which Hydra and OmegaConf resolve as an"
                        + " interpolation, so it cannot be passed as written: use a value (or, for a folder, a path)"
                        + " without ${. Choose another output folder.");
        var commandPoint = new SweepPoint(Map.of("any key", "${x}"));
        // the command engine takes any key and value: they fill placeholders, not Hydra overrides
        assertThatCode(() -> plan(notARepo).engine("command").command(List.of("true")).points(List.of(commandPoint))
                .build()).doesNotThrowAnyException();
    }

    @Test
    void aBadPlanIsRejectedBeforeAnyGitWorkNamingTheSetting() {
        Path notARepo = temp.resolve("nothing-here");
        assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).rounds(0).build(), recorder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'rounds' must be at least 1 but was [0]");
        assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).pointDirectories(null).build(), recorder))
                .hasMessage("'pointDirectories' must be PER_POINT, SHARED or OVERRIDE_DIRNAME");
        assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).rounds(3).maxRounds(2).build(), recorder))
                .hasMessage("'maxRounds' must be at least 'rounds' (3) but was [2]");
        assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).engine("perf").build(), recorder))
                .hasMessage("'engine' must be one of [optimum-benchmark, command] but was [perf]");
        assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).engine("command").build(), recorder))
                .hasMessageStartingWith("'command' must be set when 'engine' is command");
        assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).commits(List.of()).build(), recorder))
                .hasMessageStartingWith("'commits' must list at least one commit");
        assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).thresholdPercent(0).build(), recorder))
                .hasMessage("'threshold' must be a positive percentage, e.g. 5, but was [0.0]");
        assertThat(notARepo).doesNotExist();
    }

    @Test
    void twoSessionsOnOneRepositoryAtOnceNeverCollide() throws Exception {
        Path repo = repo(STEADY, STEADY);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var tasks = List.<java.util.concurrent.Callable<Path>>of(() -> runQuietly(repo), () -> runQuietly(repo));
            var runFolders = new ArrayList<Path>();
            for (var future : pool.invokeAll(tasks)) {
                runFolders.add(future.get());
            }
            assertThat(runFolders.get(0)).isNotEqualTo(runFolders.get(1));
        } finally {
            pool.shutdownNow();
        }
        assertThat(SampleRepo.worktrees(repo)).as("every worktree removed and pruned").hasSize(1);
        assertThat(repo.resolve(".git/" + RepositoryLock.FILE_NAME)).exists();
    }

    private Path runQuietly(Path repo) {
        try (var session = BenchmarkSession.start(plan(repo).rounds(1).maxRounds(1).build(), ProgressListener.SILENT)) {
            assertThat(session.runAll().failures()).isEmpty();
            return session.runDirectory();
        }
    }

    @Test
    void materializesEachCommitOnceAcrossPointsAndRounds() throws Exception {
        Path repo = repo(STEADY, STEADY);
        Path setupLog = temp.resolve("setup.log");
        var points = List.of(new SweepPoint(Map.of("backend.model", "a")), new SweepPoint(Map.of("backend.model", "b")));
        List<Integer> worktreesDuringRuns = new ArrayList<>();
        ProgressListener countingWorktrees = (index, total, point, commit, round, elapsed, remaining, ok) -> {
            recorder.runFinished(index, total, point, commit, round, elapsed, remaining, ok);
            worktreesDuringRuns.add(SampleRepo.worktreeCount(repo)); // the next commit's may be in the making
        };
        BenchmarkPlan plan = plan(repo).points(points).rounds(3).setup("echo ${sha} >> '" + setupLog + "'").build();
        try (var session = BenchmarkSession.start(plan, countingWorktrees)) {
            session.runAll();

            assertThat(runs).hasSize(12).doesNotContain("!");
            assertThat(Files.readAllLines(setupLog)).as("setup runs once per materialized commit")
                    .containsExactlyInAnyOrder(session.commits().get(0).sha(), session.commits().get(1).sha());
            assertThat(worktreesDuringRuns).as("the repository plus one worktree per commit, never more")
                    .hasSize(12).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3)).last().isEqualTo(3);
            Path sessionRoot;
            try (Stream<Path> roots = Files.list(temp.resolve("workspaces"))) {
                sessionRoot = roots.toList().get(0);
            }
            try (Stream<Path> checkouts = Files.list(sessionRoot)) {
                assertThat(checkouts.filter(Files::isDirectory)).as("one checkout per commit under the workspace root")
                        .hasSize(2);
            }
        }
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsNamedWithWhatToDo() throws Exception {
        Path repo = repo(STEADY, STEADY);
        Path file = java.nio.file.Files.writeString(temp.resolve("a-file"), "not a directory");
        Path output = file.resolve("out");

        assertThatThrownBy(() -> BenchmarkSession.start(plan(repo).outputDir(output).ensureEmpty(false).build(), recorder))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("cannot create the output directory [" + output.toAbsolutePath()
                        + "]: check that it is writable, or set another output directory");
        assertThatThrownBy(() -> BenchmarkSession.start(plan(repo).outputDir(output).build(), recorder))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("cannot create a run folder under [" + output.toAbsolutePath()
                        + "]: check that it is writable, or set another output directory");
    }

    @Test
    void aMissingOrBlankConfigNameIsRejectedNamingTheSetting() {
        Path notARepo = temp.resolve("nothing-here");
        for (String name : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).configName(name).build(), recorder))
                    .as("configName [%s]", name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'configName' must name the optimum-benchmark config (--config-name), e.g. generation");
        }
        assertThat(notARepo).doesNotExist();
    }

    @Test
    void runFoldersAreUnique() {
        Path a = RunFiles.createRunFolder(temp.resolve("out"));
        Path b = RunFiles.createRunFolder(temp.resolve("out"));
        assertThat(a).isDirectory().isNotEqualTo(b);
        assertThat(b).isDirectory();
    }

    @Test
    void consoleProgressPrintsOneLinePerRun() {
        var commit = new Commit("5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e", "HEAD");
        assertThat(ConsoleProgress.line(3, 12, "backend.model=gpt2", commit, 2, Duration.ofMillis(12_300),
                Duration.ofSeconds(45), true)).isEqualTo("[3/12] backend.model=gpt2 · HEAD@5d6e7f8 · round 2 · 12.3s elapsed · ~45.0s left");
        assertThat(ConsoleProgress.line(1, 2, "", commit, 1, Duration.ofSeconds(75), Duration.ofSeconds(1), false))
                .isEqualTo("[1/2] HEAD@5d6e7f8 · round 1 · 1m15s elapsed · ~1.0s left · FAILED");
    }

    /** The recorder, also keeping the session's notes. */
    /** Verifies that WORKTREE measures the uncommitted change, records its tree, and leaves the user's tree as it was. */
    @Test
    void worktreeMeasuresTheUncommittedChangeAndRecordsItsTree() throws Exception {
        Path repo = repo(STEADY, STEADY);
        Files.writeString(repo.resolve("fake-engine.env"), "FAKE_OB_MEAN=0.03\nFAKE_OB_CV=0.001\nFAKE_OB_SEED=7\n");
        String status = dev.commitbench.testing.GitCommand.run(repo, "--no-optional-locks", "status", "--porcelain");
        List<String> notes = new ArrayList<>();

        try (var session = BenchmarkSession.start(plan(repo).commits(List.of("HEAD", "WORKTREE")).rounds(2).build(),
                noting(notes))) {
            CombinedReport report = session.runAll();
            session.writeRunFiles();

            Commit worktree = session.commits().get(1);
            assertThat(worktree.displayName()).startsWith("WORKTREE@");
            assertThat(report.comparisons()).singleElement().satisfies(c -> {
                assertThat(c.candidate()).isEqualTo(worktree);
                assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED);
            });
            JsonNode json = JSON.readTree(session.runDirectory().resolve("commitbench.json").toFile());
            assertThat(json.path("plan").path("commits").get(1).path("tree").asString()).isEqualTo(worktree.tree())
                    .isEqualTo(dev.commitbench.testing.GitCommand.run(repo, "rev-parse", worktree.sha() + "^{tree}"));
            assertThat(json.path("commits").get(1).path("tree").asString()).isEqualTo(worktree.tree());
            assertThat(Files.readString(session.runDirectory().resolve("report.md")))
                    .contains("`" + worktree.displayName() + "` is the working tree with its uncommitted changes, as it"
                            + " was when the run started (tree `" + worktree.tree() + "`; `git show " + worktree.shortSha()
                            + "` shows the changes).");
        }
        assertThat(notes).anyMatch(n -> n.startsWith("WORKTREE is the working tree as it is now"))
                .noneMatch(n -> n.startsWith("The working tree has uncommitted changes"));
        assertThat(dev.commitbench.testing.GitCommand.run(repo, "--no-optional-locks", "status", "--porcelain"))
                .isEqualTo(status).isEqualTo("M fake-engine.env");
        assertThat(SampleRepo.worktrees(repo)).hasSize(1);
    }

    @Test
    void aDirtyTreeWhoseChangesAreNotMeasuredGetsANote() throws Exception {
        Path repo = repo(STEADY, STEADY);
        Files.writeString(repo.resolve("notes.txt"), "untracked");
        List<String> notes = new ArrayList<>();

        try (var session = BenchmarkSession.start(plan(repo).rounds(1).build(), noting(notes))) {
            session.runAll();
        }

        assertThat(notes).contains("The working tree has uncommitted changes (1 path), which are not measured: commits"
                + " are benchmarked as committed. To measure them, add WORKTREE to the commits (commits = {\"HEAD\","
                + " \"WORKTREE\"}, or --commit HEAD,WORKTREE on the command line), or use diff+worktree.");
    }

    @Test
    void worktreeInPlaceIsRefusedBeforeAnyGitWork() {
        Path notARepo = temp.resolve("not-a-repo");

        assertThatThrownBy(() -> BenchmarkSession.start(plan(notARepo).commits(List.of("diff+worktree"))
                .checkout(dev.commitbench.git.CheckoutMode.IN_PLACE).build(), recorder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'commits' [diff+worktree] names WORKTREE, the uncommitted changes, which in-place mode"
                        + " cannot measure: it checks every commit out in the working tree itself, so it needs a clean"
                        + " one and would replace the changes. Use checkout = worktree, the default (on the command line,"
                        + " leave out --in-place)");
    }

    /** Verifies that the same uncommitted changes reuse the cached workspace (the snapshot commit is the same). */
    @Test
    void theSameUncommittedChangesReuseTheCachedWorkspace() throws Exception {
        Path repo = repo(STEADY, STEADY);
        Files.writeString(repo.resolve("notes.txt"), "untracked");
        Path cache = temp.resolve("cache");
        BenchmarkPlan plan = plan(repo).commits(List.of("HEAD", "WORKTREE")).rounds(1).cacheDir(cache).build();
        String sha;
        try (var session = BenchmarkSession.start(plan, recorder)) {
            session.runAll();
            sha = session.commits().get(1).sha();
        }
        Files.writeString(cache.resolve(sha).resolve("marker"), "made by the first run");
        List<String> notes = new ArrayList<>();

        try (var session = BenchmarkSession.start(plan, noting(notes))) {
            session.runAll();
            assertThat(session.commits().get(1).sha()).isEqualTo(sha);
        }

        assertThat(cache.resolve(sha).resolve("marker")).as("reused, not made again").exists();
        assertThat(cache.resolve(sha).resolve("notes.txt")).content().isEqualTo("untracked");
        assertThat(notes).noneMatch(n -> n.contains("was made again") || n.contains("did not match"));
    }

    private ProgressListener noting(List<String> notes) {
        return new ProgressListener() {
            @Override
            public void runFinished(int index, int total, String point, Commit commit, int round, Duration elapsed,
                    Duration remaining, boolean succeeded) {
                recorder.runFinished(index, total, point, commit, round, elapsed, remaining, succeeded);
            }

            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
    }

    private static int rounds(CombinedReport report, Commit commit) {
        String model = report.models().get(0);
        return report.measurement(model, report.configs(model).get(0), commit.sha(), METRIC).orElseThrow().rounds();
    }

    private Path repo(String baseEnv, String headEnv) {
        return SampleRepo.create(temp.resolve("repo"), SampleRepo.fakeEngineFiles(baseEnv), SampleRepo.fakeEngineFiles(headEnv));
    }

    private PlanBuilder plan(Path repo) {
        return BenchmarkPlan.builder()
                .repository(repo)
                .commits(List.of("main", "HEAD"))
                .executable(FakeEngine.command())
                .configDir("benchmark/config")
                .configName("bench")
                .metrics(List.of(METRIC))
                .workspaceRoot(temp.resolve("workspaces"))
                .outputDir(temp.resolve("out"));
    }
}
