package dev.commitbench.cli;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.InconclusivePolicy;
import dev.commitbench.Outcome;
import dev.commitbench.internal.OutcomeText;
import dev.commitbench.engine.EngineException;
import dev.commitbench.engine.EngineInterruptedException;
import dev.commitbench.engine.EngineUsageException;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.git.GitException;
import dev.commitbench.git.NotARepositoryException;
import dev.commitbench.hub.HubException;
import dev.commitbench.hub.HubUploader;
import dev.commitbench.hub.UploadRequest;
import dev.commitbench.hub.UploadResult;
import dev.commitbench.internal.CommitbenchVersion;
import dev.commitbench.internal.Placeholders;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.report.MarkdownReportWriter;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.BenchmarkSession;
import dev.commitbench.session.SweepPoint;
import dev.commitbench.stats.Direction;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apiguardian.api.API;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
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

    /** The metric the {@code command} engine reports when {@code --metrics} is not given. */
    static final List<String> COMMAND_METRICS = List.of("call.latency.mean");

    private static final Map<String, BenchmarkPlan.ReportFormat> REPORT_FORMATS = Map.of(
            "md", BenchmarkPlan.ReportFormat.MARKDOWN, "html", BenchmarkPlan.ReportFormat.HTML);

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "The folder holding optimum-benchmark's configs (required for optimum-benchmark); a"
                    + " relative one is relative to the repository root and read from each commit's checkout.")
    private String configDir;

    @Option(names = "--config-from-checkout",
            description = "Resolve a relative --config-dir against the current checkout, so that one benchmark"
                    + " definition measures every commit. Default: against each commit's own workspace.")
    private boolean configFromCheckout;

    @Option(names = "--config-name", paramLabel = "NAME",
            description = "The config's name, without .yaml (required for optimum-benchmark).")
    private String configName;

    @Option(names = "--commit", paramLabel = "COMMITS",
            description = {"Comma-separated branches, tags or SHAs; the first is the baseline. 'diff' compares"
                    + " HEAD with its merge-base with --base. WORKTREE is the working tree with its uncommitted"
                    + " changes (HEAD,WORKTREE: is my change slower?); diff+worktree compares the merge-base with it."
                    + " Default: the current HEAD only."})
    private String commit;

    @Option(names = "--metrics", paramLabel = "PATHS",
            description = "Comma-separated metric paths to summarize and compare."
                    + " Default: benchmark.py's list (call.latency.mean for --engine command).")
    private String metrics;

    @Option(names = "--expand_metrics",
            description = "Nest the summaries' metrics by their path segments, as benchmark.py's expand_metrics does"
                    + " (done right: metrics sharing a prefix share its object).")
    private boolean expandMetrics;

    @Option(names = "--ensure_empty", paramLabel = "true|false", defaultValue = "true",
            description = "true: results go into a fresh tmpXXXXXXXX folder; false: straight into the output"
                    + " folder. Default: ${DEFAULT-VALUE}.")
    private String ensureEmpty;

    @Option(names = "--repo_id", paramLabel = "ORG/NAME",
            description = "The Hugging Face dataset to upload the run folder to (with --path_in_repo).")
    private String repoId;

    @Option(names = "--path_in_repo", paramLabel = "PATH",
            description = "Where the run folder goes in the dataset.")
    private String pathInRepo;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The Hugging Face token for the upload. Default: HF_TOKEN, then the token file.")
    private String token;

    @Option(names = "--create_repo",
            description = "Create the dataset first when it does not exist (an existing one is used as is).")
    private boolean createRepo;

    @Option(names = "--create_pr",
            description = "Open a pull request on the dataset instead of committing to its main branch.")
    private boolean createPr;

    @Option(names = "--upload-warn-only",
            description = "A failed upload only prints a warning and leaves the exit code alone. Default: it exits 3.")
    private boolean uploadWarnOnly;

    @Option(names = "--in-place",
            description = "Check each commit out in the repository itself, as benchmark.py does (refuses a dirty"
                    + " tree; restores the branch afterwards). Default: a separate worktree per commit.")
    private boolean inPlace;

    @Option(names = "--setup", paramLabel = "COMMAND",
            description = "A shell command run in each commit's workspace before its runs (in place: after every"
                    + " checkout), e.g. \"pip install -e $${workspace}\"; placeholders $${workspace}, $${sha}, $${ref}.")
    private String setup;

    @Option(names = "--env", paramLabel = "KEY=VALUE",
            description = "A per-commit environment variable for setup and the engine, e.g."
                    + " PYTHONPATH=$${workspace}/src (same placeholders); repeatable.")
    private List<String> env = new ArrayList<>();

    @Option(names = "--workspace-root", paramLabel = "DIR",
            description = "Where the worktrees (and setup logs) go. Default: under the system temp directory.")
    private Path workspaceRoot;

    @Option(names = "--keep-workspaces",
            description = "Keep the worktrees when a run failed, to look into them.")
    private boolean keepWorkspaces;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Keep the worktrees here and reuse them across runs (checked against each commit's tree).")
    private Path cacheDir;

    @Option(names = "--rounds", paramLabel = "N",
            description = "Rounds per commit, interleaved (ABBA). Default: 3, or 1 with a single commit.")
    private Integer rounds;

    @Option(names = "--max-rounds", paramLabel = "N",
            description = "Add one round per commit while a comparison's gate is undecided, up to N rounds; stop as"
                    + " soon as every gate is decided. Default: 10 (or --rounds when that is more); --max-rounds"
                    + " equal to --rounds runs a fixed number.")
    private Integer maxRounds;

    @Option(names = "--inconclusive", paramLabel = "abort|fail|pass", defaultValue = "abort",
            description = "What a gate still undecided after --max-rounds does: abort (exit 4), fail (exit 1) or"
                    + " pass (exit 0). A probable regression follows --probable-regression. Default: ${DEFAULT-VALUE}.")
    private String inconclusive;

    @Option(names = "--probable-regression", paramLabel = "fail|abort|pass", defaultValue = "fail",
            description = "What a probable regression does, an undecided gate whose estimate lies beyond --threshold"
                    + " with its whole interval above 0: fail (exit 1), abort (exit 4) or pass (exit 0)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String probableRegression;

    @Option(names = "--threshold", paramLabel = "PERCENT",
            description = "The slowdown that counts as a regression, in percent. Default: 5.")
    private Double threshold;

    @Option(names = "--direction", paramLabel = "METRIC=higher|lower",
            description = "Which way is better for a metric, overriding the default from its path (throughput"
                    + " and efficiency higher, anything else lower). Repeatable.")
    private List<String> directions = new ArrayList<>();

    @Option(names = "--base", paramLabel = "BRANCH", defaultValue = "main",
            description = "The branch 'diff' compares with. Default: ${DEFAULT-VALUE}.")
    private String base;

    @Option(names = "--report", paramLabel = "FORMATS", defaultValue = "md,html",
            description = "The readable reports written into the run folder: md, html, both, or none."
                    + " Default: ${DEFAULT-VALUE}.")
    private String report;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = BenchmarkPlan.OPTIMUM_BENCHMARK,
            description = "optimum-benchmark or command. Default: ${DEFAULT-VALUE}.")
    private String engine;

    @Option(names = "--command", paramLabel = "COMMAND",
            description = "The command the command engine times, e.g. \"sh ./bench.sh $${size}\"; placeholders"
                    + " $${workspace}, $${sha}, $${ref} and the keys of key=value arguments.")
    private String command;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10",
            description = "The command engine's timed runs of --command per round. Default: ${DEFAULT-VALUE}.")
    private int iterations;

    @Option(names = "--warmups", paramLabel = "N", defaultValue = "1",
            description = "The command engine's untimed runs before them. Default: ${DEFAULT-VALUE}.")
    private int warmups;

    @Option(names = "--executable", paramLabel = "COMMAND", defaultValue = BenchmarkPlan.OPTIMUM_BENCHMARK,
            description = "How to start optimum-benchmark, e.g. \"/opt/venv/bin/optimum-benchmark\" or"
                    + " \"$${workspace}/.venv/bin/optimum-benchmark\". Default: ${DEFAULT-VALUE}.")
    private String executable;

    @Option(names = "--verbose", description = "Show optimum-benchmark's output as it runs.")
    private boolean verbose;

    @Option(names = "--devices", paramLabel = "0,1,2,3|auto",
            description = "Run the points in parallel, one per device (nvidia-smi/rocm-smi indices or UUIDs, or auto"
                    + " for every GPU found), every run of a point pinned to its device. Default: one point after"
                    + " the other on the default device.")
    private String devices;

    @Option(names = "--executor", paramLabel = "local|slurm", defaultValue = "local",
            description = "slurm: plan, run the shards as one Slurm array (sbatch --array), wait, merge"
                    + " (docs/scale-out.md). Default: ${DEFAULT-VALUE}.")
    private String executor;

    @Option(names = "--shards", paramLabel = "N",
            description = "With --executor slurm: the number of shards (array tasks); at most the number of points.")
    private Integer shards;

    @Option(names = "--slurm-option", paramLabel = "ARG",
            description = "With --executor slurm: an sbatch option passed as it is, e.g. --slurm-option=--gres=gpu:1"
                    + " or --slurm-option=--partition=gpu; repeatable.")
    private List<String> slurmOptions = new ArrayList<>();

    @Unmatched
    private List<String> passThrough = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    /** Whether {@link #plan()} made a fresh run folder (removed again when the session cannot start). */
    private boolean freshRunFolder;
    /** The output folder {@link #plan()} created (with its {@code .gitignore}); removed again when nothing ran. */
    private Path createdOutputFolder;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Path workingDirectory;
    private final Map<String, String> environment;

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
    }

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the arguments, as {@code --help} lists them
     */
    public static void main(String... args) {
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
        return new CommandLine(this)
                .addSubcommand(new BisectCommand(out, err, workingDirectory, environment))
                .addSubcommand("plan", new PlanCommand(out, err, workingDirectory, environment))
                .addSubcommand("run-shard", new RunShardCommand(err, workingDirectory, environment))
                .addSubcommand("merge", new MergeCommand(out, err, workingDirectory, environment))
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
        ScaleOut scaleOut = new ScaleOut(out, err, environment, verbose);
        List<dev.commitbench.scale.Device> selected = List.of();
        if (devices != null && executor.equals("local")) {
            try {
                selected = scaleOut.select(devices); // a device that does not exist is refused before anything
            } catch (dev.commitbench.scale.DeviceException e) {
                return usageError("Usage error: " + e.getMessage());
            }
        }
        BenchmarkPlan plan;
        try {
            plan = plan();
        } catch (UsageException | UncheckedIOException e) {
            return failed(e);
        }
        if (!executor.equals("local") || shards != null || !slurmOptions.isEmpty()) {
            return scaleOut.slurm(plan, executor, shards, slurmOptions, devices);
        }
        if (devices != null) {
            Integer code = scaleOut.devices(plan, devices, selected);
            if (code != null) {
                return code;
            }
        }
        BenchmarkSession session;
        try {
            session = BenchmarkSession.start(plan, new CommandLineProgress(err, verbose));
        } catch (RuntimeException e) {
            if (freshRunFolder) {
                deleteIfEmpty(plan.outputDir());
            }
            if (createdOutputFolder != null) {
                try {
                    Files.deleteIfExists(createdOutputFolder.resolve(".gitignore"));
                } catch (IOException leftAlone) {
                    // the folder stays, with its .gitignore
                }
                deleteIfEmpty(createdOutputFolder);
            }
            return failed(e);
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
            MarkdownReportWriter markdown = new MarkdownReportWriter(
                    plan.reportFormats().contains(BenchmarkPlan.ReportFormat.HTML));
            if (plan.reportFormats().contains(BenchmarkPlan.ReportFormat.MARKDOWN)) {
                markdown.appendToGithubStepSummary(result, environment);
            }
            Outcome outcome = Outcome.of(result);
            String undecided = OutcomeText.undecided(result);
            if (!undecided.isEmpty()) {
                err.println(undecided);
            }
            ExitCode code = ExitCode.of(outcome);
            String why = ExitCode.explain(outcome);
            if (repoId != null && !upload(session.runDirectory()) && !uploadWarnOnly && code != ExitCode.REGRESSION) {
                code = ExitCode.FAILURE;
                why = "Exit 3: the upload failed; the results are kept in " + session.runDirectory() + ".";
            }
            err.println(why);
            err.flush();
            out.print(markdown.render(result));
            return code.code();
        } catch (RuntimeException e) {
            return failed(e);
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
        return failed(e);
    }

    /** Uploads the run folder as benchmark.py does ({@code upload_folder} to a dataset); false when it failed. */
    private boolean upload(Path runDirectory) {
        try {
            UploadResult result = new HubUploader(err::println).upload(uploadRequest(runDirectory));
            String url = result.pullRequestUrl() != null ? result.pullRequestUrl() : result.commitUrl();
            err.println("Uploaded " + result.committedFiles() + " file(s) to dataset " + repoId + " at " + pathInRepo
                    + (url != null ? ": " + url : "."));
            return true;
        } catch (HubException | IllegalArgumentException | UncheckedIOException e) {
            err.println((uploadWarnOnly ? "Warning" : "Error") + ": the upload of " + runDirectory + " to dataset "
                    + repoId + " failed: " + e.getMessage());
            return false;
        }
    }

    private UploadRequest uploadRequest(Path folder) {
        return UploadRequest.builder(repoId, folder)
                .pathInRepo(pathInRepo)
                .createRepo(createRepo)
                .createPr(createPr)
                .fromEnvironment(token, environment, Path.of(System.getProperty("user.home")))
                .build();
    }

    /** Reads and checks the command line, and builds the plan, before any git or process work. */
    BenchmarkPlan plan() {
        PassThroughArguments hydra = PassThroughArguments.parse(passThrough, ownFlags());
        BenchmarkPlan.Builder plan = BenchmarkPlan.builder()
                .repository(workingDirectory)
                .base(base)
                .engine(engine)
                .points(hydra.points())
                .pointDirectories(pointDirectories(hydra))
                .extraArgs(hydra.extraArgs())
                .checkout(inPlace ? CheckoutMode.IN_PLACE : CheckoutMode.WORKTREE)
                .configFromCheckout(configFromCheckout)
                .setup(setup)
                .environment(environment(env))
                .workspaceRoot(workspaceRoot == null ? null : workingDirectory.resolve(workspaceRoot).normalize())
                .keepWorkspaces(keepWorkspaces)
                .cacheDir(cacheDir == null ? null : workingDirectory.resolve(cacheDir).normalize());
        List<String> commits = commits();
        plan.commits(commits);
        switch (engine) {
            case BenchmarkPlan.OPTIMUM_BENCHMARK -> {
                requireConfig();
                requireKnownPlaceholders("--executable", executable, COMMIT_PLACEHOLDERS);
                plan.configDir(configDir).configName(configName)
                        .executable(Words.split("--executable", executable))
                        .metrics(metrics == null ? BenchmarkPlan.DEFAULT_METRICS : list("--metrics", metrics));
            }
            case BenchmarkPlan.COMMAND -> {
                if (command == null) {
                    throw new UsageException("Usage error: --engine command needs --command, the command to time,"
                            + " for example --command \"sh ./bench.sh\".");
                }
                if (iterations < 1 || warmups < 0) {
                    throw new UsageException("Usage error: --iterations must be at least 1 and --warmups at least 0,"
                            + " but they were [" + iterations + "] and [" + warmups + "].");
                }
                List<SweepPoint> points = hydra.commandPoints();
                plan.command(Words.split("--command", command)).iterations(iterations).warmups(warmups)
                        .metrics(metrics == null ? COMMAND_METRICS : list("--metrics", metrics))
                        // the key=value arguments are the command's sweep, as @Sweep is: nothing is passed on
                        .points(points).extraArgs(List.of()).pointDirectories(BenchmarkPlan.PointDirectories.PER_POINT);
                Set<String> known = new LinkedHashSet<>(COMMIT_PLACEHOLDERS);
                known.add(dev.commitbench.scale.Pinning.PLACEHOLDER);
                points.forEach(point -> point.values().keySet().forEach(key -> known.add(key.replaceFirst("^\\++", ""))));
                requireKnownPlaceholders("--command", command, known);
                if (configName != null) {
                    plan.configName(configName);
                }
            }
            default -> throw new UsageException("Usage error: --engine must be one of [" + BenchmarkPlan.OPTIMUM_BENCHMARK
                    + ", " + BenchmarkPlan.COMMAND + "] but was [" + engine + "].");
        }
        requireKnownPlaceholders("--setup", setup, COMMIT_PLACEHOLDERS);
        env.forEach(pair -> requireKnownPlaceholders("--env", pair, COMMIT_PLACEHOLDERS));
        int roundCount = rounds != null ? rounds : defaultRounds(commits);
        if (roundCount < 1) {
            throw new UsageException("Usage error: --rounds must be at least 1 but was [" + roundCount + "].");
        }
        plan.rounds(roundCount).inconclusive(policy("--inconclusive", inconclusive))
                .probableRegression(policy("--probable-regression", probableRegression));
        if (maxRounds != null) {
            if (maxRounds < roundCount) {
                throw new UsageException("Usage error: --max-rounds must be at least --rounds (" + roundCount
                        + ") but was [" + maxRounds + "].");
            }
            plan.maxRounds(maxRounds);
        }
        if (threshold != null) {
            if (!(threshold > 0) || threshold.isInfinite()) {
                throw new UsageException("Usage error: --threshold must be a positive percentage, such as 5 for 5%,"
                        + " but was [" + threshold + "].");
            }
            plan.thresholdPercent(threshold);
        }
        try {
            plan.directions(Direction.overrides(directions));
        } catch (IllegalArgumentException e) {
            throw new UsageException("Usage error: --direction: " + e.getMessage() + ".");
        }
        plan.reportFormats(reportFormats()).expandMetrics(expandMetrics);
        Path outputFolder = workingDirectory.resolve(hydra.outputDir().orElse("_benchmark")).normalize();
        checkUpload(outputFolder);
        freshRunFolder = parseBoolean("--ensure_empty", ensureEmpty);
        createdOutputFolder = freshRunFolder && !Files.exists(outputFolder) ? outputFolder : null;
        return plan.outputDir(freshRunFolder ? RunFolder.createIn(outputFolder) : outputFolder).ensureEmpty(false)
                .build();
    }

    /**
     * Where benchmark.py puts each model's runs: in a multirun, every model's sweep dir is {@code commit=<sha>/}
     * (the jobs sit side by side); in run mode without {@code hydra.run.dir=}, {@code commit=<sha>/} and
     * Hydra's {@code override_dirname}; with {@code hydra.run.dir=}, benchmark.py lets each model overwrite
     * the last, so commitbench gives each model its own folder instead.
     */
    private static BenchmarkPlan.PointDirectories pointDirectories(PassThroughArguments hydra) {
        if (hydra.multirun()) {
            return BenchmarkPlan.PointDirectories.SHARED;
        }
        return hydra.outputDir().isPresent() ? BenchmarkPlan.PointDirectories.PER_POINT
                : BenchmarkPlan.PointDirectories.OVERRIDE_DIRNAME;
    }

    private List<String> commits() {
        if (commit == null) {
            return List.of("HEAD");
        }
        List<String> specs = new ArrayList<>();
        for (String spec : commit.split(",", -1)) {
            if (!spec.isBlank()) {
                specs.add(spec.strip());
            }
        }
        if (specs.isEmpty()) {
            throw new UsageException("Usage error: --commit must name at least one commit but was [" + commit
                    + "]. Give branches, tags or SHAs separated by commas (--commit main,HEAD), or diff, or leave"
                    + " --commit out to benchmark the current HEAD.");
        }
        return specs;
    }

    private static InconclusivePolicy policy(String flag, String value) {
        try {
            return InconclusivePolicy.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("Usage error: " + flag + " must be one of [abort, fail, pass] but was [" + value
                    + "].");
        }
    }

    /** Placeholders for every commit: what {@code --setup}, {@code --env} and {@code --executable} may use. */
    private static final List<String> COMMIT_PLACEHOLDERS = List.of("workspace", "sha", "ref");

    private static void requireKnownPlaceholders(String flag, String text, Collection<String> known) {
        Placeholders.unknown(flag, text, known).ifPresent(message -> {
            throw new UsageException("Usage error: " + message + ".");
        });
    }

    private static int defaultRounds(List<String> commits) {
        boolean single = commits.size() == 1 && !commits.get(0).equals(CommitResolver.DIFF)
                && !commits.get(0).equals(CommitResolver.DIFF_WORKTREE) && !commits.get(0).contains("..");
        return single ? 1 : 3;
    }

    private void requireConfig() {
        List<String> missing = new ArrayList<>();
        if (configDir == null) {
            missing.add("'--config-dir=DIR'");
        }
        if (configName == null) {
            missing.add("'--config-name=NAME'");
        }
        if (!missing.isEmpty()) {
            throw new UsageException("Usage error: missing required option" + (missing.size() > 1 ? "s" : "") + ": "
                    + String.join(", ", missing) + ". optimum-benchmark needs the config folder and the config"
                    + " name, for example --config-dir benchmark/config --config-name generation.");
        }
        // a relative folder is looked up in each commit's checkout (the session names a commit without it)
        Path folder = Path.of(configDir);
        if (folder.isAbsolute() && !Files.isDirectory(folder)) {
            throw new UsageException("Usage error: --config-dir [" + configDir + "] is not a folder. Give an existing"
                    + " folder holding " + configName + ".yaml, or a folder relative to the repository root, looked up"
                    + " in each commit's checkout, for example --config-dir benchmark/config.");
        }
    }

    private static List<String> list(String flag, String value) {
        List<String> items = Arrays.stream(value.split(",", -1)).map(String::strip).toList();
        if (items.stream().anyMatch(String::isEmpty)) {
            throw new UsageException("Usage error: " + flag + " [" + value + "] has an empty item. Give names"
                    + " separated by single commas, for example " + flag + " decode.latency.mean,prefill.latency.mean.");
        }
        return items;
    }

    private Set<BenchmarkPlan.ReportFormat> reportFormats() {
        if (report.strip().equals("none")) {
            return Set.of();
        }
        Set<BenchmarkPlan.ReportFormat> formats = EnumSet.noneOf(BenchmarkPlan.ReportFormat.class);
        for (String format : list("--report", report)) {
            if (!REPORT_FORMATS.containsKey(format)) {
                throw new UsageException("Usage error: --report must list formats from [md, html]"
                        + " (or be none) but had [" + format + "].");
            }
            formats.add(REPORT_FORMATS.get(format));
        }
        return formats;
    }

    private void checkUpload(Path outputFolder) {
        String uploadOnly = token != null ? "--token" : createRepo ? "--create_repo" : createPr ? "--create_pr"
                : uploadWarnOnly ? "--upload-warn-only" : null;
        if (uploadOnly != null && repoId == null) {
            throw new UsageException("Usage error: " + uploadOnly + " is only used for the upload, which needs --repo_id"
                    + " and --path_in_repo. Add them, or leave " + uploadOnly + " out.");
        }
        if ((repoId == null) != (pathInRepo == null)) {
            throw new UsageException("Usage error: the upload needs both --repo_id and --path_in_repo, but only "
                    + (repoId != null ? "--repo_id" : "--path_in_repo") + " was given. Add the other one, or leave"
                    + " both out to keep the results local.");
        }
        if (repoId != null) {
            try {
                uploadRequest(outputFolder);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new UsageException("Usage error: " + e.getMessage().replaceFirst("^Configuration error: ", ""));
            }
        }
    }

    static boolean parseBoolean(String flag, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UsageException("Usage error: " + flag + " must be true or false but was [" + value
                    + "]. (benchmark.py read any non-empty value, even false, as true; commitbench reads it as"
                    + " written.)");
        };
    }

    /** The {@code --env KEY=VALUE} options as a map, in order. */
    private static Map<String, String> environment(List<String> pairs) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new UsageException("Usage error: --env must be KEY=VALUE, such as --env PYTHONPATH=${workspace}/src,"
                        + " but was [" + pair + "].");
            }
            environment.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return environment;
    }

    private List<String> ownFlags() {
        return spec.options().stream()
                .flatMap(option -> Arrays.stream(option.names()))
                .filter(name -> name.startsWith("--"))
                .toList();
    }

    private int usageError(String message) {
        err.println(message);
        err.println("Run commitbench --help for the flags and examples.");
        return ExitCode.USAGE.code();
    }

    private int failed(RuntimeException e) {
        if (Shutdown.inProgress()) {
            return ExitCode.INTERRUPTED.code(); // whatever the exit broke, its one line says what happened
        }
        if (e instanceof NotARepositoryException notARepository) {
            // the command line has no 'repository' setting: it benchmarks the repository it runs in
            return usageError("Usage error: not a git repository: " + notARepository.directory() + " (nor any of its"
                    + " parent directories). Run commitbench from inside the working tree of the repository to"
                    + " benchmark (cd into it), or make one with git init or git clone.");
        }
        if (e instanceof UsageException || e instanceof IllegalArgumentException || e instanceof GitException
                || e instanceof EngineUsageException) {
            return usageError(e instanceof UsageException ? e.getMessage() : "Usage error: " + e.getMessage());
        }
        if (e instanceof EngineException || e instanceof UncheckedIOException) {
            err.println("Error: " + e.getMessage());
        } else {
            err.println("Error: " + e);
            e.printStackTrace(err);
        }
        return ExitCode.FAILURE.code();
    }

    private static void deleteIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (IOException notEmptyOrGone) {
            // a folder that holds something is kept
        }
    }

    // ---- what BisectCommand, which reads every run flag through this command, needs of it ----

    /** {@return whether --verbose was given} */
    boolean verbose() {
        return verbose;
    }

    /** {@return the output folder {@link #plan()} created, or null} */
    Path createdOutputFolder() {
        return createdOutputFolder;
    }

    /** {@return whether {@link #plan()} made a fresh run folder} */
    boolean freshRunFolder() {
        return freshRunFolder;
    }

    /** {@return whether --repo_id asks for an upload} */
    boolean uploads() {
        return repoId != null;
    }

    /** {@return whether a failed upload only warns} */
    boolean uploadWarnsOnly() {
        return uploadWarnOnly;
    }

    /** Uploads {@code runDirectory} as the run does; false when it failed. */
    boolean uploadRunFolder(Path runDirectory) {
        return upload(runDirectory);
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
