package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.RunFailure;
import dev.commitbench.Summary;
import dev.commitbench.engine.EngineException;
import dev.commitbench.engine.EngineUsageException;
import dev.commitbench.scale.Device;
import dev.commitbench.scale.MachineFingerprint;
import dev.commitbench.scale.Pinning;
import dev.commitbench.scale.UnitResult;
import dev.commitbench.scale.WorkerPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * {@code DeviceRun} is used to run points of a plan in parallel, one worker per device, in one run folder: each worker
 * has a session of its own ({@link BenchmarkSession#startWorker}) pinned to its device, and runs whole points (every
 * commit and round of a point on its device), taking the next point in plan order when it is free. With no device,
 * one worker runs the points one after the other on the default device, as a plain session does.
 *
 * <p>The commits are resolved once, and the workers share one set of workspaces ({@link SharedWorkspaces}): each
 * commit is materialized once, by the first worker that needs it (with several workers, the later commits are made
 * ahead, while the first runs go on), and removed once, when the run is closed.
 *
 * <p>Each point's report is the one its session made; {@link #report(List)} combines them as one session does, so the
 * files written ({@link #writeRunFiles(List, CombinedReport, Map)}) are those of a sequential run of the same points. A front end may take a
 * point's result as soon as it has run ({@link #point(SweepPoint)}) while later points still run.
 *
 * <p>A point whose engine cannot run (missing, or a usage error) fails alone, with its failure in its report; a usage
 * error also stops the points not yet started, which are then reported as not run. Close it to stop what still runs
 * and remove the workers' workspaces.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class DeviceRun implements AutoCloseable {

    private final BenchmarkPlan plan;
    private final List<SweepPoint> points;
    private final ProgressListener progress;
    private final Map<String, BenchmarkSession> sessions = new ConcurrentHashMap<>();
    private volatile WorkerPool.Batch<SweepPoint, PointOutcome> batch;
    private final List<Commit> commits;
    private final BenchmarkSession.Checkout checkout;
    private boolean closed;

    /**
     * What one point measured.
     *
     * @param point the point
     * @param report its report (comparisons, failures)
     * @param summaries its runs' summaries, in run order
     * @param machine where it ran
     * @param error the engine error that stopped it, or {@code null}
     */
    @API(status = INTERNAL, since = "0.1")
    public record PointOutcome(SweepPoint point, CombinedReport report, List<Summary> summaries,
            MachineFingerprint machine, EngineException error) {

        /** {@return the point's failed runs} */
        public List<RunFailure> failures() {
            return report.failures();
        }
    }

    private DeviceRun(BenchmarkPlan plan, List<SweepPoint> points, List<Device> devices, ProgressListener progress) {
        this.points = List.copyOf(points);
        this.progress = progress == null ? ProgressListener.SILENT : progress;
        WorkerPool pool = new WorkerPool(devices);
        // resolved once (a WORKTREE snapshot is made once), materialized once per commit for every worker
        this.checkout = BenchmarkSession.Checkout.open(plan, this.progress);
        this.commits = checkout.commits();
        this.plan = plan;
        try {
            Pinning first = pool.workers().get(0);
            sessions.put(first.id(), BenchmarkSession.startWorker(plan, this.progress, first, checkout));
            this.batch = pool.start(this.points, this::runPoint);
            if (pool.workers().size() > 1) {
                checkout.workspaces().materializeAhead(commits);
            }
        } catch (RuntimeException | Error e) {
            sessions.values().forEach(BenchmarkSession::close);
            checkout.close();
            throw e;
        }
    }

    /**
     * Starts running {@code points} of {@code plan} on {@code devices} and returns at once.
     *
     * @param plan the plan; its run folder must be set ({@code ensureEmpty} false)
     * @param points the points to run, each once, in plan order (all of the plan's for a whole run)
     * @param devices the devices, one worker each; empty: one worker on the default device
     * @param progress hears of each run; {@code null} for none
     * @return the running points
     * @throws IllegalArgumentException naming the bad setting, before anything runs
     */
    public static DeviceRun start(BenchmarkPlan plan, List<SweepPoint> points, List<Device> devices,
            ProgressListener progress) {
                if (plan.output().ensureEmpty()) {
            throw new IllegalArgumentException("a run on several devices writes into one run folder: set the plan's"
                    + " output folder and ensureEmpty false");
        }
        for (SweepPoint point : points) {
            if (!plan.points().contains(point)) {
                throw new IllegalArgumentException("point [" + point.label() + "] is not one of the plan's points");
            }
        }
        return new DeviceRun(plan, points, devices, progress);
    }

    private PointOutcome runPoint(SweepPoint point, Pinning pinning) {
        BenchmarkSession session = sessions.computeIfAbsent(pinning.id(),
                id -> BenchmarkSession.startWorker(plan, progress, pinning, checkout));
        MachineFingerprint machine = MachineFingerprint.of(pinning);
        EngineException error = null;
        CombinedReport sessionReport;
        try {
            sessionReport = session.run(point);
        } catch (EngineException e) {
            WorkerPool.Batch<SweepPoint, PointOutcome> running = batch;
            if (e instanceof EngineUsageException && running != null) {
                running.cancel(); // the engine refuses the command line: no other point would run either
            }
            error = e;
            sessionReport = session.report();
        }
        // the point's report again with the commits as the first worker named them (the same analysis, same seed)
        List<Summary> summaries = session.summaries(point);
        List<RunFailure> failures = sessionReport.failures().stream().filter(f -> f.point().equals(point.label()))
                .map(f -> new RunFailure(canonical(f.commit()), f.point(), f.round(), f.runDirectory(), f.message()))
                .toList();
        return new PointOutcome(point, PointAnalysis.point(commits, summaries, failures, plan, plan.output().directory()),
                summaries, machine, error);
    }

    private Commit canonical(Commit commit) {
        return commits.stream().filter(c -> c.sha().equals(commit.sha())).findFirst().orElse(commit);
    }

    /**
     * {@return the outcome of {@code point}, completed as soon as it has run}
     *
     * @param point one of the points run
     */
    public CompletableFuture<PointOutcome> point(SweepPoint point) {
        int index = points.indexOf(point);
        if (index < 0) {
            throw new IllegalArgumentException("point [" + point.label() + "] is not run here");
        }
        return batch.result(index).thenApply(result -> outcome(result));
    }

    /** {@return every point's outcome, in plan order, once all have run} */
    public List<PointOutcome> await() {
        return batch.await().stream().map(this::outcome).toList();
    }

    private PointOutcome outcome(UnitResult<SweepPoint, PointOutcome> result) {
        if (result.status() == UnitResult.Status.SUCCEEDED) {
            return result.value();
        }
        SweepPoint point = result.unit();
        String why = result.status() == UnitResult.Status.NOT_RUN ? "not run: the run stopped before it"
                : "failed: " + result.failure();
        List<Commit> known = commits();
        List<RunFailure> failures = known.isEmpty() ? List.of()
                : List.of(new RunFailure(known.get(0), point.label(), 0, plan.output().directory().toString(), why));
        return new PointOutcome(point, PointAnalysis.point(known, List.of(), failures, plan, plan.output().directory()),
                List.of(), MachineFingerprint.of(result.pinning()),
                result.failure() instanceof EngineException e ? e : null);
    }

    /** {@return the resolved commits, baseline first} */
    public List<Commit> commits() {
        return commits;
    }

    /**
     * {@return the run's report from every point's, in plan order, as one session makes it}
     *
     * @param outcomes the points' outcomes ({@link #await()})
     */
    public CombinedReport report(List<PointOutcome> outcomes) {
        return combine(commits(), outcomes.stream().map(PointOutcome::report).toList(),
                outcomes.stream().flatMap(o -> o.summaries().stream()).toList(),
                outcomes.stream().flatMap(o -> o.failures().stream()).toList(), plan, plan.output().directory());
    }

    static CombinedReport combine(List<Commit> commits, List<CombinedReport> pointReports, List<Summary> summaries,
            List<RunFailure> failures, BenchmarkPlan plan, Path runDirectory) {
        return PointAnalysis.run(pointReports, commits, summaries, failures, plan, runDirectory);
    }

    /**
     * The run's end: what every point measured, the run's report and the plan as recorded.
     *
     * @param outcomes every point's outcome, in plan order
     * @param report the run's report
     * @param plan the plan as {@code commitbench.json} records it, with where each point ran
     */
    @API(status = INTERNAL, since = "0.1")
    public record Finished(List<PointOutcome> outcomes, CombinedReport report, Map<String, Object> plan) {

        /** {@return every run's summary, in plan order} */
        public List<Summary> summaries() {
            return outcomes.stream().flatMap(o -> o.summaries().stream()).toList();
        }
    }

    /**
     * Makes the run's report from every point's and writes the run files, {@code report.md} ending with where each
     * point ran: the files a sequential run of the points writes.
     *
     * @param outcomes the points' outcomes ({@link #await()})
     * @return the outcomes, the report and the plan as recorded
     */
    public Finished finish(List<PointOutcome> outcomes) {
        CombinedReport report = report(outcomes);
        Map<String, Object> planMap = planAsMap(outcomes);
        writeRunFiles(outcomes, report, planMap);
        ShardMerge.appendPlacement(plan.output().directory(), placement(outcomes));
        return new Finished(outcomes, report, planMap);
    }

    /**
     * Writes the run files into the run folder, as {@link BenchmarkSession#writeRunFiles()} does.
     *
     * @param outcomes the points' outcomes ({@link #await()})
     * @param report the run's report ({@link #report(List)})
     * @param planMap the plan as {@code commitbench.json} records it
     */
    public void writeRunFiles(List<PointOutcome> outcomes, CombinedReport report, Map<String, Object> planMap) {
        String version = sessions.values().stream().map(BenchmarkSession::optimumBenchmarkVersion)
                .filter(v -> v != null).findFirst().orElse(null);
        RunFiles.write(plan.output().directory(), outcomes.stream().flatMap(o -> o.summaries().stream()).toList(),
                report, Map.of(), planMap, version, plan.output().reportFormats(), plan.output().expandMetrics());
    }

    /**
     * {@return the plan as {@code commitbench.json} records it, with where each point ran}
     *
     * @param outcomes the points' outcomes ({@link #await()})
     */
    public Map<String, Object> planAsMap(List<PointOutcome> outcomes) {
        Map<String, Object> map = sessions.values().stream().findFirst().map(BenchmarkSession::planAsMap)
                .orElseGet(LinkedHashMap::new);
        map.put("placement", placement(outcomes));
        return map;
    }

    /** {@return the optimum-benchmark version the reports record, or {@code null}} */
    public String optimumBenchmarkVersion() {
        return sessions.values().stream().map(BenchmarkSession::optimumBenchmarkVersion).filter(v -> v != null)
                .findFirst().orElse(null);
    }

    static List<Map<String, Object>> placement(List<PointOutcome> outcomes) {
        List<Map<String, Object>> placement = new ArrayList<>();
        for (PointOutcome o : outcomes) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("point", o.point().label());
            p.put("machine", o.machine().describe());
            p.put("host", o.machine().host());
            Optional.ofNullable(o.machine().device()).ifPresent(d -> p.put("device", d.describe()));
            placement.add(p);
        }
        return placement;
    }

    /** Stops what still runs and removes the workspaces (kept when a run failed and the plan keeps them). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        try {
            batch.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (BenchmarkSession session : sessions.values()) {
            try {
                session.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        try {
            checkout.close(); // after every worker session: each marked the workspaces failed if a run of it failed
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
