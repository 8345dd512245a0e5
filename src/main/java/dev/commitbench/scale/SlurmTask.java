package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code SlurmTask} is used to hold how one task (one shard) of a Slurm array ended.
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 *
 * @param shard    the shard index ({@code SLURM_ARRAY_TASK_ID})
 * @param taskId   Slurm's name for the task, {@code <array job id>_<shard>}
 * @param state    Slurm's state for it ({@code COMPLETED}, {@code FAILED}, {@code CANCELLED}, {@code TIMEOUT},
 *                 {@code OUT_OF_MEMORY}, {@code NODE_FAIL}, …), or {@code UNKNOWN} when Slurm no longer knows the
 *                 task and it left no exit code
 * @param exitCode the command's exit code, or {@code -1} when it did not end by itself
 * @param node     the node it ran on, or {@code null} when unknown
 * @param log      its log file (standard output and error)
 * @param problem  what went wrong beyond the state (e.g. its files are not visible to the submitter), or
 *                 {@code null}
 */
@API(status = INTERNAL, since = "0.1")
public record SlurmTask(int shard, String taskId, String state, int exitCode, String node, Path log, String problem) {

    /** {@return whether the task's command exited 0 and its files were seen} */
    public boolean succeeded() {
        return exitCode == 0 && "COMPLETED".equals(state) && problem == null;
    }

    /**
     * {@return e.g. {@code shard 1 (Slurm task 12_1) FAILED with exit code 3 on node gpu-3; log:
     * /runs/x/slurm/task-1.log}, with the log's last lines when it failed}
     */
    public String describe() {
        StringBuilder text = new StringBuilder("shard " + shard + " (Slurm task " + taskId + ") " + state);
        if (exitCode >= 0) {
            text.append(" with exit code ").append(exitCode);
        }
        if (node != null) {
            text.append(" on node ").append(node);
        }
        if (problem != null) {
            text.append(": ").append(problem);
        }
        text.append("; log: ").append(log);
        if (!succeeded()) {
            List<String> tail = tail(log, 5);
            if (!tail.isEmpty()) {
                text.append("\n    ").append(String.join("\n    ", tail));
            }
        }
        return text.toString();
    }

    private static List<String> tail(Path file, int n) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
