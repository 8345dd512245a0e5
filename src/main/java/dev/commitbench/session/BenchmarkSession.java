package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Gate;
import dev.commitbench.Summary;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.git.Resolution;
import dev.commitbench.git.Workspaces;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.scale.Pinning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>The run folder ({@link #runDirectory()}) and its files are {@link RunFiles}'; each run's place in it is
 * {@link RunLayout}'s. The steps of one run are {@link RunPipeline}'s; what the runs gave, {@link SessionResults}'.
 */
@API(status = INTERNAL, since = "0.1")
public final class BenchmarkSession implements AutoCloseable {

    private final BenchmarkPlan plan;
    private final ProgressListener progress;
    private final List<Commit> commits;
    private final Path workTree;
    private final Path runDirectory;
    private final RunLayout layout;
    private final RoundSchedule schedule;
    private final Workspaces workspaces;
    /** The workspaces a {@link DeviceRun} shares among its worker sessions and closes itself; {@code null}: our own. */
    private final SharedWorkspaces shared;
    private final RepositoryLock repositoryLock;
    private final SessionResults results;
    private final RunPipeline pipeline;
    private final AfterRun afterRun;
    private boolean closed;
    private final Shutdown.Registration atExit;
    /** A worker runs the points it is handed beside other sessions in one run folder: it prepares no other point's run. */
    private final boolean worker;

    private BenchmarkSession(BenchmarkPlan plan, ProgressListener progress, Resolution resolution, Path workTree,
            Path runDirectory, Workspaces workspaces, RepositoryLock repositoryLock, Pinning pinning, boolean worker) {
        this.plan = plan;
        this.worker = worker;
        this.progress = progress;
        this.commits = resolution.commits();
        this.workTree = workTree;
        this.runDirectory = runDirectory;
        this.layout = new RunLayout(runDirectory, plan.output().pointDirectories(), plan.points().size() > 1,
                plan.engine().extraArgs());
        this.schedule = new RoundSchedule(plan.order(), plan.comparison().seed());
        this.workspaces = workspaces;
        this.shared = workspaces instanceof SharedWorkspaces s ? s : null;
        this.repositoryLock = repositoryLock;
        this.results = new SessionResults(plan, commits, runDirectory, progress);
        this.pipeline = new RunPipeline(plan, progress, workTree, runDirectory, workspaces, repositoryLock, results,
                plan.points().size() * commits.size() * plan.rounds(), pinning);
        this.afterRun = pipeline.afterRun();
        // registered after the workspaces' own action, so it runs before it: it removes them itself, then says so
        this.atExit = Shutdown.onExit("reporting the interrupted run", this::interruptedByExit);
        pipeline.noteNewWarnings();
    }

    /**
     * Resolves the plan's commits (the plan was checked when it was built) and prepares the run folder; nothing is
     * run yet.
     *
     * @param plan what to run
     * @param progress hears of each run and note; {@code null} for none
     * @throws dev.commitbench.git.GitException when a commit cannot be resolved
     * @return the session; close it
     */
    public static BenchmarkSession start(BenchmarkPlan plan, ProgressListener progress) {
        return start(plan, progress, Pinning.none(), false);
    }

    /**
     * Starts a session that runs some of the plan's points beside other sessions in the same run folder (the plan's
     * {@code ensureEmpty} false), every run pinned to one device: for the command engine, the pinning's environment
     * and {@code ${device}}; for optimum-benchmark, its overrides ({@code backend.device_ids=<id>}). It materializes
     * its commits through {@code checkout}'s workspaces, shared with the other workers, and does not close them: the
     * {@link DeviceRun} that opened them does.
     *
     * @param plan what to run; each point is run by one session only
     * @param progress hears of each run and note; {@code null} for none
     * @param pinning the device ({@link Pinning#none()} for the machine's default)
     * @param checkout the commits, resolved once, and the workspaces shared by every worker
     * @return the session; close it
     */
    static BenchmarkSession startWorker(BenchmarkPlan plan, ProgressListener progress, Pinning pinning,
            Checkout checkout) {
        ProgressListener listener = progress == null ? ProgressListener.SILENT : progress;
        return new BenchmarkSession(plan, listener, new Resolution(checkout.commits(), List.of()), checkout.workTree(),
                RunFiles.runFolder(plan.output()), checkout.workspaces(), checkout.lock(), pinning, true);
    }

    /**
     * The plan's commits, resolved, and workspaces to materialize them in, shared by the worker sessions of one
     * {@link DeviceRun}.
     *
     * @param commits the resolved commits, baseline first
     * @param workTree the repository's working tree
     * @param lock the repository's lock
     * @param workspaces the workspaces every worker materializes its commits through
     */
    record Checkout(List<Commit> commits, Path workTree, RepositoryLock lock, SharedWorkspaces workspaces)
            implements AutoCloseable {

        /**
         * Resolves the plan's commits (their notes go to {@code progress}) and opens the workspaces.
         *
         * @throws dev.commitbench.git.GitException when a commit cannot be resolved
         */
        static Checkout open(BenchmarkPlan plan, ProgressListener progress) {
            Resolved resolved = resolve(plan, progress == null ? ProgressListener.SILENT : progress);
            return new Checkout(resolved.resolution().commits(), resolved.workTree(), resolved.lock(),
                    new SharedWorkspaces(resolved.workspaces(), resolved.lock(), plan.workspaces().mode()));
        }

        /** Removes the workspaces (kept when a run failed and the plan keeps them); idempotent. */
        @Override
        public void close() {
            workspaces.close();
        }
    }

    private record Resolved(Resolution resolution, Path workTree, RepositoryLock lock, Workspaces workspaces) {
    }

    private static BenchmarkSession start(BenchmarkPlan plan, ProgressListener progress, Pinning pinning,
            boolean worker) {
        ProgressListener listener = progress == null ? ProgressListener.SILENT : progress;
        Resolved resolved = resolve(plan, listener);
        Path run = RunFiles.runFolder(plan.output());
        return new BenchmarkSession(plan, listener, resolved.resolution(), resolved.workTree(), run,
                resolved.workspaces(), resolved.lock(), pinning, worker);
    }

    /** Resolves the plan's commits, says their notes, and opens the workspaces under the repository lock. */
    private static Resolved resolve(BenchmarkPlan plan, ProgressListener listener) {
        Resolution resolution;
        Path workTree;
        Path gitDirectory;
        try (CommitResolver resolver = CommitResolver.open(plan.repository())) {
            workTree = resolver.workTree();
            gitDirectory = resolver.commonGitDirectory();
            resolution = resolver.resolve(plan.commits(), plan.base());
            if (plan.workspaces().mode() == CheckoutMode.WORKTREE && !PlanValidator.namesWorkingTree(plan.commits())) {
                Optional<String> uncommitted = resolver.uncommittedChangesNote();
                if (uncommitted.isPresent()) {
                    List<String> notes = new ArrayList<>(resolution.notes());
                    notes.add(uncommitted.get());
                    resolution = new Resolution(resolution.commits(), notes);
                }
            }
        }
        resolution.notes().forEach(listener::note);
        RepositoryLock lock = new RepositoryLock(gitDirectory);
        Workspaces workspaces = lock.call(() -> Workspaces.open(workTree, plan.workspaces()));
        return new Resolved(resolution, workTree, lock, workspaces);
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
        SessionResults.PointResults pointResults = results.of(point);
        if (pointResults.rounds < plan.rounds()) {
            runRounds(point, pointIndex, pointResults, pointResults.rounds + 1, plan.rounds());
        }
        afterRun.awaitThrough(pipeline.lastRead());
        CombinedReport pointReport = pointResults.report();
        long undecided;
        while (pointResults.rounds < plan.maxRounds() && (undecided = pointReport.comparisons().stream()
                .filter(c -> c.gate() == Gate.INCONCLUSIVE).count()) > 0) {
            pipeline.morePlanned(commits.size());
            progress.note(undecided + (undecided == 1 ? " gate" : " gates") + " undecided at " + describe(point)
                    + ": running round " + (pointResults.rounds + 1) + " of at most " + plan.maxRounds());
            runRounds(point, pointIndex, pointResults, pointResults.rounds + 1, pointResults.rounds + 1);
            afterRun.awaitThrough(pipeline.lastRead());
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
        return results.report();
    }

    /** {@return every summary so far, in run order} */
    public List<Summary> summaries() {
        afterRun.await();
        return List.copyOf(results.summaries());
    }

    /**
     * The summaries of {@code point}'s runs so far, in run order, without waiting for their
     * {@code summary.json} files (which {@link #summaries()} and the other methods do).
     *
     * @param point one of the plan's points
     * @return the summaries, in run order
     */
    public List<Summary> summaries(SweepPoint point) {
        afterRun.awaitThrough(pipeline.lastRead());
        return results.has(point) ? List.copyOf(results.of(point).summaries()) : List.of();
    }

    /** {@return true when a run failed (engine failure, setup failure)} */
    public boolean hasFailures() {
        afterRun.await();
        return results.failed();
    }

    /**
     * Writes the run-level files into the run folder ({@link RunFiles#write}): {@code summaries.json}, the combined
     * {@code summary.json} (benchmark.py's), {@code commitbench.json}, {@code report.md}, {@code report.html}; of the
     * last two, only the plan's {@link OutputSettings#reportFormats()}. Never touches the GitHub step summary: a
     * front end appends to it once per run.
     */
    public void writeRunFiles() {
        RunFiles.write(runDirectory, summaries(), report(), Map.of(), planAsMap(), optimumBenchmarkVersion(),
                plan.output().reportFormats(), plan.output().expandMetrics());
    }

    /**
     * {@return the optimum-benchmark version the reports record, or {@code null} when none does (or another engine
     * ran)}
     */
    public String optimumBenchmarkVersion() {
        afterRun.await();
        return results.optimumBenchmarkVersion();
    }

    /** {@return the plan as a map, as {@code commitbench.json} records it} */
    public Map<String, Object> planAsMap() {
        return PlanRecord.of(plan, workTree, commits, pipeline.configDirectories(commits));
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
        String what = pipeline.interruptedWhen();
        String cleanup;
        if (shared != null) {
            try {
                shared.closeAtExit();
                cleanup = workspaces.cleanupNote();
            } catch (RuntimeException e) {
                cleanup = "cleaning up failed (" + e.getMessage() + ")";
            }
        } else {
            cleanup = repositoryLock.closeAtExit(workspaces);
        }
        progress.interrupted("interrupted " + what + "; " + cleanup + ".");
    }

    /** Removes what was prepared for runs that never came and waits for what follows every run. */
    private void finishRuns() {
        pipeline.discardAllPrepared();
        afterRun.close();
    }

    private void removeWorkspaces() {
        if (results.failed()) {
            workspaces.markFailed();
        }
        if (shared != null) {
            return; // the DeviceRun that shares them among its workers removes them once they are all done
        }
        repositoryLock.run(workspaces::close);
    }

    /**
     * Runs rounds {@code from} to {@code to} of one point. With {@link AfterRun} overlapped, each run's
     * directory is prepared while the run before it goes on.
     */
    private void runRounds(SweepPoint point, int pointIndex, SessionResults.PointResults pointResults, int from, int to) {
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
                pipeline.prepare(runs.get(i + 1).directory());
            } else {
                firstRunOfNextPoint(pointIndex).ifPresent(pipeline::prepare);
            }
            pipeline.run(pointResults, point, run.commit(), run.round(), run.directory());
            if (run.round() == 1 && (i + 1 == runs.size() || runs.get(i + 1).round() != 1)) {
                afterRun.submit(results::warnAboutMissingMetrics);
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
        if (worker || pointIndex + 1 >= plan.points().size() || results.has(plan.points().get(pointIndex + 1))) {
            return Optional.empty();
        }
        SweepPoint next = plan.points().get(pointIndex + 1);
        Commit first = commits.get(schedule.order(commits.size(), pointIndex + 1, 1).get(0));
        return Optional.of(layout.runDirectory(first, next, 1));
    }

    private static String describe(SweepPoint point) {
        return point.label().isEmpty() ? "the only point" : "[" + point.label() + "]";
    }
}
