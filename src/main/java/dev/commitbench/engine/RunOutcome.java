package dev.commitbench.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code RunOutcome} is how one engine run ended.
 *
 * @param runDirectory the run directory
 * @param log          {@code <runDirectory>/engine.log}
 * @param exitCode     the process's exit code ({@code -1} when killed by the timeout)
 * @param timedOut     true when the timeout killed the process tree
 * @param wallTime     the process's own wall time
 * @param lastLines    the log's last lines (at most 20)
 * @param message      empty on success; otherwise what failed, naming the run directory and quoting
 *                     the last lines
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RunOutcome(
        Path runDirectory, Path log, int exitCode, boolean timedOut, Duration wallTime, List<String> lastLines,
        String message) {

    /**
     * Copies the lines; a null {@code message} becomes {@code ""}.
     *
     * @param runDirectory the run directory
     * @param log {@code <runDirectory>/engine.log}
     * @param exitCode the process's exit code ({@code -1} when killed by the timeout)
     * @param timedOut true when the timeout killed the process tree
     * @param wallTime the process's own wall time
     * @param lastLines the log's last lines (at most 20)
     * @param message empty on success; otherwise what failed, naming the run directory and quoting the last lines
     */
    public RunOutcome {
        lastLines = List.copyOf(lastLines);
        message = message == null ? "" : message;
    }

    /** {@return true when the process exited 0 in time} */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }
}
