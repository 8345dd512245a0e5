package dev.commitbench.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * {@code Engine} runs one benchmark process for one (commit, sweep point, round) and leaves its
 * outputs in the request's run directory, in optimum-benchmark's layout ({@code benchmark_config.json},
 * {@code benchmark_report.json}, {@code benchmark.json}, {@code .hydra/}), plus {@code engine.log}
 * holding the process's stdout and stderr.
 *
 * <p>Contract: a run whose process exits 0 returns a successful {@link RunOutcome}; a run that fails
 * (exit 1, any other non-zero exit, a timeout) returns a failed outcome whose message names the run
 * directory and quotes the log's last lines, and the plan goes on. A usage error (exit 2) throws
 * {@link EngineUsageException}: the whole plan stops. A missing executable throws
 * {@link EngineNotFoundException}. Implementations are thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Engine {

    /** {@return the engine's name as users write it: {@code optimum-benchmark} or {@code command}} */
    String name();

    /**
     * Runs one process and waits for it (or its timeout).
     *
     * @param request what to run, where and for how long
     * @return how the run ended
     */
    RunOutcome run(RunRequest request);

    /**
     * Whether the engine measures from the moment its process starts, so that nothing else may run beside
     * it (the default; the command engine times whole processes). An engine that returns false measures
     * only after a start-up of its own (optimum-benchmark imports Python, loads the model and warms up
     * first), and the session reads the previous run's report during that start-up instead of between
     * processes.
     *
     * @return {@code true} when nothing may run beside the engine's process
     */
    default boolean measuresFromStart() {
        return true;
    }

    /**
     * Creates, ahead of {@link #run}, what a run creates in its directory before its process starts (the
     * directory, the log), so that a session can do it while the previous run's process goes on; {@link #run}
     * then uses them. Does nothing by default.
     *
     * @param runDirectory the run's directory, as the coming {@link RunRequest#runDirectory()}
     * @throws java.io.UncheckedIOException when they cannot be created ({@link #run} will say so too)
     */
    default void prepare(Path runDirectory) {
    }

    /**
     * Removes what {@link #prepare} created, for a run that will not happen after all: the log while it is
     * empty, then the directory when nothing else is in it. Does nothing by default.
     *
     * @param runDirectory the directory given to {@link #prepare}
     */
    default void discard(Path runDirectory) {
    }
}
