package dev.commitbench.engine;

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
public interface Engine {

    /** The engine's name as users write it: {@code optimum-benchmark} or {@code command}. */
    String name();

    /** Runs one process and waits for it (or its timeout). */
    RunOutcome run(RunRequest request);
}
