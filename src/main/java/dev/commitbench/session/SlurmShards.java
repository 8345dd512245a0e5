package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.scale.SlurmArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apiguardian.api.API;

/**
 * {@code SlurmShards} is used by both front ends' Slurm executor ({@code --executor slurm},
 * {@code commitbench.executor=slurm}): the {@code run-shard} command every array task runs, with the JVM and class
 * path of this one, and where each shard writes under the run folder ({@code shards/shard-<i>}), which the merge reads.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class SlurmShards {

    /** The command line's main class, which runs {@code run-shard}. */
    public static final String MAIN_CLASS = "dev.commitbench.cli.CommitbenchCommand";

    private SlurmShards() {
    }

    /**
     * {@return the command every task runs: this JVM's {@code java} with this JVM's class path, {@code run-shard} of
     * the plan file for the task's shard ({@link SlurmArray#SHARD}) into its folder under {@code run}}
     *
     * @param plan the plan (its executable, workspace root and cache folder are passed on)
     * @param planFile the plan file, under the run folder
     * @param run the run folder, which every node sees
     * @param devices the devices each task selects on its node ({@code --devices}), or {@code null}
     * @param verbose whether the tasks report every run
     */
    public static List<String> command(BenchmarkPlan plan, Path planFile, Path run, String devices, boolean verbose) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), MAIN_CLASS, "run-shard", "--plan",
                planFile.toString(), "--shard", SlurmArray.SHARD, "--out",
                run.resolve("shards").resolve("shard-" + SlurmArray.SHARD).toString()));
        if (!plan.engine().executable().isEmpty() && !plan.engine().isCommand()) {
            command.addAll(List.of("--executable", String.join(" ", plan.engine().executable())));
        }
        if (devices != null) {
            command.addAll(List.of("--devices", devices));
        }
        if (plan.workspaces().root() != null) {
            command.addAll(List.of("--workspace-root", plan.workspaces().root().toString()));
        }
        if (plan.workspaces().cacheDir() != null) {
            command.addAll(List.of("--cache-dir", plan.workspaces().cacheDir().toString()));
        }
        if (verbose) {
            command.add("--verbose");
        }
        return command;
    }

    /**
     * {@return the shards' folders under {@code run}, by shard}
     *
     * @param run the run folder
     * @param shards the number of shards
     */
    public static List<Path> folders(Path run, int shards) {
        return IntStream.range(0, shards).mapToObj(i -> run.resolve("shards").resolve("shard-" + i)).toList();
    }
}
