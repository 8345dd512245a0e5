package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Gate;
import dev.commitbench.RunFailure;
import dev.commitbench.Summary;
import dev.commitbench.engine.Engine;
import dev.commitbench.engine.EngineException;
import dev.commitbench.engine.EngineInterruptedException;
import dev.commitbench.engine.RunOutcome;
import dev.commitbench.engine.RunRequest;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.git.Resolution;
import dev.commitbench.git.Workspace;
import dev.commitbench.git.WorkspaceOptions;
import dev.commitbench.git.Workspaces;
import dev.commitbench.internal.Placeholders;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.scale.Pinning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.apiguardian.api.API;

/**
 * {@code BenchmarkSession} runs a {@link BenchmarkPlan}: it resolves the commits up front, materializes
 * each commit once, runs every commit for a sweep point in interleaved rounds (ABBA blocks, or a seeded
 * random order), adds rounds while a comparison's gate is undecided, up to {@code maxRounds}, summarizes
 * each run directory, and compares every candidate with the baseline. The JUnit extension and the
 * command line are thin front ends over it. Not thread-safe; close it to clean up workspaces.
 *
 * <p>What follows each run (reading its report, writing its {@code summary.json}, the progress line) is
 * done in run order; for an engine that does not measure from its process's start (optimum-benchmark),
 * it is done on a thread of the session's own while the next process starts, so the listener may hear of
 * it from that thread. Every public method waits for it first.
 *
 * <p>Git work on the repository (worktrees made, removed, pruned) runs under a lock shared by threads and
 * JVMs ({@link RepositoryLock}, a file in the repository's {@code .git}); run folders are unique across JVMs, so
 * two JVMs can benchmark one repository at once.
 *
 * <p>Layout of the run folder ({@link #runDirectory()}; {@code <outputDir>/run-<timestamp>-<random>/}
 * when the plan's {@code ensureEmpty} is true, else {@code outputDir} itself):
 * <ul>
 *   <li>round 1 of a plan with one point: {@code <run>/commit=<sha>/}, exactly where benchmark.py puts
 *       it (Hydra's run dir, or its sweep dir under {@code --multirun});</li>
 *   <li>round 1 with several points: {@code <run>/commit=<sha>/<point-dir>/}, the point dir being Hydra's
 *       {@code override_dirname} ({@code k=v,k2=v2}, keys sorted), made filesystem-safe;</li>
 *   <li>rounds 2 and later: the same under {@code <run>/round-<r>/};</li>
 *   <li>a {@code summary.json} in every job directory, and the run-level files at the top.</li>
 * </ul>
 */
@API(status = INTERNAL, since = "0.1")
public final class BenchmarkSession implements AutoCloseable {

    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final BenchmarkPlan plan;
    private final ProgressListener progress;
    private final List<Commit> commits;
    private final Path workTree;
    private final Path runDirectory;
    private final RunLayout layout;
    private final RoundSchedule schedule;
    private final Workspaces workspaces;
    private final RepositoryLock repositoryLock;
    private final Engine engine;
    private final AfterRun afterRun;
    private final Map<Path, Future<?>> prepared = new HashMap<>();
    private Future<?> lastRead;
    private final Map<Commit, Workspace> materialized = new HashMap<>();
    private final Map<SweepPoint, PointResults> results = new LinkedHashMap<>();
    private final List<Summary> summaries = new ArrayList<>();
    private final Set<String> metricPaths = new LinkedHashSet<>();
    private final long startNanos = System.nanoTime();
    private String optimumBenchmarkVersion;
    private CombinedReport report;
    private int runsDone;
    private int runsPlanned;
    private boolean failed;
    /** Whether the missing-metric check has read a report: then its answer is final (found metrics only grow). */
    private boolean metricsChecked;
    private boolean closed;
    private int warningsShown;
    private volatile int runsStarted;
    /** The run in flight, for the line printed when the JVM exits in the middle of it ({@code null} between runs). */
    private volatile String inFlight;
    private final Shutdown.Registration atExit;
    /** The device every run of this session is pinned to ({@link Pinning#none()}: the machine's default). */
    private final Pinning pinning;
    /** A worker runs the points it is handed beside other sessions in one run folder: it prepares no other point's run. */
    private final boolean worker;

    private BenchmarkSession(BenchmarkPlan plan, ProgressListener progress, Resolution resolution, Path workTree,
            Path runDirectory, Workspaces workspaces, RepositoryLock repositoryLock, Pinning pinning, boolean worker) {
        this.pinning = pinning;
        this.worker = worker;
        this.plan = plan;
        this.progress = progress;
        this.commits = resolution.commits();
        this.workTree = workTree;
        this.runDirectory = runDirectory;
        this.layout = new RunLayout(runDirectory, plan.pointDirectories(), plan.points().size() > 1, plan.extraArgs());
        this.schedule = new RoundSchedule(plan.order(), plan.seed());
        this.workspaces = workspaces;
        this.repositoryLock = repositoryLock;
        this.engine = SessionParts.engine(plan.toBuilder().command(plan.command().stream()
                .map(word -> Placeholders.expand(word, pinning.placeholders())).toList()).build());
        this.afterRun = engine.measuresFromStart() ? AfterRun.inline() : AfterRun.overlapped();
        this.runsPlanned = plan.points().size() * commits.size() * plan.rounds();
        // registered after the workspaces' own action, so it runs before it: it removes them itself, then says so
        this.atExit = Shutdown.onExit("reporting the interrupted run", this::interruptedByExit);
        noteNewWarnings();
    }

    /**
     * Validates the plan, resolves its commits and prepares the run folder; nothing is run yet.
     *
     * @param plan what to run
     * @param progress hears of each run and note; {@code null} for none
     * @throws IllegalArgumentException naming the bad setting, before any git or process work
     * @throws dev.commitbench.git.GitException when a commit cannot be resolved
     * @return the session; close it
     */
    public static BenchmarkSession start(BenchmarkPlan plan, ProgressListener progress) {
        return start(plan, progress, Pinning.none(), false);
    }

    /**
     * Starts a session that runs some of the plan's points beside other sessions in the same run folder (the plan's
     * {@code ensureEmpty} false), every run pinned to one device: for the command engine, the pinning's environment
     * and {@code ${device}}; for optimum-benchmark, its overrides ({@code backend.device_ids=<id>}).
     *
     * @param plan what to run; each point is run by one session only
     * @param progress hears of each run and note; {@code null} for none
     * @param pinning the device ({@link Pinning#none()} for the machine's default)
     * @throws IllegalArgumentException naming the bad setting, before any git or process work
     * @throws dev.commitbench.git.GitException when a commit cannot be resolved
     * @return the session; close it
     */
    public static BenchmarkSession startWorker(BenchmarkPlan plan, ProgressListener progress, Pinning pinning) {
        return start(plan, progress, pinning, true);
    }

    private static BenchmarkSession start(BenchmarkPlan plan, ProgressListener progress, Pinning pinning,
            boolean worker) {
        validate(plan);
        Resolution resolution;
        Path workTree;
        Path gitDirectory;
        try (CommitResolver resolver = CommitResolver.open(plan.repository())) {
            workTree = resolver.workTree();
            gitDirectory = resolver.commonGitDirectory();
            resolution = resolver.resolve(plan.commits(), plan.base());
            if (plan.checkout() == CheckoutMode.WORKTREE && !PlanValidator.namesWorkingTree(plan.commits())) {
                Optional<String> uncommitted = resolver.uncommittedChangesNote();
                if (uncommitted.isPresent()) {
                    List<String> notes = new ArrayList<>(resolution.notes());
                    notes.add(uncommitted.get());
                    resolution = new Resolution(resolution.commits(), notes);
                }
            }
        }
        ProgressListener listener = progress == null ? ProgressListener.SILENT : progress;
        resolution.notes().forEach(listener::note);
        Path run = createRunDirectory(plan);
        RepositoryLock lock = new RepositoryLock(gitDirectory);
        Workspaces workspaces = lock.call(() -> Workspaces.open(workTree, new WorkspaceOptions(plan.checkout(),
                plan.workspaceRoot(), plan.cacheDir(), plan.keepWorkspaces(), plan.setup(), plan.environment())));
        return new BenchmarkSession(plan, listener, resolution, workTree, run, workspaces, lock, pinning, worker);
    }

    /**
     * Checks a plan without touching git or starting a process.
     *
     * @param plan the plan
     * @throws IllegalArgumentException naming the bad setting and what to do
     */
    public static void validate(BenchmarkPlan plan) {
        PlanValidator.validate(plan);
    }

    /** {@return the plan this session runs} */
    public BenchmarkPlan plan() {
        return plan;
    }

    /** {@return the resolved commits, baseline first} */
    public List<Commit> commits() {
        return commits;
    }

    /** {@return the run folder (where {@code commit=<sha>/} directories and the run-level files go)} */
    public Path runDirectory() {
        return runDirectory;
    }

    /**
     * Runs every commit for one point, with adaptive rounds, and returns a report holding exactly that
     * point's cells, comparisons and failures.
     *
     * @param point one of the plan's points
     * @throws IllegalArgumentException when the point is not one of the plan's points
     * @throws dev.commitbench.engine.EngineUsageException when the engine reports a usage error (exit 2)
     * @throws dev.commitbench.engine.EngineException when the engine cannot run at all (e.g. it is missing); in
     *         both cases what was measured before stays in {@link #summaries()} and {@link #report()} (which
     *         records the error as a failure), so that {@link #writeRunFiles()} still writes it
     * @return that point's report
     */
    public CombinedReport run(SweepPoint point) {
        int pointIndex = plan.points().indexOf(point);
        if (pointIndex < 0) {
            throw new IllegalArgumentException("point [" + point.label() + "] is not one of the plan's points "
                    + plan.points().stream().map(SweepPoint::label).toList());
        }
        PointResults pointResults = results.computeIfAbsent(point, p -> new PointResults());
        if (pointResults.rounds < plan.rounds()) {
            runRounds(point, pointIndex, pointResults, pointResults.rounds + 1, plan.rounds());
        }
        afterRun.awaitThrough(lastRead);
        CombinedReport pointReport = pointResults.report();
        long undecided;
        while (pointResults.rounds < plan.maxRounds() && (undecided = pointReport.comparisons().stream()
                .filter(c -> c.gate() == Gate.INCONCLUSIVE).count()) > 0) {
            runsPlanned += commits.size();
            progress.note(undecided + (undecided == 1 ? " gate" : " gates") + " undecided at " + describe(point)
                    + ": running round " + (pointResults.rounds + 1) + " of at most " + plan.maxRounds());
            runRounds(point, pointIndex, pointResults, pointResults.rounds + 1, pointResults.rounds + 1);
            afterRun.awaitThrough(lastRead);
            pointReport = pointResults.report();
        }
        return pointReport;
    }

    /**
     * Runs every point of the plan and returns {@link #report()}.
     *
     * @throws dev.commitbench.engine.EngineException as {@link #run} does, after which {@link #writeRunFiles()}
     *         still writes what was measured
     *
     * @return everything measured
     */
    public CombinedReport runAll() {
        plan.points().forEach(this::run);
        return report();
    }

    /**
     * Everything measured so far, with comparisons and failures. Computed once per new result: the points'
     * own reports (whose comparisons {@link #run} already made) are merged, as every point has its own
     * cells; only where two points share a cell (a model and config) is everything compared again.
     *
     * @return the report so far
     */
    public CombinedReport report() {
        afterRun.await();
        if (report == null) {
            List<CombinedReport> pointReports = results.values().stream().map(PointResults::report).toList();
            Set<String> cells = new HashSet<>();
            boolean ownCells = pointReports.stream().allMatch(r -> r.models().stream()
                    .allMatch(model -> r.configs(model).stream().allMatch(config -> cells.add(model + '\n' + config))));
            report = ownCells && !pointReports.isEmpty() ? pointReports.stream().reduce(CombinedReport::merge).orElseThrow()
                    : allCompared();
        }
        return report;
    }

    /** {@return every summary so far, in run order} */
    public List<Summary> summaries() {
        afterRun.await();
        return List.copyOf(summaries);
    }

    /**
     * The summaries of {@code point}'s runs so far, in run order, without waiting for their
     * {@code summary.json} files (which {@link #summaries()} and the other methods do).
     *
     * @param point one of the plan's points
     * @return the summaries, in run order
     */
    public List<Summary> summaries(SweepPoint point) {
        afterRun.awaitThrough(lastRead);
        PointResults pointResults = results.get(point);
        return pointResults == null ? List.of() : List.copyOf(pointResults.summaries);
    }

    /** {@return true when a run failed (engine failure, setup failure)} */
    public boolean hasFailures() {
        afterRun.await();
        return failed;
    }

    /**
     * Writes the run-level files into the run folder: {@code summaries.json}, the combined
     * {@code summary.json} (benchmark.py's), {@code commitbench.json}, {@code report.md},
     * {@code report.html}; of the last two, only the plan's {@link BenchmarkPlan#reportFormats()}. Never
     * touches the GitHub step summary: a front end appends to it once per run.
     */
    public void writeRunFiles() {
        SessionParts.writeRunFiles(runDirectory, summaries(), report(), planAsMap(), optimumBenchmarkVersion(),
                plan.reportFormats(), plan.expandMetrics());
    }

    /**
     * {@return the optimum-benchmark version the reports record, or {@code null} when none does (or another engine
     * ran)}
     */
    public String optimumBenchmarkVersion() {
        afterRun.await();
        return optimumBenchmarkVersion;
    }

    /**
     * Writes the run-level files for {@code summaries} and {@code report} into {@code directory}: what
     * {@link #writeRunFiles()} writes, for a front end that combines several sessions (the JUnit extension
     * writes them once per test run).
     *
     * @param directory the run folder
     * @param summaries every run's summary
     * @param report the combined report
     * @param plan the plan as {@code commitbench.json} records it
     * @param optimumBenchmarkVersion optimum-benchmark's version, or {@code null}
     */
    public static void writeRunFiles(Path directory, List<Summary> summaries, CombinedReport report,
            Map<String, Object> plan, String optimumBenchmarkVersion) {
        writeRunFiles(directory, summaries, report, Map.of(), plan, optimumBenchmarkVersion);
    }

    /**
     * {@link #writeRunFiles(Path, List, CombinedReport, Map, String)} with {@code report.md} and {@code report.html}
     * grouped: a named section per part of {@code report} (the JUnit extension: one per test method), so that rows
     * of two methods never mix.
     *
     * @param directory               the run folder
     * @param summaries               every run's summary, in run order
     * @param report                  everything measured, for the headline and the JSON files
     * @param groups                  the parts of {@code report} by section name, in order
     * @param plan                    the plan as {@code commitbench.json} records it
     * @param optimumBenchmarkVersion the optimum-benchmark version the reports record, or {@code null}
     */
    public static void writeRunFiles(Path directory, List<Summary> summaries, CombinedReport report,
            Map<String, CombinedReport> groups, Map<String, Object> plan, String optimumBenchmarkVersion) {
        SessionParts.writeRunFiles(directory, summaries, report, groups, plan, optimumBenchmarkVersion,
                EnumSet.allOf(BenchmarkPlan.ReportFormat.class), false);
    }

    /**
     * Creates a fresh, uniquely named folder {@code <outputDir>/run-<timestamp>-<random>/}; two JVMs never
     * get the same one.
     *
     * @param outputDir where run folders go
     * @throws UncheckedIOException naming the folder when it cannot be created
     * @return the new folder
     */
    public static Path createRunFolder(Path outputDir) {
        Path output = outputDir.toAbsolutePath();
        try {
            Files.createDirectories(output);
            SecureRandom random = new SecureRandom();
            while (true) {
                String name = "run-" + LocalDateTime.now().format(RUN_STAMP) + "-"
                        + Integer.toHexString(0x100000 + random.nextInt(0xF00000));
                try {
                    return Files.createDirectory(output.resolve(name));
                } catch (FileAlreadyExistsException taken) {
                    // another JVM took the name in the same second: draw again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run folder under [" + output
                    + "]: check that it is writable, or set another output directory", e);
        }
    }

    /** {@return the plan as a map, as {@code commitbench.json} records it} */
    public Map<String, Object> planAsMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("repository", workTree.toString());
        map.put("commits", commits.stream().map(c -> {
            Map<String, String> commit = new LinkedHashMap<>();
            commit.put("sha", c.sha());
            commit.put("label", c.label());
            if (c.isWorkingTree()) {
                commit.put("tree", c.tree());
            }
            return commit;
        }).toList());
        map.put("engine", plan.engine());
        if (BenchmarkPlan.COMMAND.equals(plan.engine())) {
            map.put("command", plan.command());
            map.put("warmups", plan.warmups());
            map.put("iterations", plan.iterations());
        } else {
            map.put("executable", plan.executable());
            map.put("configDir", plan.configDir());
            map.put("configFromCheckout", plan.configFromCheckout());
            Map<String, String> configDirs = new LinkedHashMap<>();
            commits.stream().filter(materialized::containsKey).forEach(c -> configDirs.put(c.sha(),
                    String.valueOf(configDirectory(materialized.get(c)))));
            map.put("configDirs", configDirs);
            map.put("configName", plan.configName());
        }
        putAnalysis(map, plan);
        return map;
    }

    /** The plan's points, rounds and analysis settings, as {@code commitbench.json} and {@code plan.json} record them. */
    static void putAnalysis(Map<String, Object> map, BenchmarkPlan plan) {
        map.put("metrics", plan.metrics());
        map.put("points", plan.points().stream().map(SweepPoint::values).toList());
        map.put("extraArgs", plan.extraArgs());
        map.put("rounds", plan.rounds());
        map.put("maxRounds", plan.maxRounds());
        map.put("thresholdPercent", plan.thresholdPercent());
        map.put("confidence", plan.confidence());
        map.put("order", plan.order().name());
        map.put("seed", plan.seed());
        map.put("checkout", plan.checkout().name());
        map.put("inconclusive", plan.inconclusive().name());
        map.put("probableRegression", plan.probableRegression().name());
        if (!plan.directions().isEmpty()) {
            map.put("directions", plan.directions());
        }
    }

    /** Cleans up the workspaces (kept when a run failed and the plan keeps them); idempotent. */
    @Override
    public void close() {
        if (closed || Shutdown.leftToTheExit()) {
            return; // during the JVM's exit, its action removes the workspaces and says what was interrupted
        }
        closed = true;
        try {
            finishRuns();
        } finally {
            try {
                removeWorkspaces();
            } finally {
                atExit.cancel();
            }
        }
    }

    /**
     * {@link #writeRunFiles()}, then {@link #close()}, with the workspaces removed on another thread while the
     * files are written (removing a worktree runs git). The session is closed however it ends.
     *
     * @throws RuntimeException what writing the files, or removing the workspaces, threw (the other's failure
     *         suppressed in it)
     */
    public void writeRunFilesAndClose() {
        if (Shutdown.leftToTheExit()) {
            return; // the exit's action removes the workspaces; run files written now could be cut short
        }
        if (closed) {
            writeRunFiles();
            return;
        }
        closed = true;
        try {
            finishRuns();
        } catch (RuntimeException e) {
            removeWorkspaces();
            atExit.cancel();
            throw e;
        }
        try {
            Beside.run("commitbench-workspace-removal", this::removeWorkspaces, this::writeRunFiles);
        } finally {
            atExit.cancel();
        }
    }

    /**
     * What the JVM's exit does while this session is open (Ctrl-C, SIGTERM, {@code System.exit}), after the
     * running processes are killed: removes the workspaces (in place: restores the repository), then says in
     * one line what was interrupted and what is left, through {@link ProgressListener#interrupted}.
     */
    private void interruptedByExit() {
        String run = inFlight;
        String what = run != null ? "during run " + run : runsStarted == 0 ? "before the first run"
                : "after " + runsStarted + " of " + runsPlanned + " runs";
        String cleanup;
        try {
            repositoryLock.runAtExit(workspaces::close);
            cleanup = workspaces.cleanupNote();
        } catch (RuntimeException e) {
            cleanup = "cleaning up failed (" + e.getMessage() + ")";
        }
        progress.interrupted("interrupted " + what + "; " + cleanup + ".");
    }

    /** Removes what was prepared for runs that never came and waits for what follows every run. */
    private void finishRuns() {
        List.copyOf(prepared.keySet()).forEach(this::discardPrepared);
        afterRun.close();
    }

    private void removeWorkspaces() {
        if (failed) {
            workspaces.markFailed();
        }
        repositoryLock.run(workspaces::close);
    }

    /**
     * Runs rounds {@code from} to {@code to} of one point. With {@link #afterRun} overlapped, each run's
     * directory is prepared while the run before it goes on.
     */
    private void runRounds(SweepPoint point, int pointIndex, PointResults pointResults, int from, int to) {
        pointResults.rounds = to;
        List<PlannedRun> runs = new ArrayList<>();
        for (int round = from; round <= to; round++) {
            for (int commitIndex : schedule.order(commits.size(), pointIndex, round)) {
                Commit commit = commits.get(commitIndex);
                runs.add(new PlannedRun(commit, round, layout.runDirectory(commit, point, round)));
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            PlannedRun run = runs.get(i);
            if (i + 1 < runs.size()) {
                prepare(runs.get(i + 1).directory());
            } else {
                firstRunOfNextPoint(pointIndex).filter(dir -> !prepared.containsKey(dir)).ifPresent(this::prepare);
            }
            runOnce(point, pointResults, run.commit(), run.round(), run.directory());
            if (run.round() == 1 && (i + 1 == runs.size() || runs.get(i + 1).round() != 1)) {
                afterRun.submit(this::warnAboutMissingMetrics);
            }
        }
    }

    private record PlannedRun(Commit commit, int round, Path directory) {
    }

    /**
     * The directory of the first run of the point after {@code pointIndex} in the plan, unless that point has
     * run already: where the session most likely goes next (a front end may still skip the point, and then
     * {@link #close()} removes what was prepared).
     */
    private Optional<Path> firstRunOfNextPoint(int pointIndex) {
        if (worker || pointIndex + 1 >= plan.points().size()
                || results.containsKey(plan.points().get(pointIndex + 1))) {
            return Optional.empty();
        }
        SweepPoint next = plan.points().get(pointIndex + 1);
        Commit first = commits.get(schedule.order(commits.size(), pointIndex + 1, 1).get(0));
        return Optional.of(layout.runDirectory(first, next, 1));
    }

    /** Has the engine create a run's directory (and what it writes first) on the after-run thread, ahead of the run. */
    private void prepare(Path runDir) {
        if (afterRun.isOverlapped()) {
            prepared.put(runDir, afterRun.submit(() -> {
                try {
                    engine.prepare(runDir);
                } catch (RuntimeException e) {
                    // the run creates them itself, and says what is wrong if it cannot
                }
            }));
        }
    }

    /** Waits until the run's directory is prepared, if it was asked for. */
    private void awaitPrepared(Path runDir) {
        Future<?> ready = prepared.remove(runDir);
        if (ready != null) {
            AfterRun.await(ready);
        }
    }

    /** Removes what was prepared for a run that will not happen, with the folders made for it that stay empty. */
    private void discardPrepared(Path runDir) {
        Future<?> ready = prepared.remove(runDir);
        if (ready != null) {
            afterRun.submit(() -> {
                engine.discard(runDir);
                for (Path dir = runDir; dir != null && dir.startsWith(runDirectory) && !dir.equals(runDirectory);
                        dir = dir.getParent()) {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (IOException notEmpty) {
                        return;
                    }
                }
            });
        }
    }

    /** After a run, whether it produced a report or not: the progress line. */
    private void finished(SweepPoint point, Commit commit, int round, boolean succeeded) {
        runsDone++;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        Duration remaining = elapsed.dividedBy(runsDone).multipliedBy(Math.max(0, runsPlanned - runsDone));
        progress.runFinished(runsDone, runsPlanned, point.label(), commit, round, elapsed, remaining, succeeded);
    }

    /** Once per session: the metrics of the plan that no report read so far has, and the paths they do have. */
    private void warnAboutMissingMetrics() {
        if (metricsChecked) {
            return;
        }
        SessionParts.missingMetricsWarning(plan.metrics(), summaries, metricPaths).ifPresent(progress::note);
        metricsChecked = !summaries.isEmpty();
    }

    /** Runs one commit for one point and round; what follows the run goes to {@link #afterRun}. */
    private void runOnce(SweepPoint point, PointResults pointResults, Commit commit, int round, Path runDir) {
        runsStarted++;
        inFlight = runsStarted + " of " + runsPlanned + " (" + (point.label().isEmpty() ? "" : point.label() + " · ")
                + commit.displayName() + " · round " + round + ")";
        runOnce(point, pointResults, commit, round, runDir, inFlight);
        inFlight = null; // an interrupted run stays in flight, for the exit's line
    }

    private void runOnce(SweepPoint point, PointResults pointResults, Commit commit, int round, Path runDir,
            String run) {
        Workspace workspace;
        try {
            // in place, every run checks its commit out again (the previous run may have checked out another)
            workspace = plan.checkout() == CheckoutMode.IN_PLACE
                    ? repositoryLock.call(() -> workspaces.materialize(commit))
                    : materialized.computeIfAbsent(commit, c -> repositoryLock.call(() -> workspaces.materialize(c)));
            materialized.put(commit, workspace);
        } catch (RuntimeException e) {
            stopIfExiting(pointResults, commit, point, round, runDir, run);
            noteNewWarnings();
            discardPrepared(runDir);
            notRun(point, pointResults, commit, round, runDir,
                    "could not materialize " + commit.displayName() + ": " + e.getMessage());
            return;
        }
        noteNewWarnings();
        Optional<String> unrunnable = unrunnable(commit, workspace);
        if (unrunnable.isPresent()) {
            stopIfExiting(pointResults, commit, point, round, runDir, run);
            discardPrepared(runDir);
            notRun(point, pointResults, commit, round, runDir, unrunnable.get());
            return;
        }
        RunOutcome outcome;
        awaitPrepared(runDir);
        try {
            outcome = engine.run(request(point, commit, workspace, runDir));
        } catch (EngineException e) {
            if (Shutdown.inProgress()) {
                // the exit's own line says what was interrupted; nothing more is printed, nothing else starts
                fail(pointResults, commit, point, round, runDir, "interrupted: " + e.getMessage());
                throw e instanceof EngineInterruptedException interrupted ? interrupted
                        : new EngineInterruptedException("Interrupted: the JVM is exiting during run " + run + ".");
            }
            // the plan stops; the failure is recorded so that the run files for what was measured say why
            try {
                afterRun.await();
            } catch (RuntimeException earlier) {
                e.addSuppressed(earlier);
            }
            fail(pointResults, commit, point, round, runDir, e.getMessage()); // nothing runs beside it now
            List.copyOf(prepared.keySet()).forEach(this::discardPrepared);
            try {
                afterRun.await();
            } catch (RuntimeException discarding) {
                e.addSuppressed(discarding);
            }
            throw e;
        }
        progress.engineFinished(outcome);
        // the summary.json files in a task of their own: a point's report waits for the reading only
        List<Summary> read = new ArrayList<>();
        lastRead = afterRun.submit(() -> finished(point, commit, round,
                read(point, pointResults, commit, round, runDir, outcome, read)));
        afterRun.submit(() -> SessionParts.writeRunSummaries(read, plan.expandMetrics()));
    }

    /**
     * A step failed while the JVM is exiting (its git or setup process was killed by the exit): the run is
     * recorded as interrupted, not as failed, and the plan stops quietly.
     */
    private void stopIfExiting(PointResults pointResults, Commit commit, SweepPoint point, int round, Path runDir,
            String run) {
        if (Shutdown.inProgress()) {
            fail(pointResults, commit, point, round, runDir, "interrupted: the JVM is exiting");
            throw new EngineInterruptedException("Interrupted: the JVM is exiting during run " + run + ".");
        }
    }

    /** Why {@code commit} cannot run in {@code workspace} (its setup failed, the config dir is missing), if it cannot. */
    private Optional<String> unrunnable(Commit commit, Workspace workspace) {
        if (workspace.setupError().isPresent()) {
            return Optional.of("setup failed for " + commit.displayName() + ": " + workspace.setupError().get());
        }
        if (plan.configDir() != null && !plan.configFromCheckout()) {
            return Workspaces.requireDirectory(workspace, plan.configDir());
        }
        return Optional.empty();
    }

    private void notRun(SweepPoint point, PointResults pointResults, Commit commit, int round, Path runDir,
            String message) {
        lastRead = afterRun.submit(() -> finished(point, commit, round,
                fail(pointResults, commit, point, round, runDir, message)));
    }

    /**
     * Reads the run's report into {@code into} and the session's results; records what went wrong as failures.
     *
     * @return whether the run produced a report
     */
    private boolean read(SweepPoint point, PointResults pointResults, Commit commit, int round, Path runDir,
            RunOutcome outcome, List<Summary> into) {
        // in a shared directory, the other points' jobs are there too: read only this point's
        SessionParts.RoundSummaries read = SessionParts.summarize(runDir, commit, plan.metrics(), round,
                plan.pointDirectories() == BenchmarkPlan.PointDirectories.SHARED ? point.overrides() : List.of(),
                !metricsChecked);
        into.addAll(read.summaries());
        resultsChanged(pointResults);
        summaries.addAll(read.summaries());
        metricPaths.addAll(read.metricPaths());
        read.summaries().forEach(summary -> summary.metrics().forEach((metric, value) -> {
            if (value instanceof Double number && number.isNaN()) {
                progress.note("metric " + metric + " is NaN in [" + summary.runDirectory()
                        + "]: it is left out of the comparison; see the engine's log there");
            }
        }));
        if (optimumBenchmarkVersion == null && !read.version().isEmpty()) {
            optimumBenchmarkVersion = read.version();
        }
        pointResults.summaries.addAll(read.summaries());
        if (!outcome.succeeded()) {
            return fail(pointResults, commit, point, round, runDir, read.problems().isEmpty() ? outcome.message()
                    : outcome.message() + "\nAlso: " + String.join("\n", read.problems()));
        }
        if (read.summaries().isEmpty() && read.problems().isEmpty()) {
            return fail(pointResults, commit, point, round, runDir, engine.name() + " exited 0 but wrote no report in ["
                    + runDir.toAbsolutePath() + "]; see [" + outcome.log() + "]");
        }
        read.problems().forEach(problem -> fail(pointResults, commit, point, round, runDir, problem));
        return read.problems().isEmpty();
    }

    private RunRequest request(SweepPoint point, Commit commit, Workspace workspace, Path runDir) {
        boolean command = BenchmarkPlan.COMMAND.equals(plan.engine());
        List<String> overrides = new ArrayList<>(command ? point.assignments() : point.overrides());
        Map<String, String> environment = new LinkedHashMap<>(workspace.environment());
        if (command) {
            environment.putAll(pinning.environment());
        } else {
            overrides.addAll(pinning.optimumBenchmarkOverrides());
        }
        return new RunRequest(commit, workspace.directory(), runDir.toAbsolutePath(), configDirectory(workspace),
                plan.configName(), overrides, plan.extraArgs(), environment, plan.timeout(),
                progress::engineLine);
    }

    /** Passes the workspaces' warnings not shown yet (LFS pointers, submodules, a remade cache) to the listener. */
    private void noteNewWarnings() {
        List<String> warnings = workspaces.warnings();
        List<String> fresh = List.copyOf(warnings.subList(warningsShown, warnings.size()));
        warningsShown = warnings.size();
        if (!fresh.isEmpty()) {
            afterRun.submit(() -> fresh.forEach(progress::note));
        }
    }

    /** Where the plan's config dir is for {@code workspace}'s commit, or {@code null} when the plan has none. */
    private Path configDirectory(Workspace workspace) {
        return plan.configDir() == null ? null
                : Workspaces.configDirectory(workspace, plan.configDir(), workTree, plan.configFromCheckout())
                        .normalize();
    }

    private boolean fail(PointResults pointResults, Commit commit, SweepPoint point, int round, Path runDir,
            String message) {
        failed = true;
        resultsChanged(pointResults);
        pointResults.failures.add(new RunFailure(commit, point.label(), round, runDir.toAbsolutePath().toString(),
                message));
        return false;
    }

    /** The cached reports are computed again after a new result. */
    private void resultsChanged(PointResults pointResults) {
        report = null;
        pointResults.report = null;
    }

    private CombinedReport allCompared() {
        PointResults all = new PointResults();
        results.values().forEach(r -> {
            all.summaries.addAll(r.summaries);
            all.failures.addAll(r.failures);
        });
        return all.report();
    }

    private CombinedReport compared(List<Summary> summaries, List<RunFailure> failures) {
        return PointAnalysis.point(commits, summaries, failures, plan, runDirectory);
    }

    private static String describe(SweepPoint point) {
        return point.label().isEmpty() ? "the only point" : "[" + point.label() + "]";
    }

    private static Path createRunDirectory(BenchmarkPlan plan) {
        if (plan.ensureEmpty()) {
            return createRunFolder(plan.outputDir());
        }
        Path output = plan.outputDir().toAbsolutePath();
        try {
            return Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory [" + output
                    + "]: check that it is writable, or set another output directory", e);
        }
    }

    /** What one point has produced so far, and its report (compared once per new result). */
    private final class PointResults {
        private final List<Summary> summaries = new ArrayList<>();
        private final List<RunFailure> failures = new ArrayList<>();
        private CombinedReport report;
        private int rounds;

        CombinedReport report() {
            if (report == null) {
                report = compared(summaries, failures);
            }
            return report;
        }
    }
}
