package dev.commitbench.cli;

import dev.commitbench.bisect.BisectResult;
import dev.commitbench.bisect.BisectSettings;
import dev.commitbench.engine.EngineInterruptedException;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.report.BisectMarkdownWriter;
import dev.commitbench.scale.Device;
import dev.commitbench.scale.DeviceException;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.ConsoleProgress;
import dev.commitbench.session.OutputSettings;
import dev.commitbench.session.RunUpload;
import dev.commitbench.session.BisectRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code BisectCommand} is {@code commitbench bisect}: it finds the first commit on the first-parent path from
 * {@code --good} to {@code --bad} after which {@code --metric} is worse than at good by more than
 * {@code --threshold}, with a statistical search ({@link dev.commitbench.bisect.BisectSearch}) run by
 * {@link BisectRun}. Every flag of the run command (engine, config, setup, workspaces, output, upload) and every
 * Hydra override is read by that command itself, so the two accept the same things; only the flags that choose
 * commits, metrics and rounds are replaced by bisect's own.
 */
@Command(
        name = "bisect",
        mixinStandardHelpOptions = true,
        versionProvider = CommitbenchCommand.Version.class,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Finds the commit that made a metric worse: the first commit on the first-parent path from --good to"
                    + " --bad after which --metric is worse than at good by more than --threshold (5%% by default)."
                    + " A posterior over the commits chooses which to measure next; each commit is materialized and"
                    + " set up once. No expected size of the regression is needed.",
            "",
            "Every flag and argument of the run command is accepted (see commitbench --help): --config-dir,"
                    + " --config-name, --engine, --command, --executable, --setup, --env, --in-place, --cache-dir,"
                    + " --threshold, --direction, --report, --repo_id, Hydra overrides (key=value), and so on."
                    + " --commit, --metrics, --rounds, --max-rounds, --inconclusive and --probable-regression are"
                    + " not: the search decides which commits run and how often.",
            "",
            "--devices 0,1,2,3|auto measures several commits at once, one per device (as the run command's"
                    + " --devices finds and pins them): each batch of the search then holds one commit per device,"
                    + " plus a round of good or bad run on the first device next to its commit in ABBA order.",
            "",
            "Writes bisect.json, report.md, report.html (a chart along the tested commits), summaries.json and"
                    + " each run's summary.json into the run folder.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  Which commit since v1.2 made decoding slower?",
            "    commitbench bisect --good v1.2 --bad main --metric decode.latency.mean \\",
            "        --config-dir benchmark/config --config-name generation backend.model=gpt2",
            "",
            "  The same on four GPUs, four commits at a time:",
            "    commitbench bisect --good v1.2 --bad main --metric decode.latency.mean --devices 0,1,2,3 \\",
            "        --config-dir benchmark/config --config-name generation backend.model=gpt2 backend.device=cuda",
            "",
            "  The same with any command, at most 60 runs:",
            "    commitbench bisect --good HEAD~32 --bad HEAD --metric call.latency.mean --engine command \\",
            "        --command \"sh ./bench.sh\" --max-runs 60",
            "",
            "Exit codes:",
            "  0  bad is not worse than good by more than --threshold (the interval is printed)",
            "  1  a culprit is named (or two steps, a range next to skipped commits, or a gradual drift)",
            "  2  usage error        3  the engine failed, or good or bad could not be measured",
            "  4  not pinned down within --max-runs (the remaining candidates are named)",
            "  130  interrupted (Ctrl-C): the worktrees are removed, the repository restored"})
final class BisectCommand implements Callable<Integer> {

    /** Flags of the run command that choose what bisect chooses itself, and what to use instead. */
    private static final Map<String, String> NOT_FOR_BISECT = Map.of(
            "--commit", "bisect takes --good and --bad instead: it searches every first-parent commit between them",
            "--metrics", "bisect follows one metric: name it with --metric",
            "--rounds", "the search decides how many rounds each commit runs; bound the total with --max-runs",
            "--max-rounds", "the search decides how many rounds each commit runs; bound the total with --max-runs",
            "--inconclusive", "a bisection that is not pinned down within --max-runs exits 4, naming the candidates",
            "--probable-regression", "a bisection names a culprit (exit 1) or says bad is not worse (exit 0)",
            "--shards", "bisect runs on this machine, one commit of each batch per device: give --devices instead",
            "--slurm-option", "bisect runs on this machine, one commit of each batch per device: give --devices"
                    + " instead");

    @Option(names = "--good", required = true, paramLabel = "REF",
            description = "A commit where the metric was fine (branch, tag or SHA); an ancestor of --bad on its"
                    + " first-parent history.")
    private String good;

    @Option(names = "--bad", required = true, paramLabel = "REF",
            description = "A later commit where the metric is worse, e.g. HEAD or main.")
    private String bad;

    @Option(names = "--metric", required = true, paramLabel = "PATH",
            description = "The metric that got worse, a dotted path of the report such as decode.latency.mean"
                    + " (call.latency.mean for --engine command).")
    private String metric;

    @Option(names = "--max-runs", paramLabel = "N",
            description = "The engine-run budget, every round counted, failed ones too. Default: "
                    + BisectSettings.DEFAULT_MAX_RUNS + ".")
    private Integer maxRuns;

    @Unmatched
    private List<String> runArguments = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final CommandErrors errors;

    BisectCommand(PrintWriter out, PrintWriter err, Path workingDirectory, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.workingDirectory = workingDirectory;
        this.environment = environment;
        this.errors = new CommandErrors(err, "commitbench bisect", "bisect.");
    }

    @Override
    public Integer call() {
        CommitbenchCommand run = new CommitbenchCommand(out, err, workingDirectory, environment);
        BenchmarkPlan plan;
        try {
            plan = plan(run);
        } catch (UsageException e) {
            return errors.usage(e.getMessage());
        } catch (UncheckedIOException e) {
            err.println("Error: " + e.getMessage());
            return ExitCode.FAILURE.code();
        }
        List<Device> devices = List.of();
        if (run.devices() != null) {
            try {
                devices = new ScaleOut(out, err, environment, run.verbose()).select(run.devices());
            } catch (DeviceException e) {
                run.removeUnusedFolders();
                return errors.usage("Usage error: " + e.getMessage());
            }
            err.println(devices.isEmpty() ? "--devices " + run.devices() + ": no GPU found on this machine; the"
                    + " bisection runs one commit at a time on the default device."
                    : "Devices: " + devices.stream().map(Device::describe).toList() + ", one commit of each batch at a"
                            + " time each.");
        }
        BisectRun bisection;
        try {
            bisection = BisectRun.start(plan, good, bad, maxRuns == null ? BisectSettings.DEFAULT_MAX_RUNS : maxRuns,
                    devices, new ConsoleProgress(err, "note: ", run.verbose()));
        } catch (RuntimeException e) {
            run.removeUnusedFolders();
            return errors.failed(e);
        }
        try (bisection) {
            err.println("Run folder: " + bisection.runDirectory());
            BisectResult result;
            try {
                result = bisection.run();
            } catch (RuntimeException e) {
                if (e instanceof EngineInterruptedException && Shutdown.inProgress()) {
                    return ExitCode.INTERRUPTED.code();
                }
                writeSummariesAfter(bisection);
                return errors.failed(e);
            }
            bisection.writeRunFiles(result);
            String markdown = new BisectMarkdownWriter().render(result);
            if (plan.output().reportFormats().contains(OutputSettings.ReportFormat.MARKDOWN)) {
                appendToGithubStepSummary(markdown);
            }
            ExitCode code = exitCode(result.kind());
            String why = "Exit " + code.code() + ": " + bisection.message(result);
            Optional<RunUpload> upload = run.upload();
            if (upload.isPresent() && !run.uploadRunFolder(upload.get(), bisection.runDirectory())
                    && code != ExitCode.REGRESSION) {
                code = ExitCode.FAILURE;
                why = "Exit 3: the upload failed; the results are kept in " + bisection.runDirectory() + ".\n" + why;
            }
            err.println(why);
            err.flush();
            out.print(markdown);
            return code.code();
        } catch (RuntimeException e) {
            return errors.failed(e);
        }
    }

    /**
     * The exit code of a bisection's answer: 1 when it names where the metric got worse, 0 when bad is not worse,
     * 4 when the budget ran out first, 3 when an end could not be measured.
     */
    static ExitCode exitCode(BisectResult.Kind kind) {
        return switch (kind) {
            case SINGLE_STEP, TWO_STEPS, RANGE, DRIFT -> ExitCode.REGRESSION;
            case NO_REGRESSION -> ExitCode.OK;
            case NOT_PINNED_DOWN -> ExitCode.INCONCLUSIVE;
            case FAILED -> ExitCode.FAILURE;
        };
    }

    /** Reads the run flags through the run command, refusing those bisect replaces. */
    private BenchmarkPlan plan(CommitbenchCommand run) {
        CommandLine parent = spec.commandLine().getParent();
        ParseResult before = parent == null ? null : parent.getParseResult();
        if (before != null && (!before.matchedOptions().isEmpty() || !before.unmatched().isEmpty())) {
            List<String> words = before.originalArgs().subList(0, before.originalArgs().indexOf("bisect"));
            throw new UsageException("Usage error: " + words + " came before bisect; write bisect first, then every"
                    + " flag (commitbench bisect --good REF --bad REF --metric PATH " + String.join(" ", words) + ").");
        }
        CommandLine commandLine = run.commandLine();
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(runArguments.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException("Usage error: " + e.getMessage());
        }
        if (parsed.hasSubcommand()) {
            throw new UsageException("Usage error: bisect was given twice; write commitbench bisect once, then its"
                    + " flags.");
        }
        for (Map.Entry<String, String> flag : NOT_FOR_BISECT.entrySet()) {
            if (parsed.hasMatchedOption(flag.getKey())) {
                throw new UsageException("Usage error: " + flag.getKey() + " is not used by bisect: " + flag.getValue()
                        + ".");
            }
        }
        if (!run.executor().equals("local")) {
            throw new UsageException("Usage error: --executor " + run.executor() + " is not used by bisect: bisect runs"
                    + " on this machine, one commit of each batch per device: give --devices instead.");
        }
        if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
            throw new UsageException("Usage error: put --help or --version right after commitbench bisect.");
        }
        if (metric.isBlank()) {
            throw new UsageException("Usage error: --metric must name a metric path, such as decode.latency.mean, but"
                    + " was empty.");
        }
        if (maxRuns != null && maxRuns < 1) {
            throw new UsageException("Usage error: --max-runs must be a positive number of engine runs, such as "
                    + BisectSettings.DEFAULT_MAX_RUNS + ", but was [" + maxRuns + "].");
        }
        return run.plan().toBuilder().metrics(List.of(metric.strip())).build();
    }

    private void writeSummariesAfter(BisectRun bisection) {
        try {
            bisection.writeSummaries();
            err.println("The runs measured before the error are in " + bisection.runDirectory() + ".");
        } catch (RuntimeException writeError) {
            err.println("Error: cannot write the summaries into " + bisection.runDirectory() + ": "
                    + writeError.getMessage());
        }
    }

    private void appendToGithubStepSummary(String markdown) {
        String name = environment.get("GITHUB_STEP_SUMMARY");
        if (name == null || name.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(name), markdown + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            err.println("Warning: could not append the report to the GitHub job summary [" + name + "]: "
                    + e.getMessage());
        }
    }
}
