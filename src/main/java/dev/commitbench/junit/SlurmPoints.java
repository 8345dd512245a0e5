package dev.commitbench.junit;

import dev.commitbench.Commit;
import dev.commitbench.scale.DeviceList;
import dev.commitbench.scale.SlurmArray;
import dev.commitbench.scale.SlurmException;
import dev.commitbench.scale.SlurmExecutor;
import dev.commitbench.scale.SlurmResult;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.ShardMerge;
import dev.commitbench.session.ShardPlan;
import dev.commitbench.session.SlurmShards;
import dev.commitbench.session.SweepPoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code SlurmPoints} is used to run one method's points with {@code commitbench.executor=slurm}: it plans the
 * method's points into shards ({@code plan.json} in the method's folder), submits them as one Slurm array from a
 * thread of its own, waits, and merges the shards into the method's folder, as {@code --executor slurm} does; each
 * invocation then takes its point's report from the merged run. Closing it before the array has ended interrupts the
 * wait, which cancels the array ({@code scancel}).
 */
final class SlurmPoints implements AutoCloseable {

    private final ShardPlan shardPlan;
    private final Thread thread;
    private final CompletableFuture<ShardMerge.Merged> merged = new CompletableFuture<>();

    private SlurmPoints(ShardPlan shardPlan, Runnable body, String name) {
        this.shardPlan = shardPlan;
        this.thread = new Thread(body, name);
        this.thread.setDaemon(true);
    }

    /**
     * Plans the points and submits them; returns at once.
     *
     * @param plan the method's plan, its output folder the method's folder in the run folder
     * @param settings the shard count and {@code sbatch} options
     * @param devices the devices each task selects on its node
     * @param out where the submission and its end are reported
     * @throws IllegalArgumentException naming a setting a plan cannot hold (the shard count among them)
     */
    static SlurmPoints start(BenchmarkPlan plan, BenchmarkSettings.SlurmSettings settings, DeviceList devices,
            PrintStream out) {
        SlurmExecutor executor = new SlurmExecutor(Map.of(), Duration.ofSeconds(60), Duration.ofSeconds(60));
        ShardPlan shardPlan;
        try {
            shardPlan = ShardPlan.of(plan, settings.shards());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("--shards", BenchmarkSettings.SHARDS_PROPERTY_NAME)
                    .replace("Leave out --in-place", "Leave out checkout = \"in-place\""), e);
        }
        Path run = plan.output().directory();
        Path planFile = shardPlan.write(run);
        String deviceList = devices.isDefault() ? null : devices.toString();
        SlurmArray array = new SlurmArray("commitbench-" + run.getParent().getFileName() + "-" + shardPlan.shortId(),
                SlurmShards.command(plan, planFile, run, deviceList, false), settings.shards(), settings.options(), run,
                plan.repository());
        SlurmPoints[] self = new SlurmPoints[1];
        self[0] = new SlurmPoints(shardPlan, () -> self[0].submitAndMerge(executor, array, planFile, run, out),
                "commitbench-slurm-" + shardPlan.shortId());
        out.println("commitbench: plan " + shardPlan.id() + ": " + shardPlan.points().size() + " points in "
                + settings.shards() + " shards, submitted as one Slurm array; the batch script is "
                + run.resolve("slurm/array.sbatch") + " (the shards write under " + run
                + ", which every node of the cluster must see; this is checked)");
        self[0].thread.start();
        return self[0];
    }

    private void submitAndMerge(SlurmExecutor executor, SlurmArray array, Path planFile, Path run, PrintStream out) {
        try {
            SlurmResult result = executor.run(array, Duration.ZERO);
            out.println("commitbench: Slurm job " + result.jobId() + ": " + result.tasks().size() + " tasks ended after "
                    + String.format(Locale.ROOT, "%.1f s", result.wallTime().toMillis() / 1000.0) + ".");
            if (!result.succeeded()) {
                out.println("commitbench: " + result.failureMessage());
            }
            ShardMerge.Merged done = ShardMerge.merge(shardPlan, planFile.toString(),
                    SlurmShards.folders(run, shardPlan.shards()), run, false);
            done.problems().forEach(problem -> out.println("commitbench: " + problem));
            merged.complete(done);
        } catch (RuntimeException | Error e) {
            merged.completeExceptionally(e);
        }
    }

    /** {@return the resolved commits, baseline first} */
    List<Commit> commits() {
        return shardPlan.commits();
    }

    /**
     * {@return {@code point}'s report and summaries from the merged run, waiting for the array}
     *
     * @throws SlurmException when the array could not be submitted or waited for (the message says why)
     */
    ShardMerge.MergedPoint point(SweepPoint point) {
        return merged().point(point);
    }

    /** {@return the merged run, once the array has ended} */
    ShardMerge.Merged merged() {
        try {
            return merged.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** {@return whether the array has ended and its shards are merged} */
    boolean succeeded() {
        return merged.isDone() && !merged.isCompletedExceptionally();
    }

    /** Cancels the array when it still runs (interrupting the wait cancels it) and waits for that. */
    @Override
    public void close() {
        if (thread.isAlive()) {
            thread.interrupt();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
