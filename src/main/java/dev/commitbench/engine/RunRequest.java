package dev.commitbench.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Commit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * {@code RunRequest} is one engine run.
 *
 * @param commit           the commit being measured
 * @param workspace        the directory where the commit is materialized (placeholder {@code ${workspace}})
 * @param runDirectory     the absolute directory the run writes into ({@code hydra.run.dir}, or
 *                         {@code hydra.sweep.dir} with {@code --multirun}); created by the engine
 * @param configDir        the absolute config directory ({@code --config-dir}); may be null for the command engine
 * @param configName       the config name ({@code --config-name}); may be null for the command engine
 * @param overrides        the sweep point's Hydra overrides, {@code key=value}, in order
 * @param extraArgs        further arguments passed unchanged (Hydra overrides, {@code --multirun}, {@code -m})
 * @param environment      extra environment variables for the process (already expanded)
 * @param timeout          the wall-clock limit; the whole process tree is killed past it
 * @param lineListener     receives each stdout/stderr line as it comes (for progress); never null
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RunRequest(
        Commit commit,
        Path workspace,
        Path runDirectory,
        Path configDir,
        String configName,
        List<String> overrides,
        List<String> extraArgs,
        Map<String, String> environment,
        Duration timeout,
        Consumer<String> lineListener) {

    /**
     * Checks the required parts and copies the collections.
     *
     * @param commit the commit being measured
     * @param workspace the directory where the commit is materialized (placeholder {@code ${workspace}})
     * @param runDirectory the absolute directory the run writes into ({@code hydra.run.dir}, or
     *                     {@code hydra.sweep.dir} with {@code --multirun}); created by the engine
     * @param configDir the absolute config directory ({@code --config-dir}); may be null for the command engine
     * @param configName the config name ({@code --config-name}); may be null for the command engine
     * @param overrides the sweep point's Hydra overrides, {@code key=value}, in order
     * @param extraArgs further arguments passed unchanged (Hydra overrides, {@code --multirun}, {@code -m})
     * @param environment extra environment variables for the process (already expanded)
     * @param timeout the wall-clock limit; the whole process tree is killed past it
     * @param lineListener receives each stdout/stderr line as it comes (for progress); never null
     */
    public RunRequest {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(runDirectory, "runDirectory");
        overrides = List.copyOf(overrides);
        extraArgs = List.copyOf(extraArgs);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
        lineListener = lineListener == null ? line -> { } : lineListener;
    }
}
