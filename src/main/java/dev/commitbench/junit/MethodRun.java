package dev.commitbench.junit;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Summary;
import dev.commitbench.engine.EngineException;
import dev.commitbench.engine.EngineUsageException;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.BenchmarkSession;
import dev.commitbench.session.DeviceRun;
import dev.commitbench.session.ShardMerge;
import dev.commitbench.session.SweepPoint;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code MethodRun} is used to hold one {@code @BenchmarkAcrossCommits} method's run in the template method's store,
 * in one of three ways: a session that runs the points one invocation at a time (the default), a {@link DeviceRun}
 * that runs them in parallel, one per device, ahead of the invocations ({@code devices}), or {@link SlurmPoints}, the
 * shards as one Slurm array ({@code commitbench.executor=slurm}). Each invocation takes its point's report and
 * summaries ({@link #run}). After the last point (or when the store closes) it writes the method's run files, hands
 * its results to the class and the test run, and closes what it started (workspaces; a Slurm array still running
 * is cancelled). {@link #close()} is idempotent.
 */
final class MethodRun implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private final String method;
    /** The method's folder in the run folder, unique in the test run: its section's name in the run-level reports. */
    private final String folder;
    private final int points;
    private final BenchmarkRun run;
    private final ClassResults classResults;
    private BenchmarkPlan plan;
    private List<Commit> commits;
    private BenchmarkSession session;
    private DeviceRun devices;
    private SlurmPoints slurm;
    private EngineUsageException stopped;
    private int finishedPoints;
    private boolean closed;

    MethodRun(String method, String folder, int points, BenchmarkRun run, ClassResults classResults) {
        this.method = method;
        this.folder = folder;
        this.points = points;
        this.run = run;
        this.classResults = classResults;
    }

    /** Runs the points one invocation at a time in {@code session}. */
    synchronized void start(BenchmarkSession session) {
        this.session = session;
        this.plan = session.plan();
        this.commits = session.commits();
    }

    /** Takes the points from {@code devices}, which runs them ahead of the invocations. */
    synchronized void startOnDevices(BenchmarkPlan plan, DeviceRun devices) {
        this.devices = devices;
        this.plan = plan;
        this.commits = devices.commits();
    }

    /** Takes the points from the merged Slurm array. */
    synchronized void startOnSlurm(BenchmarkPlan plan, SlurmPoints slurm) {
        this.slurm = slurm;
        this.plan = plan;
        this.commits = slurm.commits();
    }

    /** {@return the resolved commits, baseline first} */
    synchronized List<Commit> commits() {
        return commits;
    }

    /** {@return the method's plan} */
    synchronized BenchmarkPlan plan() {
        return plan;
    }

    /**
     * Runs one point, or waits for it where it runs ahead; after an engine usage error every later point of a
     * session fails at once with the same error.
     *
     * @return the point's report and the summaries of its runs (every round, in the order they ran)
     * @throws EngineException when the engine could not run (missing, or a usage error, now or for an earlier point)
     */
    MeasuredPoint run(SweepPoint point) {
        DeviceRun onDevices;
        SlurmPoints onSlurm;
        synchronized (this) {
            onDevices = devices;
            onSlurm = slurm;
        }
        if (onDevices != null) {
            DeviceRun.PointOutcome outcome = onDevices.point(point).join();
            if (outcome.error() != null) {
                throw outcome.error();
            }
            return new MeasuredPoint(outcome.report(), outcome.summaries());
        }
        if (onSlurm != null) {
            ShardMerge.MergedPoint merged = onSlurm.point(point);
            return new MeasuredPoint(merged.report(), merged.summaries());
        }
        return runInSession(point);
    }

    private synchronized MeasuredPoint runInSession(SweepPoint point) {
        if (stopped != null) {
            throw stopped;
        }
        try {
            CombinedReport report = session.run(point);
            return new MeasuredPoint(report, session.summaries(point));
        } catch (EngineUsageException e) {
            stopped = e;
            throw e;
        }
    }

    /** Called after each invocation; the last one finishes the method. */
    synchronized void pointFinished() {
        if (++finishedPoints == points) {
            close();
        }
    }

    /** {@code MeasuredPoint} is one point's report and the summaries of the runs that measured it. */
    record MeasuredPoint(CombinedReport report, List<Summary> summaries) {
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (devices != null) {
            closed = true;
            closeDevices();
        } else if (slurm != null) {
            closed = true;
            closeSlurm();
        } else if (session != null) {
            closed = true;
            closeSession();
        }
    }

    private void closeSession() {
        boolean measured;
        try {
            measured = !session.summaries().isEmpty() || session.hasFailures();
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        if (!measured) {
            session.close();
            return;
        }
        session.writeRunFilesAndClose();
        CombinedReport report = session.report();
        classResults.add(report);
        run.add(method, folder, session.planAsMap(), session.summaries(), report, session.optimumBenchmarkVersion());
    }

    /** Waits for every point (they all run, whichever invocations ran), writes the method's files like a session. */
    private void closeDevices() {
        try (DeviceRun running = devices) {
            DeviceRun.Finished finished = running.finish(running.await());
            classResults.add(finished.report());
            run.add(method, folder, finished.plan(), finished.summaries(), finished.report(),
                    running.optimumBenchmarkVersion());
        }
    }

    /** The merge wrote the method's files; hands its results on. A store closed before the array ended cancels it. */
    private void closeSlurm() {
        if (!slurm.succeeded() && finishedPoints < points) {
            slurm.close();
            return;
        }
        slurm.close();
        ShardMerge.Merged merged;
        try {
            merged = slurm.merged();
        } catch (RuntimeException failedBeforeMerging) {
            return; // every invocation failed with it already
        }
        classResults.add(merged.report());
        run.add(method, folder, merged.plan(), merged.summaries(), merged.report(), merged.optimumBenchmarkVersion());
    }
}
