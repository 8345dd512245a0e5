package dev.commitbench.session;

import dev.commitbench.Commit;
import dev.commitbench.Summary;
import dev.commitbench.engine.Engine;
import dev.commitbench.engine.EngineException;
import dev.commitbench.engine.EngineInterruptedException;
import dev.commitbench.engine.RunOutcome;
import dev.commitbench.engine.RunRequest;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.Workspace;
import dev.commitbench.git.Workspaces;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.scale.Pinning;
import dev.commitbench.session.SessionResults.PointResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * {@code RunPipeline} is used by the session to take one run through its steps, in order: materialize the commit
 * (once, or per run in place), check that it can run (setup, config dir), wait for its directory to be prepared,
 * run the engine, then hand what follows the run (reading its report, its {@code summary.json}, the progress line)
 * to {@link AfterRun}. It prepares the next run's directory during the run before it ({@link Engine#prepare}) and
 * removes what was prepared for a run that never came ({@link Engine#discard}). It counts the runs for the progress
 * line and its time-left estimate. A new step goes here, between two of these, in the same order for every run.
 * Only the session's thread calls it.
 */
final class RunPipeline {

    private final BenchmarkPlan plan;
    private final ProgressListener progress;
    private final Path workTree;
    private final Path runDirectory;
    private final Workspaces workspaces;
    private final RepositoryLock repositoryLock;
    private final Engine engine;
    private final AfterRun afterRun;
    private final SessionResults results;
    private final Map<Path, Future<?>> prepared = new HashMap<>();
    private final Map<Commit, Workspace> materialized = new HashMap<>();
    private final long startNanos = System.nanoTime();
    private Future<?> lastRead;
    private int warningsShown;
    private int runsDone;
    private int runsPlanned;
    private volatile int runsStarted;
    /** The run in flight, for the line printed when the JVM exits in the middle of it ({@code null} between runs). */
    private volatile String inFlight;
    /** The device every run is pinned to ({@link Pinning#none()}: the machine's default). */
    private final Pinning pinning;

    RunPipeline(BenchmarkPlan plan, ProgressListener progress, Path workTree, Path runDirectory, Workspaces workspaces,
            RepositoryLock repositoryLock, SessionResults results, int runsPlanned, Pinning pinning) {
        this.plan = plan;
        this.pinning = pinning;
        this.progress = progress;
        this.workTree = workTree;
        this.runDirectory = runDirectory;
        this.workspaces = workspaces;
        this.repositoryLock = repositoryLock;
        this.results = results;
        this.engine = plan.engine().create(pinning);
        this.afterRun = engine.measuresFromStart() ? AfterRun.inline() : AfterRun.overlapped();
        this.runsPlanned = runsPlanned;
    }

    AfterRun afterRun() {
        return afterRun;
    }

    /** The reading of the last run started, for a point's report to wait for. */
    Future<?> lastRead() {
        return lastRead;
    }

    void morePlanned(int runs) {
        runsPlanned += runs;
    }

    /** What the JVM's exit interrupted, for its one line. */
    String interruptedWhen() {
        String run = inFlight;
        return run != null ? "during run " + run : runsStarted == 0 ? "before the first run"
                : "after " + runsStarted + " of " + runsPlanned + " runs";
    }

    /** The config directory each materialized commit reads, by SHA, in {@code commits}' order. */
    Map<String, String> configDirectories(List<Commit> commits) {
        Map<String, String> configDirs = new LinkedHashMap<>();
        commits.stream().filter(materialized::containsKey).forEach(c -> configDirs.put(c.sha(),
                String.valueOf(configDirectory(materialized.get(c)))));
        return configDirs;
    }

    /** Has the engine create a run's directory (and what it writes first) on the after-run thread, ahead of the run. */
    void prepare(Path runDir) {
        if (afterRun.isOverlapped() && !prepared.containsKey(runDir)) {
            prepared.put(runDir, afterRun.submit(() -> {
                try {
                    engine.prepare(runDir);
                } catch (RuntimeException e) {
                    // the run creates them itself, and says what is wrong if it cannot
                }
            }));
        }
    }

    /** Removes what was prepared for runs that never came. */
    void discardAllPrepared() {
        List.copyOf(prepared.keySet()).forEach(this::discardPrepared);
    }

    /** Passes the workspaces' warnings not shown yet (LFS pointers, submodules, a remade cache) to the listener. */
    void noteNewWarnings() {
        List<String> fresh;
        if (workspaces instanceof SharedWorkspaces shared) {
            fresh = shared.newWarnings(); // one worker says each, not every worker
        } else {
            List<String> warnings = workspaces.warnings();
            fresh = List.copyOf(warnings.subList(warningsShown, warnings.size()));
            warningsShown = warnings.size();
        }
        if (!fresh.isEmpty()) {
            afterRun.submit(() -> fresh.forEach(progress::note));
        }
    }

    /** Runs one commit for one point and round; what follows the run goes to {@link #afterRun}. */
    void run(PointResults point, SweepPoint sweepPoint, Commit commit, int round, Path runDir) {
        runsStarted++;
        inFlight = runsStarted + " of " + runsPlanned + " (" + (sweepPoint.label().isEmpty() ? ""
                : sweepPoint.label() + " · ") + commit.displayName() + " · round " + round + ")";
        run(point, sweepPoint, commit, round, runDir, inFlight);
        inFlight = null; // an interrupted run stays in flight, for the exit's line
    }

    private void run(PointResults point, SweepPoint sweepPoint, Commit commit, int round, Path runDir, String run) {
        Workspace workspace;
        try {
            // in place, every run checks its commit out again (the previous run may have checked out another)
            workspace = plan.workspaces().mode() == CheckoutMode.IN_PLACE ? materialize(commit)
                    : materialized.computeIfAbsent(commit, this::materialize);
            materialized.put(commit, workspace);
        } catch (RuntimeException e) {
            stopIfExiting(point, commit, round, runDir, run);
            noteNewWarnings();
            discardPrepared(runDir);
            notRun(point, sweepPoint, commit, round, runDir,
                    "could not materialize " + commit.displayName() + ": " + e.getMessage());
            return;
        }
        noteNewWarnings();
        Optional<String> unrunnable = plan.engine().unrunnable(commit, workspace);
        if (unrunnable.isPresent()) {
            stopIfExiting(point, commit, round, runDir, run);
            discardPrepared(runDir);
            notRun(point, sweepPoint, commit, round, runDir, unrunnable.get());
            return;
        }
        RunOutcome outcome;
        awaitPrepared(runDir);
        try {
            outcome = engine.run(request(sweepPoint, commit, workspace, runDir));
        } catch (EngineException e) {
            throw stopped(e, point, commit, round, runDir, run);
        }
        progress.engineFinished(outcome);
        // the summary.json files in a task of their own: a point's report waits for the reading only
        List<Summary> read = new ArrayList<>();
        lastRead = afterRun.submit(() -> finished(sweepPoint, commit, round,
                results.read(point, commit, round, runDir, outcome, engine.name(), read)));
        afterRun.submit(() -> RunFiles.writeRunSummaries(read, plan.output().expandMetrics()));
    }

    /**
     * Materializes {@code commit} under the repository lock. Workspaces shared by the workers of a {@link DeviceRun}
     * take the lock themselves, only while they make a commit: a worker waiting for a commit another worker is making
     * holds no lock, so it never stops that worker (or one that makes another commit).
     */
    private Workspace materialize(Commit commit) {
        return workspaces instanceof SharedWorkspaces ? workspaces.materialize(commit)
                : repositoryLock.call(() -> workspaces.materialize(commit));
    }

    /**
     * The engine could not run: the plan stops. Interrupted by the JVM's exit, the run is recorded as interrupted and
     * nothing more is printed; otherwise the failure is recorded (after what follows the earlier runs) so that the run
     * files for what was measured say why, and what was prepared is removed.
     */
    private EngineException stopped(EngineException e, PointResults point, Commit commit, int round, Path runDir,
            String run) {
        if (Shutdown.inProgress()) {
            results.fail(point, commit, round, runDir, "interrupted: " + e.getMessage());
            return e instanceof EngineInterruptedException interrupted ? interrupted
                    : new EngineInterruptedException("Interrupted: the JVM is exiting during run " + run + ".");
        }
        try {
            afterRun.await();
        } catch (RuntimeException earlier) {
            e.addSuppressed(earlier);
        }
        results.fail(point, commit, round, runDir, e.getMessage()); // nothing runs beside it now
        discardAllPrepared();
        try {
            afterRun.await();
        } catch (RuntimeException discarding) {
            e.addSuppressed(discarding);
        }
        return e;
    }

    /**
     * A step failed while the JVM is exiting (its git or setup process was killed by the exit): the run is
     * recorded as interrupted, not as failed, and the plan stops quietly.
     */
    private void stopIfExiting(PointResults point, Commit commit, int round, Path runDir, String run) {
        if (Shutdown.inProgress()) {
            results.fail(point, commit, round, runDir, "interrupted: the JVM is exiting");
            throw new EngineInterruptedException("Interrupted: the JVM is exiting during run " + run + ".");
        }
    }

    private void notRun(PointResults point, SweepPoint sweepPoint, Commit commit, int round, Path runDir,
            String message) {
        lastRead = afterRun.submit(() -> finished(sweepPoint, commit, round,
                results.fail(point, commit, round, runDir, message)));
    }

    /** After a run, whether it produced a report or not: the progress line. */
    private void finished(SweepPoint point, Commit commit, int round, boolean succeeded) {
        runsDone++;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        Duration remaining = elapsed.dividedBy(runsDone).multipliedBy(Math.max(0, runsPlanned - runsDone));
        progress.runFinished(runsDone, runsPlanned, point.label(), commit, round, elapsed, remaining, succeeded);
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

    private RunRequest request(SweepPoint point, Commit commit, Workspace workspace, Path runDir) {
        return plan.engine().request(point, commit, workspace, runDir, workTree, pinning, progress::engineLine);
    }

    /** Where the plan's config dir is for {@code workspace}'s commit, or {@code null} when the plan has none. */
    private Path configDirectory(Workspace workspace) {
        return plan.engine().configDirectory(workspace, workTree);
    }
}
