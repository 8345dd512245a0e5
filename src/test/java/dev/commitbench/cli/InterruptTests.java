package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.commitbench.session.SampleRepo;
import dev.commitbench.testing.GitCommand;
import dev.commitbench.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies Ctrl-C on the command line with a real child JVM that gets SIGINT while the command engine's process
 * runs: the JVM exits 130, prints one line saying which run was interrupted and what became of the workspaces
 * (no stack trace, no {@code FAILED}), kills the benchmark's process, removes the worktrees (in place: restores
 * the branch), and leaves the repository as it was. Both ways a SIGINT arrives: to the JVM alone ({@code kill
 * -INT}; commitbench kills the benchmark), and to the whole process group, as a terminal's Ctrl-C does (the
 * benchmark dies of the signal itself, at the same moment).
 */
class InterruptTests {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    @TempDir
    Path temp;

    @Test
    void sigintToTheJvmIsOneLineAndExit130AndLeavesNothingBehind() throws Exception {
        interrupted(false, false);
    }

    @Test
    void ctrlCOnATerminalSignalsTheWholeGroupAndIsJustAsQuiet() throws Exception {
        assumeThat(Files.isExecutable(SETSID)).as("setsid, to give the child a process group of its own").isTrue();
        interrupted(true, false);
    }

    @Test
    void inPlaceTheBranchIsRestoredAndTheLineSaysSo() throws Exception {
        interrupted(false, true);
    }

    @Test
    void ctrlCBeforeTheFirstRunIsOneLineAsWell() throws Exception {
        Path repo = SampleRepo.create(temp.resolve("repo"), Map.of("slow.sh", SLOW),
                Map.of("slow.sh", SLOW + "# the candidate\n"));
        String before = state(repo);
        // the GPU query of --devices auto hangs, so the signal comes before any session has started
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path querying = temp.resolve("query.pid");
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\n" + SLOW.replace("$1", querying.toString()));
        assertThat(smi.toFile().setExecutable(true)).isTrue();
        ProcessBuilder builder = new ProcessBuilder(Processes.reachableBySigint(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitbenchCommand.class.getName(),
                "--engine", "command", "--command", "sh ./slow.sh " + temp.resolve("never.pid"), "--commit",
                "main,feature", "--devices", "auto", "--workspace-root", temp.resolve("workspaces").toString())));
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Path stderr = temp.resolve("stderr.txt");
        Process child = builder.directory(repo.toFile()).redirectOutput(temp.resolve("stdout.txt").toFile())
                .redirectError(stderr.toFile()).start();
        long query;
        try {
            query = awaitPid(querying, child, stderr);
            signal(Long.toString(child.pid()));
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child exits").isTrue();
        } finally {
            child.destroyForcibly();
        }

        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(String.join("\n", lines)).isEqualTo(130);
        assertThat(lines).containsExactly("commitbench: interrupted before the first run; nothing was measured; the"
                + " repository was not changed.");
        assertThat(temp.resolve("stdout.txt")).isEmptyFile();
        assertThat(aliveAfterAWhile(query)).as("the GPU query").isFalse();
        assertThat(temp.resolve("never.pid")).doesNotExist();
        assertThat(state(repo)).isEqualTo(before);
        assertThat(repo.resolve("_benchmark")).as("no run folder is left behind").doesNotExist();
    }

    private void interrupted(boolean wholeGroup, boolean inPlace) throws Exception {
        Path repo = SampleRepo.create(temp.resolve("repo"), Map.of("slow.sh", SLOW),
                Map.of("slow.sh", SLOW + "# the candidate\n"));
        String before = state(repo);
        Path started = temp.resolve("started.pid");
        List<String> command = new ArrayList<>();
        if (wholeGroup) {
            command.add(SETSID.toString());
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitbenchCommand.class.getName(),
                "--engine", "command", "--command", "sh ./slow.sh " + started, "--commit", "main,feature",
                "--rounds", "1", "--iterations", "1", "--warmups", "0", "--workspace-root", temp.resolve("workspaces").toString()));
        if (inPlace) {
            command.add("--in-place");
        }
        Path stderr = temp.resolve("stderr.txt");
        Process child = new ProcessBuilder(Processes.reachableBySigint(command)).directory(repo.toFile()).redirectErrorStream(false)
                .redirectOutput(temp.resolve("stdout.txt").toFile()).redirectError(stderr.toFile()).start();
        long benchmark;
        try {
            benchmark = awaitPid(started, child, stderr);
            signal(wholeGroup ? "-" + child.pid() : Long.toString(child.pid()));
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child exits").isTrue();
        } finally {
            child.destroyForcibly();
        }

        String main = SampleRepo.sha(repo, "main").substring(0, 7);
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(String.join("\n", lines)).isEqualTo(130);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("Run folder: ");
        assertThat(lines.get(1)).isEqualTo("commitbench: interrupted during run 1 of 2 (main@" + main + " · round 1); "
                + (inPlace ? "the repository is restored to feature." : "the worktrees are removed; the repository was"
                        + " not changed."));
        assertThat(temp.resolve("stdout.txt")).isEmptyFile();
        assertThat(aliveAfterAWhile(benchmark)).as("the benchmark's process").isFalse();
        assertThat(state(repo)).isEqualTo(before);
        if (!inPlace) {
            try (Stream<Path> left = Files.list(temp.resolve("workspaces"))) {
                assertThat(left).as("workspaces left").isEmpty();
            }
        }
    }

    /**
     * Whether the process still runs 5 s from now (it was signalled; it may take a moment to go). A zombie does not
     * run: a process killed while its JVM exits may be left unreaped where the container's PID 1 reaps no orphans
     * (as on these machines), and {@link ProcessHandle#isAlive()} counts it as alive.
     */
    private static boolean aliveAfterAWhile(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (running(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return running(pid);
    }

    private static boolean running(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try { // the state is the first field after the command's closing parenthesis
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    /** Writes its pid, then sleeps long enough to be interrupted. */
    private static final String SLOW = "echo $$ > \"$1\"\nexec sleep 60\n";

    private static long awaitPid(Path started, Process child, Path stderr) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(started) && !Files.readString(started).isBlank()) {
                return Long.parseLong(Files.readString(started).strip());
            }
            assertThat(child.isAlive()).as("the child runs (stderr: %s)", Files.readString(stderr)).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("the benchmark did not start: " + Files.readString(stderr));
    }

    private static void signal(String target) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", "--", target).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /** HEAD, branch, index, status, stash and worktrees: what the user sees of the repository. */
    private static String state(Path repo) {
        return String.join("\n", GitCommand.run(repo, "symbolic-ref", "HEAD"), GitCommand.run(repo, "rev-parse", "HEAD"),
                GitCommand.run(repo, "ls-files", "--stage"), GitCommand.run(repo, "--no-optional-locks", "status",
                        "--porcelain"), GitCommand.run(repo, "stash", "list"),
                GitCommand.run(repo, "worktree", "list", "--porcelain"));
    }
}
