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
import dev.commitbench.scale.Device;
import dev.commitbench.scale.Pinning;
import dev.commitbench.scale.UnitResult;
import dev.commitbench.scale.WorkerPool;
import dev.commitbench.stats.ComparisonSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code BisectRun} is used to find the commit that made a metric worse: it resolves the good and the bad
 * commit, takes the first-parent path between them ({@link FirstParentPath}), and drives a {@link BisectSearch}
 * over it with the plan's engine, workspaces and run-folder layout, one engine run per {@link Trial}. Each
 * commit is materialized once (the workspaces' cache; in place, checked out again before each run) and its
 * setup runs once. On several devices ({@link #start(BenchmarkPlan, String, String, int, List, ProgressListener)}),
 * each batch holds one commit per device and its trials run at the same time, one lane per device, every run pinned
 * to its device; the ends' ABBA pairs, a search batch's anchor with the commit next to it, and a confirming pair each
 * stay on one device in their order ({@code BisectLanes}), and the workspaces are shared (a commit is materialized by
 * the first lane that needs it). A run that fails is a failed round for the search (the commit is tried again, then skipped);
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
 * <p>Not thread-safe (one thread starts, runs and closes it; the lanes are its own threads); close it to remove the
 * workspaces.
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
    private final List<Device> devices;
    private final List<Pinning> pinnings;
    private final List<Engine> engines;
    private final Engine engine;
    private final Shutdown.Registration atExit;
    private final List<Summary> summaries = new ArrayList<>();
    private final Set<String> metricPaths = new LinkedHashSet<>();
    private final long startNanos = System.nanoTime();
    private final int[] rounds;
    /** The commits' workspaces, each materialized once for every lane. */
    private final SharedWorkspaces shared;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private int runsDone;
    private int reportsRead;
    private boolean metricSeen;
    private volatile boolean failed;
    private boolean closed;
    private int warningsShown;

    private BisectRun(BenchmarkPlan plan, BisectSettings settings, ProgressListener progress,
            FirstParentPath.Result path, Path workTree, Path runDirectory, Workspaces workspaces, RepositoryLock lock,
            List<Device> devices) {
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
        this.shared = new SharedWorkspaces(workspaces, lock, plan.workspaces().mode());
        this.devices = List.copyOf(devices);
        this.pinnings = devices.isEmpty() ? List.of(Pinning.none()) : devices.stream().map(Device::pinning).toList();
        this.engines = pinnings.stream().map(pinning -> plan.engine().create(pinning)).toList();
        this.engine = engines.get(0);
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
        return start(plan, good, bad, maxRuns, List.of(), progress);
    }

    /**
     * As {@link #start(BenchmarkPlan, String, String, int, ProgressListener)}, on {@code devices}: with k devices each
     * batch of the search holds k commits (plus an anchor round of an end), run at the same time, one device each,
     * every run pinned to its device ({@code BisectLanes} says which trial runs where).
     *
     * @param plan     the engine, workspaces, point, metric and threshold (its commits are not used)
     * @param good     a ref of the good commit (where the metric was fine)
     * @param bad      a ref of the bad commit (where it is worse)
     * @param maxRuns  the engine-run budget ({@link BisectSettings#DEFAULT_MAX_RUNS} by default)
     * @param devices  the devices, as {@code DeviceList.select} gives them; empty: one run at a time on the default
     *                 device
     * @param progress hears of each run and note; {@code null} for none
     * @return the bisection, ready to {@link #run()}; close it
     * @throws IllegalArgumentException naming the bad setting (more than one metric or sweep point, a budget too
     *                                  small, several devices in place), before any git or process work
     * @throws GitException             when a ref is unknown, good and bad are the same commit, good is not an
     *                                  ancestor of bad, or there is no first-parent path between them
     */
    public static BisectRun start(BenchmarkPlan plan, String good, String bad, int maxRuns, List<Device> devices,
            ProgressListener progress) {
        if (devices.size() > 1 && plan.workspaces().mode() == CheckoutMode.IN_PLACE) {
            throw new IllegalArgumentException("bisection on " + devices.size() + " devices runs several commits at"
                    + " once, but in-place mode checks every commit out in the repository's own working tree, one at a"
                    + " time; leave out in-place (--in-place) to give each commit a worktree of its own, or bisect on"
                    + " one device.");
        }
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
                comparison.directions())).withMaxRuns(maxRuns).withParallelism(Math.max(1, devices.size()));
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
                + " engine runs" + (devices.size() > 1 ? ", " + devices.size() + " commits at a time on " + devices.size()
                        + " devices" : "") + ".");
        Path run = RunFiles.runFolder(checked.output());
        RepositoryLock lock = new RepositoryLock(gitDirectory);
        Workspaces workspaces = lock.call(() -> Workspaces.open(workTree, checked.workspaces()));
        return new BisectRun(checked, settings, listener, path, workTree, run, workspaces, lock, devices);
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
    public synchronized List<Summary> summaries() {
        return List.copyOf(summaries);
    }

    /**
     * Runs the search to its end, one engine run per trial; on several devices, the trials of a batch at the same
     * time, one lane per device ({@code BisectLanes}). The outcomes are recorded in the batch's order whichever device
     * ran them, so the search asks for the same next batch whatever the timing.
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
            Map<Integer, Integer> roundOf = new HashMap<>();
            for (Trial trial : batch) {
                roundOf.put(trial.sequence(), ++rounds[trial.index()]);
            }
            Map<Integer, RoundOutcome> outcomes = new ConcurrentHashMap<>();
            RuntimeException error = runLanes(BisectLanes.place(batch, pinnings.size()), roundOf, outcomes);
            for (Trial trial : batch) {
                RoundOutcome outcome = outcomes.get(trial.sequence());
                if (outcome != null) {
                    search.record(trial, outcome);
                }
            }
            if (error != null) {
                throw error;
            }
        }
        return labelled(search.result());
    }

    /**
     * Runs each lane on its device, the lanes at the same time; every lane runs to its end (or to its own error)
     * whatever another lane does, so that nothing measured is lost.
     *
     * @return the first lane's error (in lane order), or {@code null}
     */
    private RuntimeException runLanes(List<List<Trial>> lanes, Map<Integer, Integer> roundOf,
            Map<Integer, RoundOutcome> outcomes) {
        List<Integer> busy = new ArrayList<>();
        for (int l = 0; l < lanes.size(); l++) {
            if (!lanes.get(l).isEmpty()) {
                busy.add(l);
            }
        }
        if (busy.size() == 1) {
            try {
                runLane(lanes.get(busy.get(0)), busy.get(0), roundOf, outcomes);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }
        List<WorkerPool.Batch<List<Trial>, Boolean>> running = new ArrayList<>();
        try {
            for (int l : busy) {
                int lane = l;
                running.add(new WorkerPool(List.of(devices.get(lane))).start(List.of(lanes.get(lane)),
                        (trials, pinning) -> runLane(trials, lane, roundOf, outcomes)));
            }
            RuntimeException error = null;
            for (WorkerPool.Batch<List<Trial>, Boolean> lane : running) {
                UnitResult<List<Trial>, Boolean> result = lane.await().get(0);
                if (error == null && result.status() == UnitResult.Status.FAILED) {
                    error = result.failure() instanceof RuntimeException e ? e
                            : new IllegalStateException("a bisection run on " + result.pinning().describe()
                                    + " failed: " + result.failure(), result.failure());
                } else if (error == null && result.status() == UnitResult.Status.NOT_RUN) {
                    error = new EngineInterruptedException("Interrupted: the bisection stopped before its runs on "
                            + result.pinning().describe() + ".");
                }
            }
            return error;
        } finally {
            running.forEach(WorkerPool.Batch::close);
        }
    }

    private boolean runLane(List<Trial> trials, int lane, Map<Integer, Integer> roundOf,
            Map<Integer, RoundOutcome> outcomes) {
        for (Trial trial : trials) {
            outcomes.put(trial.sequence(), runTrial(trial, roundOf.get(trial.sequence()), lane));
        }
        return true;
    }

    /** The result with the model, config and unit the reports give (the search starts before any report is read). */
    private BisectResult labelled(BisectResult r) {
        String model = "";
        String config = "";
        String unit = "";
        for (Summary s : summaries()) {
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

    private RoundOutcome runTrial(Trial trial, int round, int lane) {
        Commit commit = trial.commit();
        Path runDir = layout.runDirectory(commit, point, round).toAbsolutePath();
        String run = "#" + trial.sequence() + " (" + commit.displayName() + " · round " + round
                + (pinnings.size() > 1 ? " · " + pinnings.get(lane).describe() : "") + ")";
        inFlight.add(run);
        try {
            Optional<String> problem;
            Workspace workspace = null;
            try {
                workspace = workspace(commit);
                problem = plan.engine().unrunnable(commit, workspace);
            } catch (RuntimeException e) {
                stopIfExiting();
                problem = Optional.of("could not materialize " + commit.displayName() + ": " + e.getMessage());
            }
            noteNewWarnings();
            RoundOutcome outcome = problem.isPresent() ? RoundOutcome.failed(problem.get())
                    : measure(commit, workspace, round, runDir, lane);
            int done = finished(commit, round, !outcome.isFailure());
            if (outcome.isFailure()) {
                failed = true;
                progress.note("Run " + done + " of " + commit.displayName() + " (round " + round + ") failed: "
                        + firstLine(outcome.failure()));
            }
            return outcome;
        } finally {
            inFlight.remove(run);
        }
    }

    /**
     * The commit's workspace: materialized (and set up) once, by the first lane that needs it, the others waiting for
     * it; in place, checked out again for every run (the run before may have checked out another).
     */
    private Workspace workspace(Commit commit) {
        return shared.materialize(commit);
    }

    private RoundOutcome measure(Commit commit, Workspace workspace, int round, Path runDir, int lane) {
        RunOutcome outcome;
        try {
            outcome = engines.get(lane).run(plan.engine().request(point, commit, workspace, runDir, workTree,
                    pinnings.get(lane), progress::engineLine));
        } catch (EngineException e) {
            failed = true;
            if (Shutdown.inProgress() && !(e instanceof EngineInterruptedException)) {
                throw new EngineInterruptedException("Interrupted: the JVM is exiting during bisection run "
                        + inFlightRuns() + ".");
            }
            throw e;
        }
        progress.engineFinished(outcome);
        boolean first;
        synchronized (this) {
            first = !metricSeen;
        }
        RoundSummaries read = RoundSummaries.read(runDir, commit, plan.metrics(), round,
                plan.output().pointDirectories() == OutputSettings.PointDirectories.SHARED ? point.overrides() : List.of(),
                first);
        synchronized (this) {
            summaries.addAll(read.summaries());
            metricPaths.addAll(read.metricPaths());
        }
        RunFiles.writeRunSummaries(read.summaries(), plan.output().expandMetrics());
        if (!outcome.succeeded()) {
            return RoundOutcome.failed(outcome.message());
        }
        if (read.summaries().isEmpty()) {
            return RoundOutcome.failed(read.problems().isEmpty() ? engine.name() + " exited 0 but wrote no report in ["
                    + runDir + "]; see [" + outcome.log() + "]" : String.join("\n", read.problems()));
        }
        Summary summary = read.summaries().get(0);
        Object value = summary.metrics().get(metric);
        synchronized (this) {
            reportsRead += read.summaries().size();
            if (!(value instanceof Number)) {
                if (!metricSeen) {
                    throw new IllegalArgumentException(missingMetric());
                }
                return RoundOutcome.failed("the report in [" + summary.runDirectory() + "] has no number at " + metric
                        + (value == null ? "" : " (it holds " + value + ")"));
            }
            metricSeen = true;
        }
        double v = ((Number) value).doubleValue();
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

    private synchronized int finished(Commit commit, int round, boolean succeeded) {
        runsDone++;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        int budget = settings.maxRuns();
        Duration remaining = elapsed.dividedBy(runsDone).multipliedBy(Math.max(0, budget - runsDone));
        progress.runFinished(runsDone, budget, point.label(), commit, round, elapsed, remaining, succeeded);
        return runsDone;
    }

    /** {@return the runs going on now, for a message; empty when none} */
    private String inFlightRuns() {
        return inFlight.stream().sorted().collect(Collectors.joining(", "));
    }

    private void stopIfExiting() {
        if (Shutdown.inProgress()) {
            throw new EngineInterruptedException("Interrupted: the JVM is exiting during bisection run " + inFlightRuns()
                    + ".");
        }
    }

    private synchronized void noteNewWarnings() {
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
        String run = inFlightRuns();
        String what = !run.isEmpty() ? "during bisection run " + run : "after " + runsDone + " bisection runs";
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
