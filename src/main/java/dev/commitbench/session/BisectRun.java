package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import dev.commitbench.Summary;
import dev.commitbench.bisect.BisectResult;
import dev.commitbench.bisect.BisectSearch;
import dev.commitbench.bisect.BisectSettings;
import dev.commitbench.bisect.RoundOutcome;
import dev.commitbench.bisect.Trial;
import dev.commitbench.engine.Engine;
import dev.commitbench.engine.EngineException;
import dev.commitbench.engine.EngineInterruptedException;
import dev.commitbench.engine.RunOutcome;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.git.FirstParentPath;
import dev.commitbench.git.GitException;
import dev.commitbench.git.Workspace;
import dev.commitbench.git.Workspaces;
import dev.commitbench.internal.EditDistance;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.report.BisectHtmlWriter;
import dev.commitbench.report.BisectJsonWriter;
import dev.commitbench.report.BisectMarkdownWriter;
import dev.commitbench.report.SummaryFiles;
import dev.commitbench.scale.Pinning;
import dev.commitbench.stats.ComparisonSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code BisectRun} is used to find the commit that made a metric worse: it resolves the good and the bad
 * commit, takes the first-parent path between them ({@link FirstParentPath}), and drives a {@link BisectSearch}
 * over it with the plan's engine, workspaces and run-folder layout, one engine run per {@link Trial}. Each
 * commit is materialized once (the workspaces' cache; in place, checked out again before each run) and its
 * setup runs once. A run that fails is a failed round for the search (the commit is tried again, then skipped);
 * an engine usage error or a missing engine stops the bisection with its exception, after which
 * {@link #writeRunFiles(BisectResult)} is not possible but {@link #summaries()} holds what was measured.
 *
 * <p>The plan's sweep point (exactly one), metric (exactly one), threshold, confidence, seed, directions,
 * engine, setup, environment, checkout mode and output folder are used; its commits, rounds and policies are
 * not (the search decides how often each commit runs). Runs go where a benchmark's runs go:
 * {@code <run>/commit=<sha>/} for a commit's first round, {@code <run>/round-<r>/commit=<sha>/} for later ones.
 * The run-level files are {@code bisect.json}, {@code report.md}, {@code report.html} (of the plan's report
 * formats), {@code summaries.json} and benchmark.py's combined {@code summary.json}.
 *
 * <p>Not thread-safe; close it to remove the workspaces.
 */
@API(status = INTERNAL, since = "0.1")
public final class BisectRun implements AutoCloseable {


    private final BenchmarkPlan plan;
    private final String metric;
    private final SweepPoint point;
    private final BisectSettings settings;
    private final ProgressListener progress;
    private final FirstParentPath.Result path;
    private final Path workTree;
    private final Path runDirectory;
    private final RunLayout layout;
    private final Workspaces workspaces;
    private final RepositoryLock repositoryLock;
    private final Engine engine;
    private final Shutdown.Registration atExit;
    private final List<Summary> summaries = new ArrayList<>();
    private final Set<String> metricPaths = new LinkedHashSet<>();
    private final long startNanos = System.nanoTime();
    private final int[] rounds;
    private final Map<Commit, Workspace> materialized = new java.util.HashMap<>();
    private int runsDone;
    private int reportsRead;
    private boolean metricSeen;
    private boolean failed;
    private boolean closed;
    private int warningsShown;
    private volatile String inFlight;

    private BisectRun(BenchmarkPlan plan, BisectSettings settings, ProgressListener progress,
            FirstParentPath.Result path, Path workTree, Path runDirectory, Workspaces workspaces, RepositoryLock lock) {
        this.plan = plan;
        this.metric = plan.metrics().get(0);
        this.point = plan.points().get(0);
        this.settings = settings;
        this.progress = progress;
        this.path = path;
        this.workTree = workTree;
        this.runDirectory = runDirectory;
        this.layout = new RunLayout(runDirectory, plan.output().pointDirectories(), false, plan.engine().extraArgs());
        this.workspaces = workspaces;
        this.repositoryLock = lock;
        this.engine = plan.engine().create();
        this.rounds = new int[path.commits().size()];
        this.atExit = Shutdown.onExit("reporting the interrupted bisection", this::interruptedByExit);
        noteNewWarnings();
    }

    /**
     * Checks the plan, resolves {@code good} and {@code bad}, finds the first-parent path between them and
     * prepares the run folder and the workspaces; nothing is run yet.
     *
     * @param plan        the engine, workspaces, point, metric and threshold (its commits are not used)
     * @param good        a ref of the good commit (where the metric was fine)
     * @param bad         a ref of the bad commit (where it is worse)
     * @param maxRuns     the engine-run budget ({@link BisectSettings#DEFAULT_MAX_RUNS} by default)
     * @param progress    hears of each run and note; {@code null} for none
     * @return the bisection, ready to {@link #run()}; close it
     * @throws IllegalArgumentException naming the bad setting (more than one metric or sweep point, a budget too
     *                                  small), before any git or process work
     * @throws GitException             when a ref is unknown, good and bad are the same commit, good is not an
     *                                  ancestor of bad, or there is no first-parent path between them
     */
    public static BisectRun start(BenchmarkPlan plan, String good, String bad, int maxRuns, ProgressListener progress) {
        BenchmarkPlan checked = plan.toBuilder().commits(List.of(good, bad)).build();
        if (checked.metrics().size() != 1) {
            throw new IllegalArgumentException("bisection follows exactly one metric, but " + checked.metrics().size()
                    + " were given " + checked.metrics() + "; name the one that got worse, e.g. "
                    + checked.metrics().get(0));
        }
        if (checked.points().size() != 1) {
            throw new IllegalArgumentException("bisection measures one sweep point, but " + checked.points().size()
                    + " were given (" + checked.points().stream().map(SweepPoint::label).collect(Collectors.joining("; "))
                    + "); give one value per key, the point that got worse");
        }
        requireOneCommit("good", good);
        requireOneCommit("bad", bad);
        BisectSettings defaults = BisectSettings.of(checked.metrics().get(0));
        if (maxRuns < 2 * defaults.endRounds()) {
            throw new IllegalArgumentException("the engine-run budget must be at least " + 2 * defaults.endRounds() + " ("
                    + defaults.endRounds() + " rounds of good and of bad before the search) but was [" + maxRuns
                    + "]; the default is " + BisectSettings.DEFAULT_MAX_RUNS);
        }
        ComparisonSettings comparison = checked.comparison();
        BisectSettings settings = defaults.withComparison(new ComparisonSettings(comparison.thresholdPercent(),
                comparison.confidence(), ComparisonSettings.defaults().resamples(), comparison.seed(),
                comparison.directions())).withMaxRuns(maxRuns);
        ProgressListener listener = progress == null ? ProgressListener.SILENT : progress;
        FirstParentPath.Result path;
        Path workTree;
        Path gitDirectory;
        try (CommitResolver resolver = CommitResolver.open(checked.repository())) {
            workTree = resolver.workTree();
            gitDirectory = resolver.commonGitDirectory();
            Commit goodCommit = resolveOne(resolver, good, checked.base(), listener);
            Commit badCommit = resolveOne(resolver, bad, checked.base(), listener);
            path = FirstParentPath.between(workTree, goodCommit, badCommit);
        }
        listener.note("Bisecting " + metric(checked) + " over " + path.commits().size() + " first-parent commits from "
                + path.commits().get(0).displayName() + " (good) to "
                + path.commits().get(path.commits().size() - 1).displayName() + " (bad), at most " + maxRuns
                + " engine runs.");
        Path run = RunFiles.runFolder(checked.output());
        RepositoryLock lock = new RepositoryLock(gitDirectory);
        Workspaces workspaces = lock.call(() -> Workspaces.open(workTree, checked.workspaces()));
        return new BisectRun(checked, settings, listener, path, workTree, run, workspaces, lock);
    }

    private static String metric(BenchmarkPlan plan) {
        return plan.metrics().get(0) + (plan.points().get(0).label().isEmpty() ? "" : " at " + plan.points().get(0).label());
    }

    private static void requireOneCommit(String which, String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("bisection needs the " + which + " commit, a branch, tag or SHA, but it"
                    + " was not given");
        }
        if (spec.contains("..") || spec.contains(",") || spec.equals(CommitResolver.DIFF)
                || spec.equals(CommitResolver.DIFF_WORKTREE) || spec.strip().startsWith(Commit.WORKTREE)) {
            throw new IllegalArgumentException("the " + which + " commit must be one commit of the history (a branch,"
                    + " tag or SHA) but was [" + spec + "]; ranges, lists, diff and WORKTREE are not bisected");
        }
    }

    private static Commit resolveOne(CommitResolver resolver, String spec, String base, ProgressListener progress) {
        var resolution = resolver.resolve(List.of(spec.strip()), base);
        resolution.notes().forEach(progress::note);
        return resolution.commits().get(0);
    }

    /** {@return the first-parent commits searched, good first, bad last} */
    public List<Commit> path() {
        return path.commits();
    }

    /** {@return the run folder} */
    public Path runDirectory() {
        return runDirectory;
    }

    /** {@return the settings the search runs with} */
    public BisectSettings settings() {
        return settings;
    }

    /** {@return every run's summary so far, in run order} */
    public List<Summary> summaries() {
        return List.copyOf(summaries);
    }

    /**
     * Runs the search to its end, one engine run per trial.
     *
     * @return what it found, with the sweep point's model and config and the metric's unit filled in
     * @throws IllegalArgumentException when the first reports read lack the metric (naming it, with the close and
     *                                  the available metric paths)
     * @throws dev.commitbench.engine.EngineUsageException when the engine reports a usage error (exit 2)
     * @throws EngineException when the engine cannot run at all (it is missing, or the JVM is exiting)
     */
    public BisectResult run() {
        BisectSearch search = BisectSearch.over(path.commits(), settings);
        for (List<Trial> batch = search.nextBatch(); !batch.isEmpty(); batch = search.nextBatch()) {
            for (Trial trial : batch) {
                search.record(trial, runTrial(trial));
            }
        }
        return labelled(search.result());
    }

    /** The result with the model, config and unit the reports give (the search starts before any report is read). */
    private BisectResult labelled(BisectResult r) {
        String model = "";
        String config = "";
        String unit = "";
        for (Summary s : summaries) {
            if (s.metrics().containsKey(metric)) {
                model = s.model();
                config = s.config();
                unit = s.units().getOrDefault(metric, "");
                break;
            }
        }
        BisectSettings labelledSettings = r.settings().withPoint(model, config).withUnit(unit);
        return new BisectResult(r.kind(), labelledSettings, r.good(), r.bad(), r.culprit(), r.probability(), r.steps(),
                r.range(), r.candidates(), r.engineRuns(), r.commitsMaterialized(), r.measurements(), r.estimates(),
                r.endToEnd(), r.confirmations(), r.skipped(), r.summary());
    }

    private RoundOutcome runTrial(Trial trial) {
        Commit commit = trial.commit();
        int round = ++rounds[trial.index()];
        Path runDir = layout.runDirectory(commit, point, round).toAbsolutePath();
        inFlight = (runsDone + 1) + " (" + commit.displayName() + " · round " + round + ")";
        try {
            Optional<String> problem;
            Workspace workspace = null;
            try {
                // in place, every run checks its commit out again (the run before may have checked out another)
                workspace = plan.workspaces().mode() == CheckoutMode.IN_PLACE
                        ? repositoryLock.call(() -> workspaces.materialize(commit))
                        : materialized.computeIfAbsent(commit, c -> repositoryLock.call(() -> workspaces.materialize(c)));
                problem = plan.engine().unrunnable(commit, workspace);
            } catch (RuntimeException e) {
                stopIfExiting();
                problem = Optional.of("could not materialize " + commit.displayName() + ": " + e.getMessage());
            }
            noteNewWarnings();
            RoundOutcome outcome = problem.isPresent() ? RoundOutcome.failed(problem.get())
                    : measure(commit, workspace, round, runDir);
            finished(commit, round, !outcome.isFailure());
            if (outcome.isFailure()) {
                failed = true;
                progress.note("Run " + runsDone + " of " + commit.displayName() + " (round " + round + ") failed: "
                        + firstLine(outcome.failure()));
            }
            return outcome;
        } finally {
            inFlight = null;
        }
    }

    private RoundOutcome measure(Commit commit, Workspace workspace, int round, Path runDir) {
        RunOutcome outcome;
        try {
            outcome = engine.run(plan.engine().request(point, commit, workspace, runDir, workTree, Pinning.none(),
                    progress::engineLine));
        } catch (EngineException e) {
            failed = true;
            if (Shutdown.inProgress() && !(e instanceof EngineInterruptedException)) {
                throw new EngineInterruptedException("Interrupted: the JVM is exiting during bisection run "
                        + inFlight + ".");
            }
            throw e;
        }
        progress.engineFinished(outcome);
        RoundSummaries read = RoundSummaries.read(runDir, commit, plan.metrics(), round,
                plan.output().pointDirectories() == OutputSettings.PointDirectories.SHARED ? point.overrides() : List.of(),
                !metricSeen);
        summaries.addAll(read.summaries());
        metricPaths.addAll(read.metricPaths());
        RunFiles.writeRunSummaries(read.summaries(), plan.output().expandMetrics());
        if (!outcome.succeeded()) {
            return RoundOutcome.failed(outcome.message());
        }
        if (read.summaries().isEmpty()) {
            return RoundOutcome.failed(read.problems().isEmpty() ? engine.name() + " exited 0 but wrote no report in ["
                    + runDir + "]; see [" + outcome.log() + "]" : String.join("\n", read.problems()));
        }
        reportsRead += read.summaries().size();
        Summary summary = read.summaries().get(0);
        Object value = summary.metrics().get(metric);
        if (!(value instanceof Number number)) {
            if (!metricSeen) {
                throw new IllegalArgumentException(missingMetric());
            }
            return RoundOutcome.failed("the report in [" + summary.runDirectory() + "] has no number at " + metric
                    + (value == null ? "" : " (it holds " + value + ")"));
        }
        metricSeen = true;
        double v = number.doubleValue();
        List<Double> samples = summary.samples().getOrDefault(metric, List.of()).stream().filter(Double::isFinite)
                .toList();
        return RoundOutcome.measured(v, samples.isEmpty() ? List.of(v) : samples);
    }

    /** The message for a metric that no report read has: the close paths first, then every path the reports have. */
    private String missingMetric() {
        List<String> close = metricPaths.stream()
                .filter(p -> EditDistance.between(p, metric) <= 2
                        || p.endsWith("." + metric))
                .sorted(Comparator.comparingInt(p -> EditDistance.between(p, metric)))
                .limit(3).toList();
        return "The metric [" + metric + "] is in no report: the " + reportsRead + " report(s) read have no number at"
                + " that path (a missing or null path is absent)." + (close.isEmpty() ? "" : " Did you mean: "
                        + String.join(", ", close) + "?") + " Metric paths the reports have: "
                + (metricPaths.isEmpty() ? "(none)" : String.join(", ", metricPaths)) + ".";
    }

    private void finished(Commit commit, int round, boolean succeeded) {
        runsDone++;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        int budget = settings.maxRuns();
        Duration remaining = elapsed.dividedBy(runsDone).multipliedBy(Math.max(0, budget - runsDone));
        progress.runFinished(runsDone, budget, point.label(), commit, round, elapsed, remaining, succeeded);
    }

    private void stopIfExiting() {
        if (Shutdown.inProgress()) {
            throw new EngineInterruptedException("Interrupted: the JVM is exiting during bisection run " + inFlight + ".");
        }
    }

    private void noteNewWarnings() {
        List<String> warnings = workspaces.warnings();
        List<String> fresh = List.copyOf(warnings.subList(warningsShown, warnings.size()));
        warningsShown = warnings.size();
        fresh.forEach(progress::note);
    }

    /**
     * Writes {@code bisect.json}, the plan's readable reports ({@code report.md}, {@code report.html}),
     * {@code summaries.json} and the combined {@code summary.json} into the run folder.
     *
     * @param result what the bisection found
     */
    public void writeRunFiles(BisectResult result) {
        writeSummaries();
        new BisectJsonWriter().write(runDirectory, result);
        if (plan.output().reportFormats().contains(OutputSettings.ReportFormat.MARKDOWN)) {
            new BisectMarkdownWriter().write(runDirectory, result);
        }
        if (plan.output().reportFormats().contains(OutputSettings.ReportFormat.HTML)) {
            new BisectHtmlWriter().write(runDirectory, result);
        }
    }

    /** Writes {@code summaries.json} and the combined {@code summary.json} of every run so far (also after an error). */
    public void writeSummaries() {
        SummaryFiles.writeSummaries(summaries, runDirectory, plan.output().expandMetrics());
        SummaryFiles.writeCombined(summaries, runDirectory, plan.output().expandMetrics());
    }

    /**
     * What a message says about a commit of the path: its full SHA, subject, author and date.
     *
     * @param commit a commit of the path
     * @return {@code 1a2b3c4d… (1a2b3c4) "Speed up decoding" by Jane Doe <jane@example.com>, 2024-05-01}
     */
    public String describe(Commit commit) {
        return BisectText.describe(path.details(), commit);
    }

    /**
     * The message of a finished bisection for a console or a test failure: the search's summary, then the commits
     * it names with their subject and author, then where the files are.
     *
     * @param result what the bisection found
     * @return the message
     */
    public String message(BisectResult result) {
        return BisectText.message(path, result, runDirectory);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " …";
    }

    private void interruptedByExit() {
        String run = inFlight;
        String what = run != null ? "during bisection run " + run : "after " + runsDone + " bisection runs";
        progress.interrupted("interrupted " + what + "; " + repositoryLock.closeAtExit(workspaces) + ".");
    }

    /** Removes the workspaces (kept when a run failed and the plan keeps them); idempotent. */
    @Override
    public void close() {
        if (closed || Shutdown.leftToTheExit()) {
            return;
        }
        closed = true;
        try {
            if (failed) {
                workspaces.markFailed();
            }
            repositoryLock.run(workspaces::close);
        } finally {
            atExit.cancel();
        }
    }

    /** {@return the commit details of the path, by full SHA} */
    public Map<String, FirstParentPath.Details> details() {
        return path.details();
    }
}
