package dev.commitbench.cli;

import dev.commitbench.InconclusivePolicy;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.hub.UploadRequest;
import dev.commitbench.internal.Durations;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.PlanBuilder;
import dev.commitbench.session.EngineSettings;
import dev.commitbench.session.OutputSettings;
import dev.commitbench.session.RunUpload;
import dev.commitbench.stats.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CommandLinePlan} is used to read the command line's flags into a {@link BenchmarkPlan} and the upload,
 * before any git or process work: it turns the flags' text into values (a {@link UsageException} names the flag
 * that cannot be read), and the plan's one check ({@link PlanBuilder#build()}) names the flags too.
 */
final class CommandLinePlan {

    /** How the plan's check names a setting on the command line. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("commits", "--commit"), Map.entry("base", "--base"), Map.entry("engine", "--engine"),
            Map.entry("command", "--command"), Map.entry("iterations", "--iterations"),
            Map.entry("warmups", "--warmups"), Map.entry("configName", "--config-name"),
            Map.entry("executable", "--executable"), Map.entry("metrics", "--metrics"), Map.entry("rounds", "--rounds"),
            Map.entry("maxRounds", "--max-rounds"), Map.entry("threshold", "--threshold"), Map.entry("setup", "--setup"),
            Map.entry("setupTimeout", "--setup-timeout"), Map.entry("env", "--env"),
            Map.entry("inconclusive", "--inconclusive"), Map.entry("probableRegression", "--probable-regression"),
            Map.entry("checkout", "--in-place"));
    private static final Map<String, OutputSettings.ReportFormat> REPORT_FORMATS = Map.of(
            "md", OutputSettings.ReportFormat.MARKDOWN, "html", OutputSettings.ReportFormat.HTML);

    private final CommandLineOptions o;
    private final PassThroughArguments hydra;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    /** Whether {@link #plan()} made a fresh run folder (removed again when the session cannot start). */
    private boolean freshRunFolder;
    /** The output folder {@link #plan()} created (with its {@code .gitignore}); removed again when nothing ran. */
    private Path createdOutputFolder;
    /** The run folder {@link #plan()} chose (made when fresh); null until the plan is made. */
    private volatile Path runFolder;

    CommandLinePlan(CommandLineOptions options, PassThroughArguments hydra, Path workingDirectory,
            Map<String, String> environment) {
        this.o = options;
        this.hydra = hydra;
        this.workingDirectory = workingDirectory;
        this.environment = environment;
    }

    /** Reads and checks the command line, and builds the plan, before any git or process work. */
    BenchmarkPlan plan() {
        PlanBuilder plan = BenchmarkPlan.builder()
                .settingNames(setting -> FLAGS.getOrDefault(setting, "'" + setting + "'"))
                .repository(workingDirectory)
                .base(o.base)
                .engine(o.engine)
                .points(hydra.points())
                .pointDirectories(pointDirectories(hydra))
                .extraArgs(hydra.extraArgs())
                .checkout(o.inPlace ? CheckoutMode.IN_PLACE : CheckoutMode.WORKTREE)
                .configFromCheckout(o.configFromCheckout)
                .setup(o.setup)
                .environment(environment(o.env))
                .workspaceRoot(o.workspaceRoot == null ? null : workingDirectory.resolve(o.workspaceRoot).normalize())
                .keepWorkspaces(o.keepWorkspaces)
                .cacheDir(o.cacheDir == null ? null : workingDirectory.resolve(o.cacheDir).normalize());
        List<String> commits = commits();
        plan.commits(commits);
        if (o.metrics != null) {
            plan.metrics(list("--metrics", o.metrics));
        }
        if (o.engine.equals(EngineSettings.COMMAND)) {
            // the key=value arguments are the command's sweep, as @Sweep is: nothing is passed on
            plan.points(hydra.commandPoints()).extraArgs(List.of())
                    .pointDirectories(OutputSettings.PointDirectories.PER_POINT).configName(o.configName);
            Optional.ofNullable(o.command).map(command -> Words.split("--command", command)).ifPresent(plan::command);
            Optional.ofNullable(o.iterations).ifPresent(plan::iterations);
            Optional.ofNullable(o.warmups).ifPresent(plan::warmups);
        } else if (o.engine.equals(EngineSettings.OPTIMUM_BENCHMARK)) {
            requireConfig();
            plan.configDir(o.configDir).configName(o.configName).executable(Words.split("--executable", o.executable));
        }
        plan.rounds(o.rounds != null ? o.rounds : defaultRounds(commits))
                .inconclusive(policy("--inconclusive", o.inconclusive))
                .probableRegression(policy("--probable-regression", o.probableRegression));
        Optional.ofNullable(o.maxRounds).ifPresent(plan::maxRounds);
        Optional.ofNullable(o.threshold).ifPresent(plan::thresholdPercent);
        if (o.setupTimeout != null) {
            plan.setupTimeout(Durations.parse(o.setupTimeout).orElseThrow(() -> new UsageException("Usage error:"
                    + " --setup-timeout must be a positive duration like 30m, 90s, 2h or PT30M but was ["
                    + o.setupTimeout + "].")));
        }
        try {
            plan.directions(Direction.overrides(o.directions));
        } catch (IllegalArgumentException e) {
            throw new UsageException("Usage error: --direction: " + e.getMessage() + ".");
        }
        plan.reportFormats(reportFormats()).expandMetrics(o.expandMetrics);
        Path outputFolder = workingDirectory.resolve(hydra.outputDir().orElse("_benchmark")).normalize();
        BenchmarkPlan checked;
        try {
            checked = plan.outputDir(outputFolder).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("Usage error: " + e.getMessage() + ".");
        }
        upload().ifPresent(upload -> checkUpload(upload, outputFolder));
        freshRunFolder = parseBoolean("--ensure_empty", o.ensureEmpty);
        createdOutputFolder = freshRunFolder && !Files.exists(outputFolder) ? outputFolder : null;
        runFolder = freshRunFolder ? RunFolder.createIn(outputFolder) : outputFolder;
        return checked.toBuilder().outputDir(runFolder).ensureEmpty(false).build();
    }

    /**
     * Removes what {@link #plan()} made, when nothing ran in it: the run folder when it was a fresh one and is
     * still empty, then the output folder it created, with its {@code .gitignore}, when empty. Nothing before the
     * plan is made; also called by the exit (Ctrl-C before the first run).
     */
    void removeUnusedFolders() {
        Path chosen = runFolder;
        if (chosen == null) {
            return;
        }
        if (freshRunFolder) {
            deleteIfEmpty(chosen);
        }
        if (createdOutputFolder != null && !Files.exists(chosen)) {
            try {
                Files.deleteIfExists(createdOutputFolder.resolve(".gitignore"));
            } catch (IOException leftAlone) {
                // the folder stays, with its .gitignore
            }
            deleteIfEmpty(createdOutputFolder);
        }
    }

    private static void deleteIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (IOException notEmptyOrGone) {
            // a folder that holds something is kept
        }
    }

    /** The upload {@code --repo_id} asks for, if it does (checked by {@link #plan()}). */
    Optional<RunUpload> upload() {
        String uploadOnly = o.token != null ? "--token" : o.createRepo ? "--create_repo" : o.createPr ? "--create_pr"
                : o.uploadWarnOnly ? "--upload-warn-only" : null;
        if (uploadOnly != null && o.repoId == null) {
            throw new UsageException("Usage error: " + uploadOnly + " is only used for the upload, which needs --repo_id"
                    + " and --path_in_repo. Add them, or leave " + uploadOnly + " out.");
        }
        if ((o.repoId == null) != (o.pathInRepo == null)) {
            throw new UsageException("Usage error: the upload needs both --repo_id and --path_in_repo, but only "
                    + (o.repoId != null ? "--repo_id" : "--path_in_repo") + " was given. Add the other one, or leave"
                    + " both out to keep the results local.");
        }
        return o.repoId == null ? Optional.empty() : Optional.of(new RunUpload(folder -> UploadRequest.builder(o.repoId,
                folder).pathInRepo(o.pathInRepo).createRepo(o.createRepo).createPr(o.createPr)
                .fromEnvironment(o.token, environment, Path.of(System.getProperty("user.home"))).build(),
                o.uploadWarnOnly));
    }

    private static void checkUpload(RunUpload upload, Path outputFolder) {
        try {
            upload.check(outputFolder);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageException("Usage error: " + e.getMessage().replaceFirst("^Configuration error: ", ""));
        }
    }

    /**
     * Where benchmark.py puts each model's runs: in a multirun, every model's sweep dir is {@code commit=<sha>/}
     * (the jobs sit side by side); in run mode without {@code hydra.run.dir=}, {@code commit=<sha>/} and
     * Hydra's {@code override_dirname}; with {@code hydra.run.dir=}, benchmark.py lets each model overwrite
     * the last, so commitbench gives each model its own folder instead.
     */
    private static OutputSettings.PointDirectories pointDirectories(PassThroughArguments hydra) {
        if (hydra.multirun()) {
            return OutputSettings.PointDirectories.SHARED;
        }
        return hydra.outputDir().isPresent() ? OutputSettings.PointDirectories.PER_POINT
                : OutputSettings.PointDirectories.OVERRIDE_DIRNAME;
    }

    private List<String> commits() {
        if (o.commit == null) {
            return List.of("HEAD");
        }
        List<String> specs = new ArrayList<>();
        for (String spec : o.commit.split(",", -1)) {
            if (!spec.isBlank()) {
                specs.add(spec.strip());
            }
        }
        if (specs.isEmpty()) {
            throw new UsageException("Usage error: --commit must name at least one commit but was [" + o.commit
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

    /** benchmark.py runs each commit once: one round for a single commit, else {@link BenchmarkPlan#DEFAULT_ROUNDS}. */
    private static int defaultRounds(List<String> commits) {
        boolean single = commits.size() == 1 && !commits.get(0).equals(CommitResolver.DIFF)
                && !commits.get(0).equals(CommitResolver.DIFF_WORKTREE) && !commits.get(0).contains("..");
        return single ? 1 : BenchmarkPlan.DEFAULT_ROUNDS;
    }

    private void requireConfig() {
        List<String> missing = new ArrayList<>();
        if (o.configDir == null) {
            missing.add("'--config-dir=DIR'");
        }
        if (o.configName == null) {
            missing.add("'--config-name=NAME'");
        }
        if (!missing.isEmpty()) {
            throw new UsageException("Usage error: missing required option" + (missing.size() > 1 ? "s" : "") + ": "
                    + String.join(", ", missing) + ". optimum-benchmark needs the config folder and the config"
                    + " name, for example --config-dir benchmark/config --config-name generation.");
        }
        // a relative folder is looked up in each commit's checkout (the session names a commit without it)
        Path folder = Path.of(o.configDir);
        if (folder.isAbsolute() && !Files.isDirectory(folder)) {
            throw new UsageException("Usage error: --config-dir [" + o.configDir + "] is not a folder. Give an existing"
                    + " folder holding " + o.configName + ".yaml, or a folder relative to the repository root, looked up"
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

    private Set<OutputSettings.ReportFormat> reportFormats() {
        if (o.report.strip().equals("none")) {
            return Set.of();
        }
        Set<OutputSettings.ReportFormat> formats = EnumSet.noneOf(OutputSettings.ReportFormat.class);
        for (String format : list("--report", o.report)) {
            if (!REPORT_FORMATS.containsKey(format)) {
                throw new UsageException("Usage error: --report must list formats from [md, html]"
                        + " (or be none) but had [" + format + "].");
            }
            formats.add(REPORT_FORMATS.get(format));
        }
        return formats;
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
}
