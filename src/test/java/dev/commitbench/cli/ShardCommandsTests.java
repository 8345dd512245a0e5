package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.session.ShardPlan;
import dev.commitbench.session.ShardResult;
import dev.commitbench.testing.FakeEngine;
import dev.commitbench.testing.GitCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies {@code commitbench plan}, {@code run-shard} and {@code merge} end to end, as a CI matrix runs them: a plan
 * made in one checkout, its shards run by separate processes in separate clones (as separate runners would), the
 * merge; and that the merged run folder is the one a single-machine run of the same flags writes, numbers byte for
 * byte (the fake engine is seeded per run). Then every bad input, with its message.
 */
class ShardCommandsTests {

    private static final String BASE = "FAKE_OB_MEAN=0.010\nFAKE_OB_CV=0.02\nFAKE_OB_ITERATIONS=5\nFAKE_OB_SEED=7\n";
    private static final String HEAD = "FAKE_OB_MEAN=0.0102\nFAKE_OB_CV=0.02\nFAKE_OB_ITERATIONS=5\nFAKE_OB_SEED=9\n";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    private Path repository;
    private String main;
    private String feature;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void repositoryWithTwoCommits() throws IOException {
        repository = Files.createDirectories(temp.resolve("repo"));
        git(repository, "init", "-q", "-b", "main");
        git(repository, "config", "user.name", "commitbench tests");
        git(repository, "config", "user.email", "tests@commitbench.invalid");
        git(repository, "config", "commit.gpgsign", "false");
        Files.createDirectories(repository.resolve("benchmark/config"));
        Files.writeString(repository.resolve("benchmark/config/tiny.yaml"), "# the fake reads its defaults\n");
        Files.writeString(repository.resolve(".gitignore"), "_benchmark/\n");
        Files.writeString(repository.resolve(FakeEngine.ENV_FILE), BASE);
        git(repository, "add", "-A");
        git(repository, "commit", "-q", "-m", "baseline");
        main = git(repository, "rev-parse", "HEAD");
        git(repository, "checkout", "-q", "-b", "feature");
        Files.writeString(repository.resolve(FakeEngine.ENV_FILE), HEAD);
        git(repository, "commit", "-q", "-am", "candidate");
        feature = git(repository, "rev-parse", "HEAD");
    }

    /** The run flags and overrides: 4 points (one per model), 2 commits, 2 rounds. */
    private static List<String> runFlags() {
        return List.of("--config-dir", "benchmark/config", "--config-name", "tiny", "--executable",
                FakeEngine.executable().toString(), "--metrics", "decode.latency.mean,prefill.latency.mean",
                "--commit", "main,feature", "--rounds", "2", "--max-rounds", "2", "backend.model=m1,m2,m3,m4");
    }

    private int commitbench(Path workingDirectory, List<String> args) {
        return new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), workingDirectory, Map.of())
                .run(args.toArray(String[]::new));
    }

    private int runShard(Path checkout, Path planDir, int shard, Path out) {
        return commitbench(checkout, List.of("run-shard", "--plan", planDir.resolve("plan.json").toString(), "--shard",
                Integer.toString(shard), "--out", out.toString()));
    }

    private int plan(int shards, Path dir, List<String> flags) {
        List<String> args = new ArrayList<>(List.of("plan", "--shards", Integer.toString(shards), "--out",
                dir.toString()));
        args.addAll(flags);
        return commitbench(repository, args);
    }

    @Test
    void planWritesAContentAddressedPlanWithoutThisMachinesPathsAndPrintsTheMatrix() throws IOException {
        int code = plan(3, temp.resolve("planned"), runFlags());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("{\"shard\":[0,1,2]}" + System.lineSeparator());
        Path file = temp.resolve("planned/plan.json");
        String text = Files.readString(file);
        assertThat(text).doesNotContain(repository.toString()).doesNotContain(temp.toString() + "/repo")
                .contains(main, feature).contains("\"label\" : \"main\"").contains("\"seed\"");
        ShardPlan plan = ShardPlan.read(file);
        assertThat(plan.id()).startsWith("sha256:").isEqualTo(JSON.readTree(text).get("id").asString());
        assertThat(plan.pointsOf(0)).extracting(p -> p.label()).containsExactly("backend.model=m1",
                "backend.model=m4");
        assertThat(plan.pointsOf(2)).extracting(p -> p.label()).containsExactly("backend.model=m3");
        assertThat(err.toString()).contains("Plan " + plan.id() + " written to " + file + ": 4 points of 2 commits in"
                + " 3 shards.").contains("shard 1: [[backend.model=m2]]");

        Files.writeString(file, text.replace("\"rounds\" : 2", "\"rounds\" : 3"));
        assertThat(commitbench(repository, List.of("run-shard", "--plan", file.toString(), "--shard", "0", "--out",
                temp.resolve("s").toString()))).isEqualTo(2);
        assertThat(err.toString()).contains("was changed after commitbench plan wrote it: its content hashes to");
    }

    @Test
    void oneMachineAndThreeShardsInSeparateClonesGiveTheSameRunFolderByteForByte() throws Exception {
        int single = commitbench(repository, runFlags());
        Path singleRun = onlyRunFolder(repository.resolve("_benchmark"));
        String singleOut = out.toString();

        Path planDir = temp.resolve("planned");
        assertThat(plan(3, planDir, runFlags())).as(err.toString()).isZero();
        // three runners: each clones the repository and runs its shard in a process of its own, all at once
        List<Process> runners = new ArrayList<>();
        for (int shard = 0; shard < 3; shard++) {
            Path clone = temp.resolve("runner-" + shard);
            git(temp, "clone", "-q", repository.toString(), clone.toString());
            runners.add(java(clone, "run-shard", "--plan", planDir.resolve("plan.json").toString(), "--shard",
                    Integer.toString(shard), "--out", temp.resolve("artifacts/shard-" + shard).toString()));
        }
        for (Process runner : runners) {
            assertThat(runner.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(runner.exitValue()).as(new String(runner.getInputStream().readAllBytes())).isZero();
        }
        assertThat(temp.resolve("artifacts/shard-1/" + ShardResult.FILE)).isRegularFile();

        out.getBuffer().setLength(0);
        Path merged = temp.resolve("merged");
        int mergeCode = commitbench(temp, List.of("merge", "--plan", planDir.resolve("plan.json").toString(), "--out",
                merged.toString(), temp.resolve("artifacts/shard-0").toString(),
                temp.resolve("artifacts/shard-1").toString(), temp.resolve("artifacts/shard-2").toString()));

        assertThat(mergeCode).as(err.toString()).isEqualTo(single);
        // benchmark.py's files: the same bytes
        assertThat(merged.resolve("summaries.json")).hasSameBinaryContentAs(singleRun.resolve("summaries.json"));
        assertThat(merged.resolve("summary.json")).hasSameBinaryContentAs(singleRun.resolve("summary.json"));
        Map<String, String> singleRuns = runSummaries(singleRun);
        assertThat(singleRuns).hasSize(16); // 4 points x 2 commits x 2 rounds
        assertThat(runSummaries(merged)).isEqualTo(singleRuns);
        // the same points, commits, rounds, metrics and verdicts
        JsonNode singleJson = JSON.readTree(singleRun.resolve("commitbench.json").toFile());
        JsonNode mergedJson = JSON.readTree(merged.resolve("commitbench.json").toFile());
        assertThat(mergedJson.get("comparisons")).isEqualTo(singleJson.get("comparisons"));
        assertThat(mergedJson.get("cells")).isEqualTo(singleJson.get("cells"));
        assertThat(out.toString()).isEqualTo(singleOut.replace(singleRun.toString(), merged.toString()));
        assertThat(merged.resolve("report.md")).content(StandardCharsets.UTF_8).contains("## Where each point ran")
                .contains("| backend.model=m2 | 1 | ");
        assertThat(mergedJson.get("plan").get("placement").get(3).get("shard").asInt()).isZero();
    }

    @Test
    void aMissingShardExits3NamingItAndTheOthersAreStillMergedAndReported() throws Exception {
        Path planDir = temp.resolve("planned");
        assertThat(plan(2, planDir, runFlags())).isZero();
        Path shard0 = temp.resolve("shard-0");
        assertThat(runShard(repository, planDir, 0, shard0)).as(err.toString()).isZero();
        assertThat(err.toString()).contains("Shard 0 of 2 (plan ").contains("[backend.model=m1] on ");

        Path merged = temp.resolve("merged");
        int code = commitbench(temp, List.of("merge", "--plan", planDir.resolve("plan.json").toString(), "--out",
                merged.toString(), shard0.toString(), temp.resolve("shard-1").toString()));

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("Error: The shard folder " + temp.resolve("shard-1") + " does not exist"
                + " (its shard did not run, or its artifact was not downloaded).")
                .contains("Error: Shard 1 is missing: none of the folders given holds its shard.json (points"
                        + " [[backend.model=m2], [backend.model=m4]]).");
        assertThat(merged.resolve("summaries.json")).content().contains("m1").contains("m3").doesNotContain("\"m2\"");
        assertThat(merged.resolve("report.md")).content().contains("not measured: shard 1 is missing");
    }

    @Test
    void mergeRunsInAJvmOfItsOwnWithTheQuickCompilerAndExitsWithItsCode() throws Exception {
        Path planDir = temp.resolve("planned");
        assertThat(plan(2, planDir, runFlags())).isZero();
        Path shard0 = temp.resolve("shard-0");
        assertThat(runShard(repository, planDir, 0, shard0)).as(err.toString()).isZero();
        // the merge waits for its shard.json, a named pipe, until the test has seen which JVM merges
        String result = Files.readString(shard0.resolve(ShardResult.FILE));
        Path pipe = namedPipe(shard0.resolve(ShardResult.FILE));
        Path merged = temp.resolve("merged");
        List<String> args = new ArrayList<>(List.of("merge", "--plan", planDir.resolve("plan.json").toString(),
                "--out", merged.toString(), shard0.toString(), temp.resolve("shard-1").toString()));
        // a command line longer than the 4,096 bytes of it that ProcessHandle.Info reads, as a thousand shards give
        for (int i = 0; i < 100; i++) {
            args.add(temp.resolve("a-shard-folder-that-was-never-downloaded-" + i).toString());
        }
        assertThat(String.join(" ", args)).hasSizeGreaterThan(5_000);

        Process launcher = java(temp, args.toArray(String[]::new));
        ProcessHandle mergeJvm = mergeJvmOf(launcher);

        assertThat(arguments(mergeJvm)).startsWith(MergeLauncher.QUICK_COMPILER, "-cp",
                System.getProperty("java.class.path"), CommitbenchCommand.class.getName()).endsWith(
                        args.toArray(String[]::new));
        writeToPipe(pipe, result, launcher, () -> { });
        assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String console = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.exitValue()).as(console).isEqualTo(3);
        assertThat(console).contains("Run folder: " + merged).contains("Error: Shard 1 is missing: none of the folders"
                + " given holds its shard.json (points [[backend.model=m2], [backend.model=m4]]).").contains("Error: The"
                + " shard folder " + temp.resolve("a-shard-folder-that-was-never-downloaded-99") + " does not exist");
        assertThat(merged.resolve("summaries.json")).content().contains("m1").contains("m3");
        assertThat(mergeJvm.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @ParameterizedTest(name = "killed: {0}")
    @ValueSource(booleans = {false, true})
    void theMergesJvmEndsWithTheJvmThatStartedIt(boolean killed) throws Exception {
        Path planDir = temp.resolve("planned");
        assertThat(plan(1, planDir, runFlags())).isZero();
        Path shard = Files.createDirectories(temp.resolve("shard-0"));
        namedPipe(shard.resolve(ShardResult.FILE)); // never written: the merge waits for it

        // the console in a file: destroying a process closes the streams the JDK gave for it
        Path console = temp.resolve("console.txt");
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitbenchCommand.class.getName(), "merge", "--plan",
                planDir.resolve("plan.json").toString(), "--out", temp.resolve("merged").toString(), shard.toString())
                .directory(temp.toFile()).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        ProcessHandle mergeJvm = mergeJvmOf(launcher);
        if (killed) {
            launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs; the merge's JVM sees its input pipe end
        } else {
            launcher.destroy(); // SIGTERM: the launcher's shutdown hook ends the merge's JVM
        }

        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mergeJvm.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(launcher.exitValue()).isEqualTo(killed ? 137 : 143);
        if (killed) {
            assertThat(console).content().contains("commitbench merge: the command that started this merge has ended; stopping.");
        } else {
            assertThat(console).content().doesNotContain("has ended; stopping");
        }
    }

    @Test
    void aMergeWhoseJvmWasGivenItsCompilersByTheUserRunsInThatJvm() throws Exception {
        Path planDir = temp.resolve("planned");
        assertThat(plan(1, planDir, runFlags())).isZero();
        Path shard = Files.createDirectories(temp.resolve("shard-0"));
        Path pipe = namedPipe(shard.resolve(ShardResult.FILE));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+TieredCompilation", "-cp", System.getProperty("java.class.path"),
                CommitbenchCommand.class.getName(), "merge", "--plan", planDir.resolve("plan.json").toString(), "--out",
                temp.resolve("merged").toString(), shard.toString()));
        Process launcher = new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true).start();

        writeToPipe(pipe, "not the shard's result", launcher, () -> assertThat(launcher.toHandle().descendants())
                .as("processes started by the merge").isEmpty());

        assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String console = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.exitValue()).as(console).isEqualTo(2);
        assertThat(console).contains(shard.resolve(ShardResult.FILE) + " is not JSON (");
    }

    /**
     * {@code process}'s arguments after its executable, from {@code /proc} ({@code ProcessHandle.Info} reads only the
     * first 4,096 bytes of a command line there, and gives no arguments for a longer one); empty when it is gone.
     */
    private static List<String> arguments(ProcessHandle process) {
        try {
            String[] all = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).split("\0", -1);
            return all.length < 2 ? List.of() : List.of(all).subList(1, all.length - 1);
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Writes {@code text} into the named pipe {@code pipe} once a reader has opened it, running {@code whileOpen} first
     * (the reader is then waiting for the text); fails, ending {@code launcher}, when nothing opens it within 60 s.
     */
    private static void writeToPipe(Path pipe, String text, Process launcher, Runnable whileOpen) throws Exception {
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try (var writer = Files.newBufferedWriter(pipe)) { // returns once a reader has opened the pipe
                whileOpen.run();
                writer.write(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            write.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw e;
        } catch (TimeoutException e) {
            launcher.destroyForcibly();
            try (var unblock = Files.newInputStream(pipe)) {
                // opening the pipe to read lets the waiting writer go on (and fail)
            }
            throw new AssertionError("Nothing opened " + pipe + " to read within 60 s", e);
        }
    }

    /** Makes {@code file} a named pipe: a reader waits in its {@code open} until a writer opens it. */
    private static Path namedPipe(Path file) throws Exception {
        Files.deleteIfExists(file);
        Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).redirectErrorStream(true).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).as(new String(mkfifo.getInputStream().readAllBytes())).isZero();
        return file;
    }

    /** The JVM {@code launcher} started for the merge, with the quick compiler (waits up to 60 s for it). */
    private static ProcessHandle mergeJvmOf(Process launcher) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            var found = launcher.toHandle().descendants().filter(p -> arguments(p).stream().findFirst()
                    .filter(MergeLauncher.QUICK_COMPILER::equals).isPresent()).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (!launcher.isAlive()) {
                throw new AssertionError("The launcher exited (" + launcher.exitValue() + ") before a merge JVM was"
                        + " seen: " + new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
        launcher.destroyForcibly();
        throw new AssertionError("No JVM with " + MergeLauncher.QUICK_COMPILER + " was started within 60 s");
    }

    @Test
    void filesAtTheTopOfAShardFolderAreNeitherLinkedNorChangedByTheMerge() throws Exception {
        Path planDir = temp.resolve("planned");
        assertThat(plan(1, planDir, runFlags())).isZero();
        Path shard = temp.resolve("shard-0");
        assertThat(runShard(repository, planDir, 0, shard)).as(err.toString()).isZero();
        // an artifact that picked up a report of its own, named as the merge names its run files
        Path shardReport = Files.writeString(shard.resolve("report.md"), "the shard's own notes\n");
        Path runSummary;
        try (Stream<Path> files = Files.walk(shard)) {
            runSummary = files.filter(f -> f.getFileName().toString().equals("summary.json")).findFirst().orElseThrow();
        }

        Path merged = temp.resolve("merged");
        assertThat(commitbench(temp, List.of("merge", "--plan", planDir.resolve("plan.json").toString(), "--out",
                merged.toString(), shard.toString()))).as(err.toString()).isZero();

        assertThat(shardReport).hasContent("the shard's own notes");
        assertThat(merged.resolve("report.md")).content().contains("## Where each point ran");
        assertThat(Files.isSameFile(merged.resolve("report.md"), shardReport)).isFalse();
        assertThat(merged.resolve("shard.json")).doesNotExist();
        assertThat(Files.isSameFile(merged.resolve(shard.relativize(runSummary).toString()), runSummary))
                .as("a run's files are linked, not copied").isTrue();
    }

    @Test
    void aCheckoutOfAnotherRepositoryIsToldSo() throws Exception {
        Path planDir = temp.resolve("planned");
        assertThat(plan(2, planDir, runFlags())).isZero();
        Path other = Files.createDirectories(temp.resolve("other"));
        git(other, "init", "-q", "-b", "main");
        git(other, "-c", "user.name=x", "-c", "user.email=x@x.invalid", "commit", "-q", "--allow-empty", "-m", "other");

        int code = runShard(other, planDir, 0, temp.resolve("s"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: " + planDir.resolve("plan.json") + " was made in another"
                + " repository: " + other.toRealPath() + " has none of its commits [" + main + ", " + feature + "] and"
                + " none of the root commits of their history [" + main + "]. Run it in a clone of the repository the"
                + " plan was made in.");
        assertThat(temp.resolve("s")).doesNotExist();
    }

    @Test
    void aCheckoutThatLacksACommitIsToldToFetchIt() throws Exception {
        Path planDir = temp.resolve("planned");
        assertThat(plan(2, planDir, runFlags())).isZero();
        Path clone = temp.resolve("main-only");
        git(temp, "clone", "-q", "--no-local", "--single-branch", "--branch", "main", repository.toString(),
                clone.toString());

        int code = runShard(clone, planDir, 0, temp.resolve("s"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: The checkout " + clone.toRealPath() + " lacks commit ["
                + feature + "] of " + planDir.resolve("plan.json") + ". Fetch them first, e.g. git fetch origin "
                + feature + " (in GitHub Actions: actions/checkout with fetch-depth: 0).");
    }

    @Test
    void aShardIndexOutOfRangeIsRefused() throws Exception {
        Path planDir = temp.resolve("planned");
        assertThat(plan(3, planDir, runFlags())).isZero();
        String id = ShardPlan.read(planDir.resolve("plan.json")).shortId();

        int code = runShard(repository, planDir, 3, temp.resolve("s"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --shard 3 is out of range: the plan " + id + " has 3 shards,"
                + " numbered 0 to 2.");
    }

    @Test
    void moreShardsThanPointsIsRefusedAtPlanning() {
        int code = plan(5, temp.resolve("planned"), runFlags());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --shards 5 is more than the plan's 4 points: a point (all its"
                + " commits and rounds) runs on one machine and one device and is never split, so give at most 4"
                + " shards, or sweep over more values.");
        assertThat(temp.resolve("planned")).doesNotExist();
    }

    @Test
    void shardsOfTwoDifferentPlansAreNotMerged() throws Exception {
        assertThat(plan(2, temp.resolve("plan-a"), runFlags())).isZero();
        List<String> otherFlags = new ArrayList<>(runFlags());
        otherFlags.set(otherFlags.indexOf("--rounds") + 1, "1");
        otherFlags.set(otherFlags.indexOf("--max-rounds") + 1, "1");
        assertThat(plan(2, temp.resolve("plan-b"), otherFlags)).isZero();
        Path shardOfB = temp.resolve("b-1");
        assertThat(runShard(repository, temp.resolve("plan-b"), 1, shardOfB)).isZero();
        ShardPlan a = ShardPlan.read(temp.resolve("plan-a/plan.json"));
        ShardPlan b = ShardPlan.read(temp.resolve("plan-b/plan.json"));

        int code = commitbench(temp, List.of("merge", "--plan", temp.resolve("plan-a/plan.json").toString(), "--out",
                temp.resolve("merged").toString(), shardOfB.toString()));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: The shard in " + shardOfB + " ran another plan (" + b.id()
                + ") than " + temp.resolve("plan-a/plan.json") + " (" + a.id() + "): these are shards of two different"
                + " plans. Merge only the shards of one plan, with that plan's plan.json.");
    }

    @Test
    void aPointMeasuredOnTwoMachinesIsNotMerged() throws Exception {
        Path planDir = temp.resolve("planned");
        assertThat(plan(2, planDir, runFlags())).isZero();
        Path first = temp.resolve("first");
        Path again = temp.resolve("again");
        for (Path shard : List.of(first, again)) {
            assertThat(runShard(repository, planDir, 0, shard)).isZero();
        }
        // the second run of shard 0 came from another runner
        Path file = again.resolve(ShardResult.FILE);
        String host = JSON.readTree(file.toFile()).get("points").get(0).get("machine").get("host").asString();
        Files.writeString(file, Files.readString(file).replace("\"host\" : \"" + host + "\"",
                "\"host\" : \"gpu-runner-7\""));

        int code = commitbench(temp, List.of("merge", "--plan", planDir.resolve("plan.json").toString(), "--out",
                temp.resolve("merged").toString(), first.toString(), again.toString()));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: Point [backend.model=m1] was measured twice: on " + host + ", ")
                .contains(" (" + first + ") and on gpu-runner-7, ").contains(" (" + again + "). A point's commits and"
                + " rounds must all run on one machine and one device, or its comparison would measure the machines:"
                + " merge one folder per shard.");
    }

    @Test
    void aDeviceThatDoesNotExistIsRefusedBeforeAnythingRuns() throws Exception {
        int code = commitbench(repository, concat(runFlags(), "--devices", "7"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: Device [7] does not exist on this machine: ");
        assertThat(repository.resolve("_benchmark")).doesNotExist();
    }

    @Test
    void slurmWithoutSbatchOnThePathSaysWhatToInstall() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty-bin"));
        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository,
                Map.of("PATH", empty.toString())).run(concat(runFlags(), "--executor", "slurm", "--shards", "2")
                .toArray(String[]::new));

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("Error: The Slurm executor needs a Slurm client, but sbatch, scontrol,"
                + " scancel, squeue, sinfo are not on the PATH (" + empty + "). Run commitbench on a login node of your"
                + " cluster, or install the Slurm client configured for it");
    }

    @Test
    void slurmWhoseControllerDoesNotAnswerIsReported() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        for (String tool : List.of("sbatch", "scontrol", "scancel", "squeue")) {
            executable(bin.resolve(tool), "#!/bin/sh\nexit 99\n");
        }
        executable(bin.resolve("sinfo"), "#!/bin/sh\necho 'sinfo: error: slurm_load_partitions: Unable to contact"
                + " slurm controller (connect failure)' >&2\nexit 1\n");
        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository,
                Map.of("PATH", bin + ":" + System.getenv("PATH"))).run(concat(runFlags(), "--executor", "slurm",
                "--shards", "2").toArray(String[]::new));

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("Error: The Slurm cluster does not answer: sinfo failed (exit code 1):"
                + " sinfo: error: slurm_load_partitions: Unable to contact slurm controller (connect failure). Check"
                + " that the controller runs (scontrol ping) and that this machine reaches it.");
    }

    @Test
    void slurmNeedsShards() {
        int code = commitbench(repository, concat(runFlags(), "--executor", "slurm"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: --executor slurm needs --shards N, the number of array tasks"
                + " (at most the number of points), e.g. --shards 4.");
    }

    static List<String> concat(List<String> flags, String... more) {
        List<String> all = new ArrayList<>(flags);
        all.addAll(List.of(more));
        return all;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        file.toFile().setExecutable(true);
    }

    /** Every run's {@code summary.json} by its path in the run folder. */
    private static Map<String, String> runSummaries(Path run) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(run)) {
            for (Path file : all.filter(f -> f.getFileName().toString().equals("summary.json")
                    && !f.getParent().equals(run)).toList()) {
                files.put(run.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    private static Path onlyRunFolder(Path output) throws IOException {
        try (Stream<Path> folders = Files.list(output)) {
            List<Path> all = folders.filter(Files::isDirectory).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** Starts {@code commitbench ARGS} in a JVM of its own in {@code directory}, as a CI runner would. */
    private static Process java(Path directory, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitbenchCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    }

    private static String git(Path dir, String... args) {
        return GitCommand.run(dir, args);
    }
}
