package dev.commitbench.cli;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Outcome;
import dev.commitbench.engine.EngineException;
import dev.commitbench.engine.EngineInterruptedException;
import dev.commitbench.internal.CommitbenchVersion;
import dev.commitbench.internal.OutcomeText;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.scale.Device;
import dev.commitbench.scale.DeviceException;
import dev.commitbench.report.MarkdownReportWriter;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.BenchmarkSession;
import dev.commitbench.session.ConsoleProgress;
import dev.commitbench.session.OutputSettings;
import dev.commitbench.session.RunFiles;
import dev.commitbench.session.RunUpload;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apiguardian.api.API;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code CommitbenchCommand} is the command line: a drop-in for transformers' {@code benchmark/benchmark.py}
 * with the same flags and output files, plus isolated workspaces, interleaved rounds, verdicts and exit codes
 * a CI can trust. It is a thin front end over {@link BenchmarkSession}.
 *
 * <p>Use {@link #main} from a shell ({@code java -jar commitbench-cli.jar ...}) and {@link #run} from Java:
 * it returns the exit code instead of exiting. Not thread-safe; use one instance per run.
 *
 * <p>For more details and the differences from benchmark.py, see docs/benchmark-py-compatibility.md.
 */
@Command(
        name = "commitbench",
        mixinStandardHelpOptions = true,
        versionProvider = CommitbenchCommand.Version.class,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Benchmarks git commits with optimum-benchmark (or any command) and tells whether a commit made things"
                    + " slower. Accepts transformers' benchmark/benchmark.py command lines and writes the same files:"
                    + " <run>/commit=<sha>/.../summary.json, <run>/summaries.json and <run>/summary.json.",
            "",
            "Every argument that is not a flag below goes to optimum-benchmark unchanged: Hydra overrides"
                    + " (key=value), --multirun or -m, hydra.run.dir= and hydra.sweep.dir= (the folder the run folder"
                    + " is made in). backend.model=a,b runs optimum-benchmark once per model, as benchmark.py does.",
            "",
            "With --engine command, key=value arguments are values for the placeholders of --command (size=small"
                    + " gives $${size}), and with --multirun, key=a,b runs one point per value, as @Sweep does.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  Compare the current branch with main (its merge-base), 3 interleaved rounds each:",
            "    commitbench --config-dir benchmark/config --config-name generation --commit diff \\",
            "        --metrics decode.latency.mean,per_token.latency.mean backend.model=gpt2 \\",
            "        scenario.input_shapes.batch_size=1,2 --multirun",
            "",
            "  benchmark.py's behaviour exactly (one round, checkout in the repository itself):",
            "    commitbench --config-dir benchmark/config --config-name generation --in-place --rounds 1 \\",
            "        --max-rounds 1 --commit=9b9c7f0,HEAD backend.model=google/gemma-2b",
            "",
            "  Any command instead of optimum-benchmark, timed per commit, failing above 10%%:",
            "    commitbench --engine command --command \"sh ./bench.sh\" --commit main,HEAD --threshold 10",
            "",
            "  The same for two sizes, one point each, and the uncommitted changes against HEAD:",
            "    commitbench --engine command --command 'sh ./bench.sh $${size}' --commit HEAD,WORKTREE \\",
            "        size=small,large --multirun",
            "",
            "  Upload the run folder to a Hugging Face dataset (token: --token, HF_TOKEN, or the token file):",
            "    commitbench --config-dir benchmark/config --config-name generation --commit diff \\",
            "        --repo_id my-org/benchmarks --path_in_repo runs/pr-123 --create_repo",
            "",
            "Exit codes:",
            "  0  no regression                 1  a regression, or a probable one    2  usage error",
            "  3  a run, the upload or the engine failed, a report lacks a metric, or nothing was compared",
            "  4  a gate stayed inconclusive after --max-rounds",
            "  130  interrupted (Ctrl-C): the worktrees are removed, the repository restored",
            "  (the gate: is a candidate slower than the baseline by more than --threshold?)",
            "",
            "See docs/benchmark-py-compatibility.md for every difference from benchmark.py."})
@API(status = EXPERIMENTAL, since = "0.1")
public final class CommitbenchCommand implements Callable<Integer> {

    @Mixin
    private CommandLineOptions options = new CommandLineOptions();

    @Unmatched
    private List<String> passThrough = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    /** The flags read into a plan, once {@link #plan()} ran. */
    private CommandLinePlan read;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final CommandErrors errors;

    /** A command on the process's console, working directory and environment. */
    public CommitbenchCommand() {
        this(new PrintWriter(System.out, true, java.nio.charset.Charset.defaultCharset()),
                new PrintWriter(System.err, true, java.nio.charset.Charset.defaultCharset()),
                Path.of("").toAbsolutePath(), System.getenv());
    }

    /**
     * A command writing to {@code out} and {@code err}, resolving relative paths against
     * {@code workingDirectory} (which must be inside the repository under test), and reading
     * {@code HF_TOKEN} and friends from {@code environment}.
     *
     * @param out where results and help go
     * @param err where progress, warnings and errors go
     * @param workingDirectory the directory relative paths resolve against
     * @param environment the environment variables to read
     */
    public CommitbenchCommand(PrintWriter out, PrintWriter err, Path workingDirectory,
            Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
        this.errors = new CommandErrors(err, "commitbench",
                "benchmark (cd into it), or make one with git init or git clone.");
    }

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the arguments, as {@code --help} lists them
     */
    public static void main(String... args) {
        // commitbench merge runs in a JVM of its own that compiles with the quick compiler only (MergeLauncher)
        MergeLauncher.watchLauncher();
        Optional<List<String>> mergeJvm = MergeLauncher.command(args);
        if (mergeJvm.isPresent()) {
            OptionalInt code = MergeLauncher.run(mergeJvm.get());
            if (code.isPresent()) {
                System.exit(code.getAsInt());
            }
        }
        // JGit logs through SLF4J; without a provider, SLF4J would print a three-line warning on every run
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(new CommitbenchCommand().run(args));
    }

    /**
     * Runs the command line and returns its exit code (see {@code --help}).
     *
     * @param args the arguments, as {@code --help} lists them
     * @return the exit code: 0 no regression, 1 a regression (or a probable one), 2 a usage error, 3 a failure or
     *         incomplete results, 4 inconclusive, 130 interrupted
     */
    public int run(String... args) {
        int code = commandLine().execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The picocli command line over this command, set up to read arguments as benchmark.py does. */
    CommandLine commandLine() {
        var context = new CommandContext(out, err, workingDirectory, environment);
        return new CommandLine(this)
                .addSubcommand(new BisectCommand(out, err, workingDirectory, environment))
                .addSubcommand("plan", new PlanCommand(context))
                .addSubcommand("run-shard", new RunShardCommand(context))
                .addSubcommand("merge", new MergeCommand(context))
                .setOut(out)
                .setErr(err)
                .setExpandAtFiles(false)
                // argparse lets a repeated flag's last value win; so does commitbench
                .setOverwrittenOptionsAllowed(true)
                .setParameterExceptionHandler((e, arguments) -> {
                    err.println("Usage error: " + e.getMessage());
                    err.println("Run commitbench --help for the flags and examples.");
                    return ExitCode.USAGE.code();
                })
                // call() maps every expected failure itself; anything else must not exit 1 (regression)
                .setExecutionExceptionHandler((e, cl, parseResult) -> {
                    if (Shutdown.inProgress()) {
                        return ExitCode.INTERRUPTED.code(); // the exit's one line says what was interrupted
                    }
                    err.println("Error: " + e);
                    e.printStackTrace(err);
                    return ExitCode.FAILURE.code();
                });
    }

    @Override
    public Integer call() {
        // until a session says what it interrupted, an exit says this; the session's own line replaces it
        Shutdown.Registration beforeTheFirstRun = Shutdown.onExit("reporting the interrupted start", () -> {
            if (Shutdown.firstToReport()) {
                removeUnusedFolders();
                err.println("commitbench: interrupted before the first run; nothing was measured; the repository was"
                        + " not changed.");
                err.flush();
            }
        });
        try {
            return start();
        } finally {
            // during the exit its action says what was interrupted; a query the exit destroyed can end this thread's
            // work before the exit's thread reaches its actions, so only a finished command takes the line back
            if (!Shutdown.leftToTheExit()) {
                beforeTheFirstRun.cancel();
            }
        }
    }

    private int start() {
        ScaleOut scaleOut = new ScaleOut(out, err, environment, options.verbose);
        List<Device> selected = List.of();
        if (options.devices != null && options.executor.equals("local")) {
            try {
                selected = scaleOut.select(options.devices); // a device that does not exist is refused before anything
            } catch (DeviceException e) {
                return errors.usage("Usage error: " + e.getMessage());
            }
            if (Shutdown.inProgress()) {
                return ExitCode.INTERRUPTED.code(); // the device query was stopped by the exit, which says so
            }
        }
        BenchmarkPlan plan;
        Optional<RunUpload> upload;
        try {
            plan = plan();
            upload = read.upload();
        } catch (UsageException | UncheckedIOException e) {
            return errors.failed(e);
        }
        if (!options.executor.equals("local") || options.shards != null || !options.slurmOptions.isEmpty()) {
            return scaleOut.slurm(plan, options.executor, options.shards, options.slurmOptions, options.devices);
        }
        if (options.devices != null) {
            Integer code = scaleOut.devices(plan, options.devices, selected);
            if (code != null) {
                return code;
            }
        }
        BenchmarkSession session;
        try {
            session = BenchmarkSession.start(plan, new ConsoleProgress(err, "note: ", options.verbose));
        } catch (RuntimeException e) {
            removeUnusedFolders();
            return errors.failed(e);
        }
        try (session) {
            err.println("Run folder: " + session.runDirectory());
            CombinedReport result;
            try {
                result = session.runAll();
            } catch (EngineInterruptedException e) {
                if (Shutdown.inProgress()) {
                    return ExitCode.INTERRUPTED.code(); // the exit's one line says what was interrupted
                }
                return stopped(session, e);
            } catch (EngineException e) {
                return stopped(session, e);
            }
            session.writeRunFiles();
            RunFiles.appendStepSummary(result, Map.of(), plan.output().reportFormats(), environment);
            Outcome outcome = Outcome.of(result);
            String undecided = OutcomeText.undecided(result);
            if (!undecided.isEmpty()) {
                err.println(undecided);
            }
            ExitCode code = ExitCode.of(outcome);
            String why = ExitCode.explain(outcome);
            if (upload.isPresent() && upload(upload.get(), session.runDirectory()).failsTheRun()
                    && code != ExitCode.REGRESSION) {
                code = ExitCode.FAILURE;
                why = "Exit 3: the upload failed; the results are kept in " + session.runDirectory() + ".";
            }
            err.println(why);
            err.flush();
            out.print(new MarkdownReportWriter(plan.output().reportFormats().contains(OutputSettings.ReportFormat.HTML))
                    .render(result));
            return code.code();
        } catch (RuntimeException e) {
            return errors.failed(e);
        }
    }

    /**
     * The engine stopped the plan (a usage error, or it went missing): the run files still record what was
     * measured before, then the error decides the exit code (2 or 3).
     */
    private int stopped(BenchmarkSession session, EngineException e) {
        try {
            session.writeRunFiles();
            err.println("The results measured before the error are in " + session.runDirectory() + ".");
        } catch (RuntimeException writeError) {
            err.println("Error: cannot write the run files into " + session.runDirectory() + ": "
                    + writeError.getMessage());
        }
        return errors.failed(e);
    }

    /** Uploads the run folder as benchmark.py does ({@code upload_folder} to a dataset), saying what happened. */
    private RunUpload.Result upload(RunUpload upload, Path runDirectory) {
        RunUpload.Result result = upload.upload(runDirectory, err::println);
        if (result.failure() == null) {
            err.println("Uploaded " + result.uploaded().committedFiles() + " file(s) to dataset " + options.repoId
                    + " at " + options.pathInRepo + (result.url() != null ? ": " + result.url() : "."));
        } else {
            err.println((upload.warnOnly() ? "Warning" : "Error") + ": the upload of " + runDirectory + " to dataset "
                    + options.repoId + " failed: " + result.failure().getMessage());
        }
        return result;
    }

    /** Reads and checks the command line, and builds the plan, before any git or process work. */
    BenchmarkPlan plan() {
        read = new CommandLinePlan(options, PassThroughArguments.parse(passThrough, ownFlags()), workingDirectory,
                environment);
        return read.plan();
    }

    private List<String> ownFlags() {
        return spec.options().stream()
                .flatMap(option -> Arrays.stream(option.names()))
                .filter(name -> name.startsWith("--"))
                .toList();
    }

    // ---- what BisectCommand, which reads every run flag through this command, needs of it ----

    /** {@return whether --verbose was given} */
    boolean verbose() {
        return options.verbose;
    }

    /** {@return the value of --devices, or null when it was not given} */
    String devices() {
        return options.devices;
    }

    /** {@return the value of --executor} */
    String executor() {
        return options.executor;
    }

    /** Removes the run folder (and the output folder) that {@link #plan()} made, when nothing ran in them. */
    void removeUnusedFolders() {
        CommandLinePlan made = read;
        if (made != null) {
            made.removeUnusedFolders();
        }
    }

    /** {@return the upload --repo_id asks for, if it does} */
    Optional<RunUpload> upload() {
        return read.upload();
    }

    /** Uploads {@code runDirectory} as the run does; false when it failed the run. */
    boolean uploadRunFolder(RunUpload upload, Path runDirectory) {
        return !upload(upload, runDirectory).failsTheRun();
    }

    /** Reports the version the build recorded ({@link CommitbenchVersion}). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {CommitbenchVersion.current().map(version -> "commitbench " + version)
                    .orElse("commitbench (version unknown: built without Maven's resource filtering)")};
        }
    }
}
