package dev.commitbench.cli;

import dev.commitbench.engine.EngineException;
import dev.commitbench.git.GitException;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.scale.Device;
import dev.commitbench.scale.DeviceDiscovery;
import dev.commitbench.scale.DeviceException;
import dev.commitbench.scale.DeviceList;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.ConsoleProgress;
import dev.commitbench.session.PlanBuilder;
import dev.commitbench.session.ShardPlan;
import dev.commitbench.session.ShardResult;
import dev.commitbench.session.ShardRun;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code RunShardCommand} is used for {@code commitbench run-shard --plan plan.json --shard I --out SHARD_DIR}: it runs
 * one shard of a plan in the checkout it is started in (any clone of the plan's repository) and writes the shard's
 * folder for {@code commitbench merge}.
 */
@Command(name = "run-shard",
        description = {"Runs one shard of a plan (commitbench plan) in this checkout: every commit and round of each of"
                + " the shard's points, on this machine. Writes the runs and SHARD_DIR/shard.json, with the machine and"
                + " device each point ran on, for commitbench merge.",
            "Exit codes: 0 every run succeeded, 2 usage error (a shard out of range, commits this checkout lacks),"
                    + " 3 a run failed (the shard's folder still holds what was measured), 130 interrupted."})
final class RunShardCommand extends Subcommand {

    @Option(names = "--plan", paramLabel = "FILE", required = true, description = "The plan.json commitbench plan wrote.")
    private Path planFile;

    @Option(names = "--shard", paramLabel = "I", required = true,
            description = "The shard to run, from 0 (e.g. $${{ matrix.shard }}, $$SLURM_ARRAY_TASK_ID or"
                    + " $$JOB_COMPLETION_INDEX).")
    private int shard;

    @Option(names = "--out", paramLabel = "SHARD_DIR", required = true,
            description = "The shard's folder: new or empty.")
    private Path out;

    @Option(names = "--devices", paramLabel = "0,1,2,3|auto",
            description = "Run the shard's points in parallel, one per device, each pinned to its device."
                    + " Default: one after the other on the default device.")
    private String devices;

    @Option(names = "--executable", paramLabel = "COMMAND",
            description = "How to start optimum-benchmark on this machine, replacing the plan's.")
    private String executable;

    @Option(names = "--workspace-root", paramLabel = "DIR", description = "Where the worktrees go on this machine.")
    private Path workspaceRoot;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Keep the worktrees here and reuse them.")
    private Path cacheDir;

    @Option(names = "--keep-workspaces", description = "Keep the worktrees when a run failed.")
    private boolean keepWorkspaces;

    @Option(names = "--verbose", description = "Show the engine's output as it runs.")
    private boolean verbose;

    RunShardCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Path planPath = context.resolve(planFile);
        Path shardFolder = context.resolve(out);
        ShardPlan plan;
        BenchmarkPlan runPlan;
        List<Device> selected;
        try {
            plan = ShardPlan.read(planPath);
            ShardRun.check(plan, planPath.toString(), shard, context.workingDirectory(), shardFolder);
            selected = devices == null ? List.of() : DeviceList.parse("--devices", devices)
                    .select(new DeviceDiscovery(context.environment(), DeviceDiscovery.TIMEOUT).discover());
            PlanBuilder builder = plan.toPlan(context.workingDirectory(), shardFolder).toBuilder()
                    .keepWorkspaces(keepWorkspaces);
            if (executable != null) {
                builder.executable(Words.split("--executable", executable));
            }
            if (workspaceRoot != null) {
                builder.workspaceRoot(context.resolve(workspaceRoot));
            }
            if (cacheDir != null) {
                builder.cacheDir(context.resolve(cacheDir));
            }
            runPlan = builder.build();
        } catch (UsageException e) {
            return RunEnding.usage(context.err(), e.getMessage());
        } catch (IllegalArgumentException | GitException e) {
            return RunEnding.usage(context.err(), e.getMessage() + (e.getMessage().endsWith(".") ? "" : "."));
        } catch (UncheckedIOException e) {
            return RunEnding.failure(context.err(), e.getMessage());
        }
        context.err().println("Shard " + shard + " of " + plan.shards() + " (plan " + plan.shortId() + "): points "
                + PlanCommand.labels(plan.pointsOf(shard)) + " into " + shardFolder);
        ShardResult result;
        try {
            result = ShardRun.run(plan, shard, runPlan, selected, new ConsoleProgress(context.err(), "note: ", verbose));
        } catch (EngineException | GitException | IllegalArgumentException | UncheckedIOException e) {
            if (Shutdown.inProgress()) {
                return ExitCode.INTERRUPTED.code();
            }
            return RunEnding.failure(context.err(), e.getMessage());
        }
        for (ShardResult.PointResult point : result.points()) {
            context.err().println("  [" + (point.label().isEmpty() ? "(the only point)" : point.label()) + "] on "
                    + point.machine().describe() + ": " + point.summaries().size() + " runs"
                    + (point.failures().isEmpty() ? "" : ", " + point.failures().size() + " failed"));
        }
        if (result.error() != null) {
            context.err().println("Error: " + result.error());
        }
        context.err().println("Shard " + shard + " written to " + shardFolder.resolve(ShardResult.FILE)
                + (result.succeeded() ? "." : "; some runs failed (exit 3): the merge reports them."));
        context.err().flush();
        return result.succeeded() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    }
}
