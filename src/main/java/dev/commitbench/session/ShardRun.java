package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import dev.commitbench.engine.EngineException;
import dev.commitbench.git.PlannedCommits;
import dev.commitbench.scale.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * {@code ShardRun} is used by {@code commitbench run-shard}: it runs one shard of a {@link ShardPlan} in a checkout of
 * the plan's repository (any clone, on any machine) and writes the shard's folder: the run directories as a
 * single-machine run lays them out, and {@code shard.json} ({@link ShardResult}) with each point's summaries,
 * failures, and the machine and device it ran on.
 *
 * <p>Before anything runs it checks the shard index, that the checkout has every planned commit (or says to fetch
 * them, or that the plan comes from another repository), and that the shard's folder is new or empty.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class ShardRun {

    private ShardRun() {
    }

    /**
     * Checks that shard {@code shard} of {@code plan} can run in {@code checkout} into {@code out}.
     *
     * @param plan the plan
     * @param planName how messages name the plan (its file)
     * @param shard the shard's index
     * @param checkout a directory in the checkout
     * @param out the shard's folder
     * @throws IllegalArgumentException for a shard index out of range or a folder that holds something
     * @throws dev.commitbench.git.GitException when the checkout lacks commits or is of another repository
     */
    public static void check(ShardPlan plan, String planName, int shard, Path checkout, Path out) {
        plan.requireShard(shard);
        PlannedCommits.requirePresent(checkout, plan.commits().stream().map(Commit::sha).toList(), plan.roots(),
                planName);
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + out + " is not empty: a shard writes into a new or"
                            + " empty folder, so that its results are only its own. Give another folder, or empty it");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the folder " + out + ": " + e.getMessage(), e);
            }
        } else if (Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a folder. Give a new or empty folder");
        }
    }

    /**
     * Runs shard {@code shard} of {@code plan} (after {@link #check}) and writes its folder.
     *
     * @param plan the plan
     * @param shard the shard's index
     * @param runPlan the plan to run ({@link ShardPlan#toPlan}, with this machine's settings), into the shard's folder
     * @param devices the devices to run the shard's points on, one worker each; empty: the default device
     * @param progress hears of each run; {@code null} for none
     * @return what the shard measured, also written as {@code shard.json}
     */
    public static ShardResult run(ShardPlan plan, int shard, BenchmarkPlan runPlan, List<Device> devices,
            ProgressListener progress) {
        Path out = runPlan.output().directory();
        List<SweepPoint> points = plan.pointsOf(shard);
        List<DeviceRun.PointOutcome> outcomes;
        String version;
        try (DeviceRun run = DeviceRun.start(runPlan, points, devices, progress)) {
            outcomes = run.await();
            version = run.optimumBenchmarkVersion();
        }
        List<ShardResult.PointResult> results = new ArrayList<>();
        String error = null;
        for (DeviceRun.PointOutcome outcome : outcomes) {
            results.add(new ShardResult.PointResult(plan.points().indexOf(outcome.point()), outcome.point().label(),
                    outcome.machine(), outcome.summaries(), outcome.failures().stream()
                            .map(f -> new dev.commitbench.RunFailure(plan.commits().stream()
                                    .filter(c -> c.sha().equals(f.commit().sha())).findFirst().orElse(f.commit()),
                                    f.point(), f.round(), f.runDirectory(), f.message()))
                            .toList()));
            EngineException e = outcome.error();
            if (e != null && error == null) {
                error = e.getMessage();
            }
        }
        ShardResult result = new ShardResult(plan.id(), shard, results, version, error);
        result.write(out);
        return result;
    }
}
