package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.internal.Shutdown;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * {@code SlurmExecutor} is used to run a {@link SlurmArray} on a Slurm cluster and wait for it: one array job,
 * one task per shard, submitted with {@code sbatch --parsable --array=0-(N-1)} from this machine (a login node).
 * In order, {@link #run} does:
 * <ol>
 *   <li>checks that the user's options leave alone the ones commitbench sets, that the Slurm client is installed
 *       ({@code sbatch}, {@code scontrol}, {@code scancel}, {@code squeue}, {@code sinfo} on the {@code PATH}),
 *       that a {@code SLURM_CONF} it is given exists, and that the cluster answers ({@code sinfo});</li>
 *   <li>checks the run folder: on a node-local filesystem ({@code tmpfs}, or under {@code /tmp}, {@code /var/tmp},
 *       {@code /dev/shm}, {@code /run}) it is refused when the cluster (the partition asked for) has more than one
 *       node, since a task on another node would write where this machine never reads;</li>
 *   <li>writes the batch script into {@code <run folder>/slurm/array.sbatch}, with the exact submission command in
 *       its header, and submits it; each task first writes {@code task-<i>.started} (its node and task id) into
 *       that folder, then runs the command, then writes {@code task-<i>.exit} (the exit code); its output goes to
 *       {@code task-<i>.log};</li>
 *   <li>waits: reads the exit files (often, they cost nothing) and asks {@code scontrol show job} (less and less
 *       often, up to every {@value #MAX_POLL_SECONDS} s) for the tasks that end without one (cancelled, timed out,
 *       out of memory, node failure), until every task has ended or the time given has passed;</li>
 *   <li>checks that every task that ran is seen from here: a task Slurm reports as run whose
 *       {@code task-<i>.started} file this machine does not see (after a grace for NFS attribute caches) ran on a
 *       node that does not share the run folder, and is reported so.</li>
 * </ol>
 * Ctrl-C (the JVM's exit, through {@link Shutdown}), an interrupt of the waiting thread and the time running out
 * each cancel the array ({@code scancel}; by job name when the interruption comes before {@code sbatch} has
 * answered) and wait until {@code squeue} no longer lists it. Thread-safe; one executor may run several arrays.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class SlurmExecutor {

    /** The {@code sbatch} options commitbench sets itself; a user option among them is refused. */
    public static final List<String> OWN_OPTIONS = List.of("--array", "--output", "--error", "--job-name", "--chdir",
            "--parsable", "--wait");

    /** The longest pause between two {@code scontrol} polls. */
    static final int MAX_POLL_SECONDS = 5;

    static final Map<Character, String> OWN_SHORT_OPTIONS = Map.of('a', "--array", 'o', "--output",
            'e', "--error", 'J', "--job-name", 'D', "--chdir", 'W', "--wait");
    private static final List<String> CLIENT = List.of("sbatch", "scontrol", "scancel", "squeue", "sinfo");
    static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL",
            "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "SPECIAL_EXIT", "REVOKED");
    /** States in which the batch script started, so that its first file must be there. */
    private static final Set<String> RAN = Set.of("COMPLETED", "FAILED");
    static final Set<String> LOCAL_FILESYSTEMS = Set.of("tmpfs", "ramfs", "devtmpfs");
    static final List<Path> LOCAL_FOLDERS = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"),
            Path.of("/run"));
    static final Pattern ARRAY_TASK = Pattern.compile("\\bArrayTaskId=(\\S+)");
    static final Pattern JOB_STATE = Pattern.compile("\\bJobState=(\\S+)");
    static final Pattern EXIT_CODE = Pattern.compile("\\bExitCode=(\\d+):(\\d+)");
    static final Pattern NODE_LIST = Pattern.compile("\\bNodeList=(\\S+)");
    static final Pattern REASON = Pattern.compile("\\bReason=(\\S+)");
    private static final Duration FILE_POLL = Duration.ofMillis(50);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(30);

    private final Commands commands;
    private final Duration commandTimeout;
    private final Duration visibilityGrace;

    /**
     * An executor with the JVM's environment, 60 s for each Slurm command and 60 s for the files of a finished
     * task to become visible.
     */
    public SlurmExecutor() {
        this(Map.of(), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    /**
     * An executor with some environment variables replaced (e.g. {@code PATH}, {@code SLURM_CONF}); the tasks get
     * the same environment ({@code sbatch} exports it).
     *
     * @param environment     variables that replace the JVM's own
     * @param commandTimeout  how long one Slurm command ({@code sbatch}, {@code scontrol}, …) may take before the
     *                        cluster counts as not answering
     * @param visibilityGrace how long a finished task's files may take to appear here (network filesystems cache
     *                        directory contents) before it counts as having run where the run folder is not seen
     */
    public SlurmExecutor(Map<String, String> environment, Duration commandTimeout, Duration visibilityGrace) {
        this.commands = new Commands(environment);
        this.commandTimeout = commandTimeout;
        this.visibilityGrace = visibilityGrace;
    }

    /**
     * Submits {@code array} and waits until every task has ended (or {@code timeout} has passed).
     *
     * @param array   the array
     * @param timeout how long to wait for the whole array, queueing included; {@link Duration#ZERO} or negative:
     *                no limit
     * @return every task's end, by shard; a failed task is a result, not an exception
     * @throws SlurmException when the array cannot be submitted, the cluster stops answering, the run folder is
     *                        not shared, the time runs out, or the wait is interrupted (then the array is cancelled
     *                        and the thread's interrupt flag is kept)
     */
    public SlurmResult run(SlurmArray array, Duration timeout) {
        SlurmScript.checkOptions(array.sbatchOptions());
        checkClient();
        int nodes = nodes(SlurmScript.partition(array.sbatchOptions()));
        SlurmScript.checkShared(array.runFolder(), nodes, SlurmScript.partition(array.sbatchOptions()));
        List<String> submission = SlurmScript.submission(array);
        SlurmScript.writeScript(array, submission);
        Submitted job = new Submitted(array);
        Shutdown.Registration onExit = Shutdown.onExit("cancelling Slurm job " + array.jobName(), job::cancelQuietly);
        long start = System.nanoTime();
        try {
            job.id = submit(submission, array.workingDirectory());
            List<SlurmTask> tasks = await(job, timeout);
            return new SlurmResult(job.id, array.script(), tasks, Duration.ofNanos(System.nanoTime() - start));
        } catch (SlurmException e) {
            if (e.reason() != SlurmException.Reason.INTERRUPTED) {
                throw e;
            }
            job.cancelQuietly();
            String id = job.id;
            throw interrupted(id == null ? "while submitting the Slurm array " + array.jobName() + "; anything submitted"
                    + " was cancelled (scancel --name=" + array.jobName() + ")" : "while waiting for Slurm job " + id
                    + "; it was cancelled (scancel " + id + ")");
        } finally {
            onExit.cancel();
        }
    }

    // ---- checks before submission ---------------------------------------------------------------------------

    /**
     * Checks that the Slurm client is on the {@code PATH}, before anything is planned; {@link #run} checks it again.
     *
     * @throws SlurmException ({@link SlurmException.Reason#NOT_INSTALLED}) naming the missing commands and saying
     *                        what to install
     */
    public void checkClient() {
        List<String> missing = CLIENT.stream().filter(tool -> commands.find(tool).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new SlurmException(SlurmException.Reason.NOT_INSTALLED, "The Slurm executor needs a Slurm client, but "
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not on the PATH ("
                    + commands.path() + "). Run commitbench on a login node of your cluster, or install the Slurm"
                    + " client configured for it (Debian/Ubuntu: apt-get install slurm-client, with the cluster's"
                    + " slurm.conf), or run without the Slurm executor.");
        }
        String conf = commands.environment().get("SLURM_CONF");
        if (conf != null && !conf.isBlank() && !Files.isRegularFile(Path.of(conf))) {
            throw new SlurmException(SlurmException.Reason.MISCONFIGURED, "SLURM_CONF names [" + conf + "], which is"
                    + " not a file: point SLURM_CONF at your cluster's slurm.conf, or unset it to use the default"
                    + " (/etc/slurm/slurm.conf, or the cluster's configless setup).");
        }
    }

    /** The number of nodes in the partition (all partitions when none is named); asking also checks the cluster answers. */
    private int nodes(Optional<String> partition) {
        List<String> command = new ArrayList<>(List.of("sinfo", "--noheader", "--Node", "--format=%N"));
        partition.ifPresent(p -> command.add("--partition=" + p));
        Commands.Result result = call(command, Path.of("").toAbsolutePath());
        if (!result.succeeded()) {
            throw notAnswering(command, result);
        }
        Set<String> nodes = result.stdout().lines().map(String::strip).filter(line -> !line.isEmpty())
                .collect(Collectors.toSet());
        if (nodes.isEmpty() && partition.isPresent()) {
            throw new SlurmException(SlurmException.Reason.REJECTED, "The Slurm partition [" + partition.get()
                    + "] has no nodes (sinfo lists none): name a partition that exists (sinfo --summarize lists them).");
        }
        return nodes.size();
    }

    // ---- the batch script and the submission -------------------------------------------------------------------

    private String submit(List<String> submission, Path directory) {
        Commands.Result result = call(submission, directory);
        if (result.timedOut()) {
            throw notAnswering(submission, result);
        }
        if (result.exitCode() != 0) {
            String said = result.errorText(5);
            if (Shutdown.inProgress()) {
                throw interrupted("while submitting"); // run() cancels the array and says so
            }
            if (said.contains("Unable to contact slurm controller") || said.contains("Socket timed out")
                    || said.contains("Connection refused") || said.contains("Unable to establish")) {
                throw notAnswering(submission, result);
            }
            throw new SlurmException(SlurmException.Reason.REJECTED, "sbatch refused the array (exit code "
                    + result.exitCode() + "): " + said + "\nCommand: " + Commands.shellLine(submission)
                    + "\nCheck the Slurm options (partition, --gres, --time, --account) against the cluster's"
                    + " (sinfo --summarize, sacctmgr show associations user=$USER).");
        }
        String id = result.stdout().strip().split("[;\\s]", 2)[0];
        if (!id.matches("\\d+")) {
            throw new SlurmException(SlurmException.Reason.REJECTED, "sbatch --parsable printed [" + result.stdout()
                    .strip() + "] instead of a job id; command: " + Commands.shellLine(submission));
        }
        return id;
    }

    // ---- waiting ---------------------------------------------------------------------------------------------------

    /** One task as the poll last saw it. */
    record Seen(String state, int exitCode, String node, String reason) {
    }

    private List<SlurmTask> await(Submitted job, Duration timeout) {
        SlurmArray array = job.array;
        long deadline = timeout.isZero() || timeout.isNegative() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Map<Integer, Seen> seen = new TreeMap<>();
        boolean known = true;
        long nextPoll = System.nanoTime();
        long pollPause = Duration.ofMillis(250).toNanos();
        long failingSince = 0;
        Commands.Result lastFailure = null;
        while (true) {
            if (Shutdown.inProgress() || Thread.currentThread().isInterrupted()) {
                throw interrupted("while waiting"); // run() cancels the array and says so
            }
            if (SlurmStatus.unfinished(array, seen, known).isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                // what was left when the time ran out, named before cancelling: a cancelled task writes its exit file
                String left = SlurmStatus.unfinished(array, seen, known).stream().map(shard -> "shard " + shard + " "
                        + Optional.ofNullable(seen.get(shard)).map(s -> s.state() + (s.reason() == null
                        || s.reason().equals("None") ? "" : " (" + s.reason() + ")")).orElse("PENDING"))
                        .collect(Collectors.joining(", "));
                job.cancel();
                throw new SlurmException(SlurmException.Reason.TIMED_OUT, "Slurm job " + job.id + " did not finish within "
                        + Commands.seconds(timeout) + " (" + left + "); it was cancelled. Its logs are in "
                        + array.slurmFolder() + ".");
            }
            if (System.nanoTime() >= nextPoll && known) {
                List<String> command = List.of("scontrol", "--oneliner", "show", "job", job.id);
                Commands.Result result = call(command, array.workingDirectory());
                if (result.succeeded()) {
                    seen.putAll(SlurmStatus.parseJob(result.stdout(), array.shards()));
                    failingSince = 0;
                } else if (result.errorText(3).contains("Invalid job id")) {
                    known = false; // purged (MinJobAge passed): what is not in the files is not known any more
                } else {
                    lastFailure = result;
                    failingSince = failingSince == 0 ? System.nanoTime() : failingSince;
                    if (System.nanoTime() - failingSince > 2 * commandTimeout.toNanos()) {
                        job.cancelQuietly();
                        SlurmException e = notAnswering(command, lastFailure);
                        throw new SlurmException(e.reason(), e.getMessage() + " Slurm job " + job.id + " may still run:"
                                + " cancel it with scancel " + job.id + " once the cluster answers.");
                    }
                }
                pollPause = Math.min((long) (pollPause * 1.5), Duration.ofSeconds(MAX_POLL_SECONDS).toNanos());
                nextPoll = System.nanoTime() + pollPause;
            }
            try {
                Thread.sleep(FILE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return tasks(job, seen);
    }

    /** Each shard's end, from its exit file where it has one, else from Slurm; checks that what ran is seen here. */
    private List<SlurmTask> tasks(Submitted job, Map<Integer, Seen> seen) {
        SlurmArray array = job.array;
        long graceEnd = System.nanoTime() + visibilityGrace.toNanos();
        List<SlurmTask> tasks = new ArrayList<>();
        for (int shard = 0; shard < array.shards(); shard++) {
            String taskId = job.id + "_" + shard;
            Seen s = seen.get(shard);
            Optional<Integer> exit = SlurmStatus.readExit(array, shard);
            String node = SlurmStatus.startedNode(array, shard).orElse(s == null || "(null)".equals(s.node()) ? null : s.node());
            if (exit.isPresent()) {
                tasks.add(new SlurmTask(shard, taskId, exit.get() == 0 ? "COMPLETED" : "FAILED", exit.get(), node,
                        array.log(shard), null));
                continue;
            }
            if (s == null) {
                tasks.add(new SlurmTask(shard, taskId, "UNKNOWN", -1, node, array.log(shard),
                        "Slurm no longer knows the task and it left no exit file"));
                continue;
            }
            if (RAN.contains(s.state())) {
                // Slurm says the script ran: its files must show up here, give a network filesystem time to show them
                while (!Files.exists(SlurmStatus.startedFile(array, shard)) && System.nanoTime() < graceEnd) {
                    sleep(Duration.ofMillis(200));
                }
                exit = SlurmStatus.readExit(array, shard);
                if (exit.isPresent()) {
                    tasks.add(new SlurmTask(shard, taskId, exit.get() == 0 ? "COMPLETED" : "FAILED", exit.get(), node,
                            array.log(shard), null));
                    continue;
                }
                if (!Files.exists(SlurmStatus.startedFile(array, shard))) {
                    tasks.add(new SlurmTask(shard, taskId, s.state(), s.exitCode(), s.node(), array.log(shard),
                            "it ran, but its files are not visible from " + MachineFingerprint.hostName() + " at "
                            + array.slurmFolder() + ": the run folder must be on a filesystem every node and this"
                            + " machine share"));
                    continue;
                }
            }
            tasks.add(new SlurmTask(shard, taskId, s.state(), RAN.contains(s.state()) ? s.exitCode() : -1, node,
                    array.log(shard), null));
        }
        return tasks;
    }

    // ---- cancelling ------------------------------------------------------------------------------------------------

    /** A submission in flight: cancelled by id once known, else by name. */
    private final class Submitted {
        final SlurmArray array;
        volatile String id;

        Submitted(SlurmArray array) {
            this.array = array;
        }

        /**
         * Cancels the array and waits (at most 30 s) until squeue no longer lists it; the thread's interrupt flag is
         * set aside meanwhile (the commands could not be waited for) and kept.
         */
        void cancel() {
            boolean interrupted = Thread.interrupted();
            try {
                cancelNow();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void cancelNow() {
            String known = id;
            List<String> scancel = known != null ? List.of("scancel", known)
                    : List.of("scancel", "--name=" + array.jobName(), "--user=" + System.getProperty("user.name"));
            try {
                commands.run(scancel, array.workingDirectory(), commandTimeout);
                if (known == null) {
                    return;
                }
                long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    Commands.Result queue = commands.run(List.of("squeue", "--noheader", "--jobs=" + known,
                            "--format=%i"), array.workingDirectory(), commandTimeout);
                    if (queue.exitCode() != 0 && queue.errorText(1).contains("Invalid job id")
                            || queue.succeeded() && queue.stdout().isBlank()) {
                        return;
                    }
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot cancel Slurm job " + (known != null ? known : array.jobName())
                        + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** {@link #cancel()}, for the JVM's exit and for paths already failing: nothing is thrown. */
        void cancelQuietly() {
            try {
                cancel();
            } catch (RuntimeException e) {
                // the caller reports the failure that led here; the exit prints its own line
            }
        }
    }

    // ---- commands and errors ---------------------------------------------------------------------------------------

    /**
     * Runs a Slurm command; an interrupt of the waiting thread (the command is killed) keeps the thread's flag and
     * becomes an {@code INTERRUPTED} exception.
     */
    private Commands.Result call(List<String> command, Path directory) {
        try {
            return commands.run(command, directory, commandTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted("while running " + command.get(0));
        } catch (IOException e) {
            if (Shutdown.inProgress()) {
                throw interrupted("while running " + command.get(0));
            }
            throw new SlurmException(SlurmException.Reason.NOT_INSTALLED, "Cannot run " + command.get(0) + ": "
                    + e.getMessage() + ". The Slurm executor needs the Slurm client on the PATH.", e);
        }
    }

    private SlurmException notAnswering(List<String> command, Commands.Result result) {
        String what = result.timedOut() ? "did not answer within " + Commands.seconds(commandTimeout)
                : "failed (exit code " + result.exitCode() + "): " + result.errorText(3);
        return new SlurmException(SlurmException.Reason.NOT_ANSWERING, "The Slurm cluster does not answer: "
                + command.get(0) + " " + what + ". Check that the controller runs (scontrol ping) and that this"
                + " machine reaches it" + (commands.environment().containsKey("SLURM_CONF") ? " (SLURM_CONF="
                + commands.environment().get("SLURM_CONF") + ")" : "") + ".");
    }

    private static SlurmException interrupted(String what) {
        return new SlurmException(SlurmException.Reason.INTERRUPTED, "Interrupted " + what + ".");
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
