package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code SlurmArray} is used to describe one Slurm array job for {@link SlurmExecutor}: the command every task runs,
 * the number of shards (one task each, {@code --array=0-(shards-1)}), the user's own {@code sbatch} options, and the
 * run folder the tasks write under.
 *
 * <p>The command is a list of words, written into the batch script shell-quoted; in any word {@code ${shard}}
 * becomes the task's shard index ({@code SLURM_ARRAY_TASK_ID}) and {@code ${shards}} the number of shards. The task
 * also finds them in {@code COMMITBENCH_SHARD} and {@code COMMITBENCH_SHARDS}.
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 *
 * @param jobName          the job's name ({@code --job-name}); unique per submission, since an interruption before
 *                         {@code sbatch} has answered cancels by name
 * @param command          the words every task runs, at least one
 * @param shards           the number of shards, at least 1
 * @param sbatchOptions    the user's options, passed to {@code sbatch} as they are (partition, {@code --gres=gpu:1},
 *                         time, account); not the ones commitbench sets ({@link SlurmExecutor#OWN_OPTIONS})
 * @param runFolder        where the tasks write: on a filesystem every node sees; the batch script, the tasks' logs
 *                         and their status files go into its {@code slurm/} folder
 * @param workingDirectory where each task starts ({@code --chdir})
 */
@API(status = INTERNAL, since = "0.1")
public record SlurmArray(String jobName, List<String> command, int shards, List<String> sbatchOptions, Path runFolder,
        Path workingDirectory) {

    /** The placeholder for the task's shard index. */
    public static final String SHARD = "${shard}";

    /** The placeholder for the number of shards. */
    public static final String SHARDS = "${shards}";

    /**
     * Checks the values and copies the lists; the folders become absolute.
     *
     * @param jobName the job's name
     * @param command the words every task runs
     * @param shards the number of shards
     * @param sbatchOptions the user's options
     * @param runFolder where the tasks write
     * @param workingDirectory where each task starts
     */
    public SlurmArray {
        Objects.requireNonNull(jobName, "jobName");
        if (jobName.isBlank() || jobName.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a Slurm job name is one word, but was [" + jobName + "]");
        }
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a Slurm array needs a command for its tasks");
        }
        if (shards < 1) {
            throw new IllegalArgumentException("a Slurm array needs at least one shard, but was given " + shards);
        }
        sbatchOptions = List.copyOf(sbatchOptions);
        runFolder = runFolder.toAbsolutePath().normalize();
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** {@return the folder with the batch script, the tasks' logs and status files: {@code <run folder>/slurm}} */
    public Path slurmFolder() {
        return runFolder.resolve("slurm");
    }

    /** {@return the batch script: {@code <run folder>/slurm/array.sbatch}} */
    public Path script() {
        return slurmFolder().resolve("array.sbatch");
    }

    /**
     * {@return the log of the task of {@code shard} (its standard output and error)}
     *
     * @param shard the shard index
     */
    public Path log(int shard) {
        return slurmFolder().resolve("task-" + shard + ".log");
    }
}
