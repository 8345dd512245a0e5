package dev.commitbench.session;

import dev.commitbench.Commit;
import dev.commitbench.Summary;
import dev.commitbench.bisect.BisectSearch;
import dev.commitbench.bisect.RoundOutcome;
import dev.commitbench.bisect.Trial;
import dev.commitbench.engine.Engine;
import dev.commitbench.engine.EngineException;
import dev.commitbench.engine.EngineInterruptedException;
import dev.commitbench.engine.RunOutcome;
import dev.commitbench.git.Workspace;
import dev.commitbench.git.Workspaces;
import dev.commitbench.internal.EditDistance;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.scale.Device;
import dev.commitbench.scale.Pinning;
import dev.commitbench.scale.UnitResult;
import dev.commitbench.scale.WorkerPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * {@code BisectBatchRunner} is used by {@link BisectRun} to run the batches its search asks for: one engine run per
 * {@link Trial}, the round numbers given in the batch's order before any run starts, and on several devices the
 * batch split into lanes ({@link BisectLanes}), one lane per device, run at the same time, every run pinned to its
 * device. Each trial materializes its commit through the shared workspaces (once, by the first lane that needs it),
 * runs the engine, reads the round's reports ({@link RoundSummaries}) and gives the metric's value and samples, or why
 * the round failed. The outcomes are recorded in the batch's order whichever lane finished first, so the search asks
 * for the same next batch whatever the timing; a lane that fails lets the others finish, then its exception is thrown.
 *
 * <p>It keeps every run's summary, the progress counts and the runs in flight (for the JVM's exit). One thread calls
 * {@link #run(List, BisectSearch)}; the lanes are its own threads, and the summaries may be read from any thread.
 */
final class BisectBatchRunner {

    private final BenchmarkPlan plan;
    private final String metric;
    private final SweepPoint point;
    private final int maxRuns;
    private final ProgressListener progress;
    private final Path workTree;
    private final RunLayout layout;
    private final Workspaces workspaces;
    private final List<Device> devices;
    private final List<Pinning> pinnings;
    private final List<Engine> engines;
    private final Engine engine;
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
    private int warningsShown;

    /**
     * Prepares the runs of one bisection and passes on the notes the workspaces have so far.
     *
     * @param plan         the checked plan: its one metric and point, engine, workspaces and output
     * @param maxRuns      the engine-run budget, for the time left
     * @param progress     hears of each run and note
     * @param commits      how many commits the path has
     * @param workTree     the repository's working tree
     * @param runDirectory the run folder
     * @param workspaces   the commits' workspaces
     * @param lock         the repository lock the workspaces are made under
     * @param devices      the devices, one lane each; empty: one lane on the default device
     */
    BisectBatchRunner(BenchmarkPlan plan, int maxRuns, ProgressListener progress, int commits, Path workTree,
            Path runDirectory, Workspaces workspaces, RepositoryLock lock, List<Device> devices) {
        this.plan = plan;
        this.metric = plan.metrics().get(0);
        this.point = plan.points().get(0);
        this.maxRuns = maxRuns;
        this.progress = progress;
        this.workTree = workTree;
        this.layout = new RunLayout(runDirectory, plan.output().pointDirectories(), false, plan.engine().extraArgs());
        this.workspaces = workspaces;
        this.shared = new SharedWorkspaces(workspaces, lock, plan.workspaces().mode());
        this.devices = List.copyOf(devices);
        this.pinnings = devices.isEmpty() ? List.of(Pinning.none()) : devices.stream().map(Device::pinning).toList();
        this.engines = pinnings.stream().map(pinning -> plan.engine().create(pinning)).toList();
        this.engine = engines.get(0);
        this.rounds = new int[commits];
        noteNewWarnings();
    }

    /**
     * Runs one batch and records its outcomes with {@code search}, in the batch's order: a trial whose run did not
     * happen (its lane stopped before it) is not recorded.
     *
     * @param batch  the trials the search asked for, in the order to start them
     * @param search the search to record the outcomes with
     * @throws RuntimeException the first lane's error (in lane order), after the outcomes of every lane are recorded
     */
    void run(List<Trial> batch, BisectSearch search) {
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

    /** {@return every run's summary so far, in run order} */
    synchronized List<Summary> summaries() {
        return List.copyOf(summaries);
    }

    /** {@return whether a run failed or could not happen} */
    boolean failed() {
        return failed;
    }

    /** {@return where the bisection was when the JVM began to exit: the runs going on, or how many ran} */
    String whereInterrupted() {
        String run = inFlightRuns();
        return !run.isEmpty() ? "during bisection run " + run : "after " + runsDone + " bisection runs";
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
        int budget = maxRuns;
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

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " …";
    }
}
