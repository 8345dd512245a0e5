package dev.commitbench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.commitbench.testing.ProcessTable;
import dev.commitbench.testing.Processes;
import dev.commitbench.testing.SlurmCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies {@link SlurmExecutor} against the real single-node Slurm cluster of {@code src/test/slurm/slurm-cluster.sh}
 * (skipped without it, see {@link SlurmCluster}): arrays run, failing tasks are named with their logs, an interrupt,
 * SIGINT and a timeout each cancel the array and leave nothing in the queue; and, with or without a cluster, what
 * happens where the Slurm client is missing, misconfigured or cannot reach its controller.
 */
class SlurmExecutorTests {

    @TempDir
    Path temp;

    private final String jobName = "commitbench-test-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void nothingOfThisTestIsLeftInTheQueue() throws Exception {
        String dir = System.getProperty("commitbench.slurm", System.getenv("COMMITBENCH_SLURM"));
        if (dir != null && !dir.isBlank() && Files.isRegularFile(Path.of(dir, "slurm.conf"))) {
            // a test that failed half-way must not leave sleeping tasks behind for the next one
            SlurmCluster.client("scancel", "--name=" + jobName);
        }
    }

    private SlurmExecutor executor() {
        return new SlurmExecutor(SlurmCluster.environment(), Duration.ofSeconds(60), Duration.ofSeconds(2));
    }

    private SlurmArray array(List<String> command, int shards, List<String> options) {
        return new SlurmArray(jobName, command, shards, options, temp.resolve("run"), temp);
    }

    /** What needs the cluster: skipped, with the command that starts one, where there is none. */
    @Nested
    class OnTheCluster {

        @BeforeEach
        void aClusterRuns() {
            SlurmCluster.stateFolder();
        }

        @Test
        void aThreeTaskArrayRunsEveryShardAndWritesItsScriptAndLogs() throws Exception {
            Files.createDirectories(temp.resolve("out"));
            SlurmArray array = array(List.of("sh", "-c", "echo \"shard $COMMITBENCH_SHARD of ${shards} on $(hostname)\""
                    + " > out/shard-${shard}.txt; echo \"log of shard ${shard}\""), 3, List.of());

            SlurmResult result = executor().run(array, Duration.ofMinutes(2));

            assertThat(result.failureMessage()).isEmpty();
            assertThat(result.succeeded()).isTrue();
            assertThat(result.jobId()).matches("\\d+");
            String host = MachineFingerprint.hostName();
            assertThat(result.tasks()).extracting(SlurmTask::shard, SlurmTask::taskId, SlurmTask::state,
                    SlurmTask::exitCode, SlurmTask::node).containsExactly(
                            org.assertj.core.groups.Tuple.tuple(0, result.jobId() + "_0", "COMPLETED", 0, host),
                            org.assertj.core.groups.Tuple.tuple(1, result.jobId() + "_1", "COMPLETED", 0, host),
                            org.assertj.core.groups.Tuple.tuple(2, result.jobId() + "_2", "COMPLETED", 0, host));
            for (int shard = 0; shard < 3; shard++) {
                assertThat(temp.resolve("out/shard-" + shard + ".txt")).hasContent("shard " + shard + " of 3 on " + host);
                assertThat(array.log(shard)).hasContent("log of shard " + shard);
                assertThat(result.tasks().get(shard).log()).isEqualTo(array.log(shard));
            }
            assertThat(result.script()).isEqualTo(temp.resolve("run/slurm/array.sbatch")).isExecutable();
            String script = Files.readString(result.script());
            assertThat(script).startsWith("#!/bin/sh\n# Written by commitbench: one task of this Slurm array per shard"
                    + " (0-2).\n# Submitted with:\n#   sbatch --parsable --array=0-2 --job-name=" + jobName + " --output="
                    + temp.resolve("run/slurm") + "/task-%a.log --chdir=" + temp + " " + result.script() + "\n");
            assertThat(script).contains("COMMITBENCH_SHARDS=3\n", "sh -c 'echo \"shard $COMMITBENCH_SHARD of 3 on"
                    + " $(hostname)\" > out/shard-'\"$shard\"'.txt; echo \"log of shard '\"$shard\"'\"'\n");
        }

        @Test
        void aFailingTaskIsNamedWithItsExitCodeNodeAndLog() {
            SlurmArray array = array(List.of("sh", "-c", "if [ ${shard} = 1 ]; then echo 'shard one breaks' >&2; exit 3;"
                    + " fi; echo fine"), 3, List.of());

            SlurmResult result = executor().run(array, Duration.ofMinutes(2));

            assertThat(result.succeeded()).isFalse();
            assertThat(result.failed()).singleElement().satisfies(task -> {
                assertThat(task.shard()).isEqualTo(1);
                assertThat(task.state()).isEqualTo("FAILED");
                assertThat(task.exitCode()).isEqualTo(3);
            });
            assertThat(result.tasks()).filteredOn(SlurmTask::succeeded).extracting(SlurmTask::shard).containsExactly(0, 2);
            assertThat(result.failureMessage()).isEqualTo("Slurm job " + result.jobId() + ": 1 of 3 shards did not"
                    + " succeed:\n  shard 1 (Slurm task " + result.jobId() + "_1) FAILED with exit code 3 on node "
                    + MachineFingerprint.hostName() + "; log: " + array.log(1) + "\n    shard one breaks");
        }

        @Test
        void aTaskWhoseFilesThisMachineDoesNotSeeIsNamedAsNotShared() {
            // The task removes its own 'started' file and kills its batch script before the exit file is written: to
            // the submitter it looks like a task that ran on a node whose run folder is another filesystem.
            SlurmArray array = array(List.of("sh", "-c", "rm -f " + temp.resolve("run/slurm") + "/task-${shard}.started;"
                    + " kill -9 $PPID"), 1, List.of());

            SlurmResult result = executor().run(array, Duration.ofMinutes(2));

            assertThat(result.failed()).singleElement().satisfies(task -> {
                assertThat(task.state()).isEqualTo("FAILED");
                assertThat(task.problem()).isEqualTo("it ran, but its files are not visible from "
                        + MachineFingerprint.hostName() + " at " + array.slurmFolder() + ": the run folder must be on a"
                        + " filesystem every node and this machine share");
            });
        }

        @Test
        void anInterruptCancelsTheArrayAndLeavesNoJobAndNoProcess() throws Exception {
            SlurmArray array = array(List.of("sleep", "317"), 3, List.of());
            AtomicReference<Thread> waiting = new AtomicReference<>();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                waiting.set(Thread.currentThread());
                return catchThrowableOfType(SlurmException.class, () -> executor().run(array, Duration.ofMinutes(5)));
            });
            awaitStarted(array, 0);
            String jobId = Files.readString(array.slurmFolder().resolve("task-0.started")).strip().split("[ _]")[1];
            assertThat(SlurmCluster.client("squeue", "--noheader", "--name=" + jobName)).isNotBlank();

            waiting.get().interrupt();
            Throwable thrown = outcome.get(60, TimeUnit.SECONDS);

            assertThat(thrown).isInstanceOf(SlurmException.class).hasMessage("Interrupted while waiting for Slurm job "
                    + jobId + "; it was cancelled (scancel " + jobId + ").");
            assertThat(((SlurmException) thrown).reason()).isEqualTo(SlurmException.Reason.INTERRUPTED);
            assertThat(SlurmCluster.client("squeue", "--noheader", "--name=" + jobName)).isBlank();
            awaitGone("sleep 317");
        }

        @Test
        void sigintToTheSubmittingJvmCancelsTheArray() throws Exception {
            Path run = temp.resolve("run");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), SlurmArrayChild.class.getName(), run.toString(), jobName,
                    SlurmCluster.environment().get("SLURM_CONF"), "318");
            Process child = new ProcessBuilder(Processes.reachableBySigint(command)).redirectErrorStream(true)
                    .redirectOutput(temp.resolve("child.txt").toFile()).start();
            try {
                awaitStarted(array(List.of("sleep"), 3, List.of()), 0);
                assertThat(SlurmCluster.client("squeue", "--noheader", "--name=" + jobName)).isNotBlank();
                new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start().waitFor();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child exits").isTrue();
            } finally {
                child.destroyForcibly();
            }

            assertThat(child.exitValue()).as(Files.readString(temp.resolve("child.txt"))).isEqualTo(130);
            assertThat(SlurmCluster.client("squeue", "--noheader", "--name=" + jobName)).isBlank();
            awaitGone("sleep 318");
        }

        @Test
        void theTimeRunningOutCancelsTheArrayAndNamesWhatWasLeft() throws Exception {
            SlurmArray array = array(List.of("sleep", "319"), 3, List.of());

            SlurmException thrown = catchThrowableOfType(SlurmException.class,
                    () -> executor().run(array, Duration.ofSeconds(4)));

            assertThat(thrown.reason()).isEqualTo(SlurmException.Reason.TIMED_OUT);
            assertThat(thrown).hasMessageStartingWith("Slurm job ").hasMessageContaining(" did not finish within 4 s (shard 0 ")
                    .hasMessageEndingWith("); it was cancelled. Its logs are in " + array.slurmFolder() + ".");
            assertThat(SlurmCluster.client("squeue", "--noheader", "--name=" + jobName)).isBlank();
            awaitGone("sleep 319");
        }

        @Test
        void sbatchRefusingTheOptionsIsQuoted() {
            SlurmArray array = array(List.of("true"), 2, List.of("--gres=gpu:1"));

            SlurmException thrown = catchThrowableOfType(SlurmException.class,
                    () -> executor().run(array, Duration.ofMinutes(1)));

            assertThat(thrown.reason()).isEqualTo(SlurmException.Reason.REJECTED);
            assertThat(thrown).hasMessage("sbatch refused the array (exit code 1): sbatch: error: Invalid generic resource"
                    + " (gres) specification\nCommand: sbatch --parsable --array=0-1 --job-name=" + jobName + " --output="
                    + array.slurmFolder() + "/task-%a.log --chdir=" + temp + " --gres=gpu:1 " + array.script()
                    + "\nCheck the Slurm options (partition, --gres, --time, --account) against the cluster's (sinfo"
                    + " --summarize, sacctmgr show associations user=$USER).");
        }

        @Test
        void aPartitionWithoutNodesIsRefusedBeforeSubmitting() {
            SlurmArray array = array(List.of("true"), 2, List.of("-p", "nonesuch"));

            assertThatThrownBy(() -> executor().run(array, Duration.ofMinutes(1))).isInstanceOf(SlurmException.class)
                    .hasMessage("The Slurm partition [nonesuch] has no nodes (sinfo lists none): name a partition that"
                            + " exists (sinfo --summarize lists them).");
            assertThat(array.script()).doesNotExist();
        }

        @Test
        void aControllerThatDoesNotAnswerIsReportedWithSlurmsError() throws Exception {
            // The cluster's own configuration (its munge socket, so that authentication works) with a port nobody serves.
            Path conf = temp.resolve("slurm.conf");
            Files.writeString(conf, Files.readString(SlurmCluster.stateFolder().resolve("slurm.conf"))
                    .replaceAll("(?m)^SlurmctldPort=\\d+$", "SlurmctldPort=" + freePort()));
            SlurmExecutor executor = new SlurmExecutor(Map.of("SLURM_CONF", conf.toString()), Duration.ofSeconds(60),
                    Duration.ofSeconds(2));

            SlurmException thrown = catchThrowableOfType(SlurmException.class,
                    () -> executor.run(array(List.of("true"), 2, List.of()), Duration.ofMinutes(1)));

            assertThat(thrown.reason()).isEqualTo(SlurmException.Reason.NOT_ANSWERING);
            assertThat(thrown).hasMessage("The Slurm cluster does not answer: sinfo failed (exit code 1):"
                    + " slurm_load_partitions: Unable to contact slurm controller (connect failure). Check that the controller"
                    + " runs (scontrol ping) and that this machine reaches it (SLURM_CONF=" + conf + ").");
        }
    }

    @Test
    void aControllerThatAnswersTooLateCountsAsNotAnswering() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        for (String tool : List.of("sbatch", "scontrol", "scancel", "squeue")) {
            executable(bin.resolve(tool), "#!/bin/sh\nexit 99\n");
        }
        // sinfo as a hung controller leaves it: it never answers
        executable(bin.resolve("sinfo"), "#!/bin/sh\nexec /bin/sleep 30\n");
        SlurmExecutor executor = new SlurmExecutor(Map.of("PATH", bin.toString()), Duration.ofSeconds(1),
                Duration.ofSeconds(1));

        SlurmException thrown = catchThrowableOfType(SlurmException.class,
                () -> executor.run(array(List.of("true"), 2, List.of()), Duration.ofMinutes(1)));

        assertThat(thrown.reason()).isEqualTo(SlurmException.Reason.NOT_ANSWERING);
        assertThat(thrown).hasMessageStartingWith("The Slurm cluster does not answer: sinfo did not answer within 1 s."
                + " Check that the controller runs (scontrol ping) and that this machine reaches it");
    }

    @Test
    void withoutSbatchOnThePathTheMessageSaysWhatToInstall() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty-bin"));
        SlurmExecutor executor = new SlurmExecutor(Map.of("PATH", empty.toString()), Duration.ofSeconds(5),
                Duration.ofSeconds(1));

        SlurmException thrown = catchThrowableOfType(SlurmException.class,
                () -> executor.run(array(List.of("true"), 2, List.of()), Duration.ofMinutes(1)));

        assertThat(thrown.reason()).isEqualTo(SlurmException.Reason.NOT_INSTALLED);
        assertThat(thrown).hasMessage("The Slurm executor needs a Slurm client, but sbatch, scontrol, scancel, squeue,"
                + " sinfo are not on the PATH (" + empty + "). Run commitbench on a login node of your cluster, or"
                + " install the Slurm client configured for it (Debian/Ubuntu: apt-get install slurm-client, with the"
                + " cluster's slurm.conf), or run without the Slurm executor.");
    }

    @Test
    void aSlurmConfThatDoesNotExistIsNamed() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        for (String tool : List.of("sbatch", "scontrol", "scancel", "squeue", "sinfo")) {
            executable(bin.resolve(tool), "#!/bin/sh\nexit 99\n");
        }
        SlurmExecutor executor = new SlurmExecutor(Map.of("PATH", bin.toString(), "SLURM_CONF", "/nonexistent/slurm.conf"),
                Duration.ofSeconds(5), Duration.ofSeconds(1));

        SlurmException thrown = catchThrowableOfType(SlurmException.class,
                () -> executor.run(array(List.of("true"), 2, List.of()), Duration.ofMinutes(1)));

        assertThat(thrown.reason()).isEqualTo(SlurmException.Reason.MISCONFIGURED);
        assertThat(thrown).hasMessage("SLURM_CONF names [/nonexistent/slurm.conf], which is not a file: point"
                + " SLURM_CONF at your cluster's slurm.conf, or unset it to use the default (/etc/slurm/slurm.conf, or"
                + " the cluster's configless setup).");
    }

    @Test
    void theOptionsCommitbenchSetsAreRefusedByName() {
        for (String option : List.of("--array=0-3", "-a", "--output=x.log", "-o", "--job-name=x", "-J", "--chdir=/x",
                "--wait", "--parsable", "--error=e.log")) {
            assertThatThrownBy(() -> SlurmScript.checkOptions(List.of("--partition=gpu", option)))
                    .isInstanceOf(SlurmException.class)
                    .hasMessageStartingWith("The Slurm option [" + option + "] is set by commitbench (")
                    .hasMessageEndingWith("; commitbench sets --array, --output, --error, --job-name, --chdir,"
                            + " --parsable, --wait): leave it out. The shards are the array's tasks, and each task's"
                            + " log is <run folder>/slurm/task-<shard>.log.");
        }
        SlurmScript.checkOptions(List.of("--partition=gpu", "-p", "gpu", "--gres=gpu:1", "--time=01:00:00",
                "--account=lab", "--exclusive", "--qos=high"));
    }

    @Test
    void aNodeLocalRunFolderIsRefusedOnAClusterOfSeveralNodes() {
        assertThatThrownBy(() -> SlurmScript.checkShared(Path.of("/tmp/runs/x"), 4, java.util.Optional.of("gpu")))
                .isInstanceOf(SlurmException.class)
                .hasMessage("The run folder /tmp/runs/x is on /tmp (a folder local to each machine), which each"
                        + " machine has for itself, but the cluster (partition gpu) has 4 nodes: a task on another node"
                        + " would write its results where this machine never reads them. Put the run folder on a"
                        + " filesystem every node mounts (your home or project directory on NFS, Lustre or GPFS).");
        SlurmScript.checkShared(Path.of("/tmp/runs/x"), 1, java.util.Optional.empty());
        assertThat(SlurmScript.localFilesystem(Path.of("/dev/shm/runs/x"))).hasValueSatisfying(why ->
                assertThat(why).isIn("a tmpfs filesystem (memory of this machine)", "/dev/shm (a folder local to each"
                        + " machine)"));
        assertThat(SlurmScript.partition(List.of("--time=1", "-p", "gpu"))).hasValue("gpu");
        assertThat(SlurmScript.partition(List.of("-pgpu"))).hasValue("gpu");
        assertThat(SlurmScript.partition(List.of("--partition=a100"))).hasValue("a100");
        assertThat(SlurmScript.partition(List.of("--gres=gpu:1"))).isEmpty();
    }

    @Test
    void scontrolsRecordsGiveEachShardItsState() {
        // Lines as Slurm 22.05's scontrol --oneliner show job prints them (shortened): two running, two pending.
        String output = """
                JobId=1 ArrayJobId=1 ArrayTaskId=2-3 JobName=wrap UserId=root(0) JobState=PENDING Reason=Resources Dependency=(null) ExitCode=0:0 NodeList=(null)
                JobId=3 ArrayJobId=1 ArrayTaskId=1 JobName=wrap UserId=root(0) JobState=FAILED Reason=NonZeroExitCode ExitCode=3:0 NodeList=vm
                JobId=2 ArrayJobId=1 ArrayTaskId=0 JobName=wrap UserId=root(0) JobState=CANCELLED Reason=None ExitCode=0:15 NodeList=vm
                """;

        var seen = SlurmStatus.parseJob(output, 4);

        assertThat(seen.get(0)).isEqualTo(new SlurmExecutor.Seen("CANCELLED", 128 + 15, "vm", "None"));
        assertThat(seen.get(1)).isEqualTo(new SlurmExecutor.Seen("FAILED", 3, "vm", "NonZeroExitCode"));
        assertThat(seen.get(2)).isEqualTo(new SlurmExecutor.Seen("PENDING", 0, "(null)", "Resources"));
        assertThat(seen.get(3)).isEqualTo(seen.get(2));
        assertThat(SlurmStatus.shards("0-9%2", 4)).containsExactly(0, 1, 2, 3);
        assertThat(SlurmStatus.shards("1,3", 4)).containsExactly(1, 3);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitStarted(SlurmArray array, int shard) throws InterruptedException {
        Path started = array.slurmFolder().resolve("task-" + shard + ".started");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(started).as("shard %d started", shard).exists();
    }

    private static void awaitGone(String commandLine) throws Exception {
        assertThat(ProcessTable.stillRuns(commandLine, Duration.ofSeconds(15))).as("a process '%s' runs", commandLine)
                .isFalse();
    }
}
