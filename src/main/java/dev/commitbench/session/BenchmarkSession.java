package dev.commitbench.session;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Summary;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code BenchmarkSession} runs a {@link BenchmarkPlan}: it resolves the commits up front, materializes
 * each commit once, runs every commit for a sweep point in interleaved rounds (ABBA blocks), adds
 * rounds for inconclusive comparisons up to {@code maxRounds}, summarizes each run directory, and
 * compares every candidate with the baseline. The JUnit extension and the command line are thin
 * front ends over it. Not thread-safe; close it to clean up workspaces.
 *
 * <p>Layout of the run folder: {@code <run>/commit=<sha>/<point>/round-<r>/} is one engine run's
 * directory (Hydra's run dir, or its sweep dir under {@code --multirun}); see docs/architecture.md.
 */
public final class BenchmarkSession implements AutoCloseable {

    private BenchmarkSession() {
    }

    /**
     * Validates the plan, resolves its commits and prepares the run folder; nothing is run yet.
     *
     * @throws IllegalArgumentException naming the bad setting, before any git or process work
     * @throws dev.commitbench.git.GitException when a commit cannot be resolved
     */
    public static BenchmarkSession start(BenchmarkPlan plan, ProgressListener progress) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The resolved commits, baseline first. */
    public List<Commit> commits() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The run folder (where {@code commit=<sha>/} directories and the run-level files go). */
    public Path runDirectory() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Runs every commit for one point, with adaptive rounds, and returns a report holding exactly that
     * point's cells, comparisons and failures.
     *
     * @throws dev.commitbench.engine.EngineUsageException when the engine reports a usage error (exit 2)
     */
    public CombinedReport run(SweepPoint point) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Runs every point of the plan and returns {@link #report()}. */
    public CombinedReport runAll() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Everything measured so far, with comparisons. */
    public CombinedReport report() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Every summary so far, in run order. */
    public List<Summary> summaries() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Writes the run-level files into the run folder: {@code summaries.json}, the combined
     * {@code summary.json} (benchmark.py's), {@code commitbench.json}, {@code report.md},
     * {@code report.html}.
     */
    public void writeRunFiles() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public void close() {
    }
}
