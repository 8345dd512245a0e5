package dev.commitbench.junit;

import dev.commitbench.CombinedReport;
import dev.commitbench.Summary;
import dev.commitbench.engine.EngineUsageException;
import dev.commitbench.session.BenchmarkSession;
import dev.commitbench.session.SweepPoint;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code MethodRun} is used to hold one {@code @BenchmarkAcrossCommits} method's session in the template
 * method's store: it runs the points one invocation at a time and, after the last point (or when the
 * store closes), writes the method's run files, hands its results to the class and the test run, and
 * closes the session (workspaces). {@link #close()} is idempotent.
 */
final class MethodRun implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private final String method;
    /** The method's folder in the run folder, unique in the test run: its section's name in the run-level reports. */
    private final String folder;
    private final int points;
    private final BenchmarkRun run;
    private final ClassResults classResults;
    private BenchmarkSession session;
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

    void start(BenchmarkSession session) {
        this.session = session;
    }

    BenchmarkSession session() {
        return session;
    }

    /**
     * Runs one point; after an engine usage error every later point fails at once with the same error.
     *
     * @return the point's report and the summaries of its runs (every round, in the order they ran)
     * @throws EngineUsageException when the engine reported a usage error (now or for an earlier point)
     */
    synchronized MeasuredPoint run(SweepPoint point) {
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
        if (closed || session == null) {
            return;
        }
        closed = true;
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
}
