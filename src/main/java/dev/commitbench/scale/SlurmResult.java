package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code SlurmResult} is used to hold how a Slurm array ended: every task's state, by shard.
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 *
 * @param jobId    the array's job id, as {@code sbatch --parsable} printed it
 * @param script   the batch script that was submitted
 * @param tasks    one task per shard, in shard order
 * @param wallTime from just before {@code sbatch} to the last task's end
 */
@API(status = INTERNAL, since = "0.1")
public record SlurmResult(String jobId, Path script, List<SlurmTask> tasks, Duration wallTime) {

    /**
     * Copies the list.
     *
     * @param jobId the array's job id
     * @param script the batch script
     * @param tasks one task per shard
     * @param wallTime from submission to the last task's end
     */
    public SlurmResult {
        tasks = List.copyOf(tasks);
    }

    /** {@return whether every task succeeded} */
    public boolean succeeded() {
        return tasks.stream().allMatch(SlurmTask::succeeded);
    }

    /** {@return the tasks that did not succeed, in shard order} */
    public List<SlurmTask> failed() {
        return tasks.stream().filter(task -> !task.succeeded()).toList();
    }

    /**
     * {@return e.g. {@code Slurm job 12: 1 of 3 shards did not succeed:} and one line per failed task (shard, state,
     * exit code, node, log and its last lines); {@code ""} when every task succeeded}
     */
    public String failureMessage() {
        List<SlurmTask> failed = failed();
        if (failed.isEmpty()) {
            return "";
        }
        return "Slurm job " + jobId + ": " + failed.size() + " of " + tasks.size() + " shards did not succeed:\n  "
                + failed.stream().map(SlurmTask::describe).collect(Collectors.joining("\n  "));
    }
}
