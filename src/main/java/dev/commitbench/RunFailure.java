package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code RunFailure} records one engine run that produced no report: the engine exited non-zero,
 * timed out, or wrote a config without a report. The runs around it go on and keep their results.
 *
 * <p>For example, where to look when runs failed:
 *
 * <pre><code class='java'>
 * for (RunFailure f : report.failures()) {
 *     System.out.println(f.commit().displayName() + " round " + f.round() + ": " + f.message()
 *             + " (see " + f.runDirectory() + "/engine.log)");
 * }
 * </code></pre>
 *
 * @param commit       the commit the run measured
 * @param point        the sweep point's label ({@code backend.model=gpt2, batch_size=2}), or {@code ""}
 * @param round        the round number, from 1
 * @param runDirectory the run's directory (absolute path as a string), where {@code engine.log} is
 * @param message      what went wrong, with the log's last lines
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RunFailure(Commit commit, String point, int round, String runDirectory, String message) {

    /**
     * Validates the parts.
     *
     * @param commit the commit the run measured
     * @param point the sweep point's label ({@code backend.model=gpt2, batch_size=2}), or {@code ""}
     * @param round the round number, from 1
     * @param runDirectory the run's directory (absolute path as a string), where {@code engine.log} is
     * @param message what went wrong, with the log's last lines
     */
    public RunFailure {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(message, "message");
        point = point == null ? "" : point;
        runDirectory = runDirectory == null ? "" : runDirectory;
    }
}
