package dev.commitbench.cli;

import dev.commitbench.session.ShardMerge;
import dev.commitbench.session.ShardPlan;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code MergeCommand} is used for {@code commitbench merge --plan plan.json SHARD_DIR...}: it merges the shards' folders
 * into one run folder, the one a single-machine run writes, and exits as that run would; a missing or failed shard
 * exits 3, naming it, with the others merged and reported.
 */
@Command(name = "merge",
        description = {"Merges the folders of a plan's shards (commitbench run-shard) into one run folder, analysed as"
                + " a single-machine run: the same files and the same exit code. Checks that every shard ran this plan,"
                + " that none is missing and that no point was measured twice. report.md names each point's machine"
                + " and device.",
            "Exit codes as for a run: 0 no regression, 1 a regression, 2 usage error (shards of another plan, a point"
                    + " split across machines), 3 a missing or failed shard (named; the others are merged), 4"
                    + " inconclusive."})
final class MergeCommand extends Subcommand {

    @Option(names = "--plan", paramLabel = "FILE", required = true, description = "The plan.json the shards ran.")
    private Path planFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The merged run folder: new or empty. Default: a fresh folder in _benchmark/.")
    private Path out;

    @Parameters(paramLabel = "SHARD_DIR", arity = "1..*", description = "The shards' folders (run-shard --out).")
    private List<Path> shardFolders = new ArrayList<>();

    MergeCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Path planPath = context.resolve(planFile);
        ShardMerge.Merged merged;
        Path runFolder;
        ShardPlan plan;
        try {
            plan = ShardPlan.read(planPath);
            runFolder = out != null ? context.resolve(out)
                    : RunFolder.createIn(context.workingDirectory().resolve("_benchmark"));
            merged = ShardMerge.merge(plan, planPath.toString(), shardFolders.stream()
                    .map(context::resolve).toList(), runFolder);
        } catch (IllegalArgumentException e) {
            return RunEnding.usage(context.err(), e.getMessage() + (e.getMessage().endsWith(".") ? "" : "."));
        } catch (UncheckedIOException e) {
            return RunEnding.failure(context.err(), e.getMessage());
        }
        context.err().println("Run folder: " + runFolder);
        merged.problems().forEach(problem -> context.err().println("Error: " + problem));
        return RunEnding.finish(merged.report(), plan.toPlan(runFolder, runFolder).output().reportFormats(),
                context.environment(), context.out(), context.err());
    }
}
