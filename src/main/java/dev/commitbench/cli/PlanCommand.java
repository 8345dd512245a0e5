package dev.commitbench.cli;

import dev.commitbench.git.GitException;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.ShardPlan;
import dev.commitbench.session.SweepPoint;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code PlanCommand} is used for {@code commitbench plan --shards N --out DIR [run flags and overrides]}: it reads the
 * run flags as a run would, resolves the commits to SHAs, fixes the points, rounds and seed, writes
 * {@code DIR/plan.json} ({@link ShardPlan}) and prints the GitHub Actions matrix of the shards.
 */
@Command(name = "plan",
        description = {"Plans a run in shards for several machines: resolves the commits to SHAs, fixes the points,"
                + " rounds and seed, writes DIR/plan.json and prints the GitHub Actions matrix {\"shard\":[0,...]}."
                + " Every other argument is a run flag or override, as for a run.",
            "Then run each shard with commitbench run-shard and merge them with commitbench merge"
                    + " (docs/scale-out.md)."})
final class PlanCommand extends Subcommand {

    @Option(names = "--shards", paramLabel = "N", required = true,
            description = "The number of shards: at most the number of points (a point is never split).")
    private int shards;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where plan.json goes.")
    private Path out;

    @Unmatched
    private List<String> runArguments = new ArrayList<>();

    PlanCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        ShardPlan plan;
        try {
            BenchmarkPlan runPlan = runPlan(runArguments, context.err(), context.workingDirectory(),
                    context.environment());
            plan = ShardPlan.of(runPlan, shards);
        } catch (UsageException e) {
            return RunEnding.usage(context.err(), e.getMessage());
        } catch (IllegalArgumentException | GitException e) {
            return RunEnding.usage(context.err(), e.getMessage() + ".");
        }
        Path file;
        try {
            file = plan.write(context.resolve(out));
        } catch (UncheckedIOException e) {
            return RunEnding.failure(context.err(), e.getMessage());
        }
        context.err().println("Plan " + plan.id() + " written to " + file + ": " + plan.points().size()
                + (plan.points().size() == 1 ? " point" : " points") + " of " + plan.commits().size() + " commits in "
                + plan.shards() + (plan.shards() == 1 ? " shard." : " shards."));
        for (int shard = 0; shard < plan.shards(); shard++) {
            context.err().println("  shard " + shard + ": " + plan.pointsOf(shard).stream()
                    .map(p -> p.label().isEmpty() ? "(the only point)" : p.label()).map(l -> "[" + l + "]").toList());
        }
        context.err().flush();
        context.out().println(plan.matrix());
        context.out().flush();
        return ExitCode.OK.code();
    }

    /**
     * The plan a run with {@code arguments} would run (its run folder is not made).
     *
     * @throws UsageException for a wrong flag
     */
    static BenchmarkPlan runPlan(List<String> arguments, PrintWriter err, Path workingDirectory,
            Map<String, String> environment) {
        CommitbenchCommand command = new CommitbenchCommand(new PrintWriter(PrintWriter.nullWriter()), err,
                workingDirectory, environment);
        List<String> args = new ArrayList<>(arguments);
        args.add("--ensure_empty=false"); // nothing is written: the plan only
        try {
            command.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException("Usage error: " + e.getMessage());
        }
        return command.plan();
    }

    /** {@return the labels of points, for messages} */
    static List<String> labels(List<SweepPoint> points) {
        return points.stream().map(p -> p.label().isEmpty() ? "(the only point)" : p.label()).toList();
    }
}
