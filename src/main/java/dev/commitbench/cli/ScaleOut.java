package dev.commitbench.cli;

import dev.commitbench.CombinedReport;
import dev.commitbench.git.GitException;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.scale.Device;
import dev.commitbench.scale.DeviceDiscovery;
import dev.commitbench.scale.DeviceException;
import dev.commitbench.scale.DeviceList;
import dev.commitbench.scale.SlurmArray;
import dev.commitbench.scale.SlurmException;
import dev.commitbench.scale.SlurmExecutor;
import dev.commitbench.scale.SlurmResult;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.ConsoleProgress;
import dev.commitbench.session.DeviceRun;
import dev.commitbench.session.ShardMerge;
import dev.commitbench.session.ShardPlan;
import dev.commitbench.session.SlurmShards;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code ScaleOut} is used by the command line for the runs that leave one session: {@code --devices} (the points in
 * parallel, one per device, in one run folder) and {@code --executor slurm} (a plan, its shards as one Slurm array,
 * the merge). Both end as a single-machine run ends ({@link RunEnding}).
 */
final class ScaleOut {

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> environment;
    private final boolean verbose;

    ScaleOut(PrintWriter out, PrintWriter err, Map<String, String> environment, boolean verbose) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.verbose = verbose;
    }

    /**
     * Runs the plan's points on {@code devices}; {@code null} when no device is selected ({@code auto} on a machine
     * without GPUs), for the plain sequential run.
     */
    Integer devices(BenchmarkPlan plan, String devices, List<Device> selected) {
        if (selected.isEmpty()) {
            err.println("--devices " + devices + ": no GPU found on this machine; the points run one after the other on"
                    + " the default device.");
            return null;
        }
        err.println("Run folder: " + plan.output().directory());
        err.println("Devices: " + selected.stream().map(Device::describe).toList() + ", one point at a time each.");
        DeviceRun run;
        try {
            run = DeviceRun.start(plan, plan.points(), selected, new ConsoleProgress(err, "note: ", verbose));
        } catch (IllegalArgumentException | GitException e) {
            deleteIfEmpty(plan.output().directory());
            return RunEnding.usage(err, e.getMessage() + ".");
        }
        try (run) {
            List<DeviceRun.PointOutcome> outcomes = run.await();
            if (Shutdown.inProgress()) {
                return ExitCode.INTERRUPTED.code();
            }
            CombinedReport report = run.finish(outcomes).report();
            outcomes.forEach(o -> err.println("  [" + (o.point().label().isEmpty() ? "(the only point)"
                    : o.point().label()) + "] ran on " + o.machine().describe()));
            return RunEnding.finish(report, plan.output().reportFormats(), environment, out, err);
        }
    }

    /**
     * The devices {@code --devices} names on this machine.
     *
     * @throws DeviceException naming a device that does not exist
     */
    List<Device> select(String devices) {
        return DeviceList.parse("--devices", devices)
                .select(new DeviceDiscovery(environment, DeviceDiscovery.TIMEOUT).discover());
    }

    /** Plans, runs the shards as one Slurm array, waits and merges into the plan's run folder. */
    int slurm(BenchmarkPlan plan, String executor, Integer shards, List<String> options, String devices) {
        Path run = plan.output().directory();
        if (!executor.equals("slurm")) {
            deleteIfEmpty(run);
            return RunEnding.usage(err, executor.equals("local") ? "--shards and --slurm-option are for --executor"
                    + " slurm. To run shards on other machines, use commitbench plan --shards N (docs/scale-out.md)."
                    : "--executor must be one of [local, slurm] but was [" + executor + "].");
        }
        if (shards == null) {
            deleteIfEmpty(run);
            return RunEnding.usage(err, "--executor slurm needs --shards N, the number of array tasks (at most the"
                    + " number of points), e.g. --shards 4.");
        }
        ShardPlan shardPlan;
        try {
            if (devices != null) {
                DeviceList.parse("--devices", devices); // each task selects its devices on its node
            }
            shardPlan = ShardPlan.of(plan, shards);
        } catch (IllegalArgumentException | GitException e) {
            deleteIfEmpty(run);
            return RunEnding.usage(err, e.getMessage() + (e.getMessage().endsWith(".") ? "" : "."));
        }
        Path planFile = shardPlan.write(run);
        List<String> command = SlurmShards.command(plan, planFile, run, devices, verbose);
        err.println("Run folder: " + run + " (the shards write under it: it must be on a filesystem every node of the"
                + " cluster sees, which is checked)");
        err.println("Plan " + shardPlan.id() + ": " + shardPlan.points().size() + " points in " + shards
                + " shards, submitted as one Slurm array; the batch script is " + run.resolve("slurm/array.sbatch"));
        SlurmResult result;
        try {
            SlurmArray array = new SlurmArray("commitbench-" + run.getFileName(), command, shards, options, run,
                    plan.repository());
            result = new SlurmExecutor(environment, Duration.ofSeconds(60), Duration.ofSeconds(60))
                    .run(array, Duration.ZERO);
        } catch (SlurmException e) {
            if (e.reason() == SlurmException.Reason.INTERRUPTED || Shutdown.inProgress()) {
                err.println(e.getMessage());
                return ExitCode.INTERRUPTED.code();
            }
            if (e.reason() == SlurmException.Reason.REJECTED || e.reason() == SlurmException.Reason.NOT_SHARED) {
                return RunEnding.usage(err, e.getMessage());
            }
            return RunEnding.failure(err, e.getMessage());
        }
        err.println("Slurm job " + result.jobId() + ": " + result.tasks().size() + " tasks ended after "
                + String.format(java.util.Locale.ROOT, "%.1f s", result.wallTime().toMillis() / 1000.0) + ".");
        if (!result.succeeded()) {
            err.println(result.failureMessage());
        }
        ShardMerge.Merged merged;
        try {
            merged = ShardMerge.merge(shardPlan, planFile.toString(), SlurmShards.folders(run, shards), run, false);
        } catch (IllegalArgumentException e) {
            return RunEnding.usage(err, e.getMessage() + ".");
        } catch (UncheckedIOException e) {
            return RunEnding.failure(err, e.getMessage());
        }
        merged.problems().forEach(problem -> err.println("Error: " + problem));
        return RunEnding.finish(merged.report(), plan.output().reportFormats(), environment, out, err);
    }

    private static void deleteIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (IOException notEmptyOrGone) {
            // a folder that holds something is kept
        }
    }
}
