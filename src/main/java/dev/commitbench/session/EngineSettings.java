package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import dev.commitbench.engine.CommandEngine;
import dev.commitbench.engine.Engine;
import dev.commitbench.engine.OptimumBenchmarkEngine;
import dev.commitbench.engine.RunRequest;
import dev.commitbench.git.Workspace;
import dev.commitbench.git.Workspaces;
import dev.commitbench.scale.Pinning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * {@code EngineSettings} is the part of a {@link BenchmarkPlan} that says which engine runs and how.
 *
 * @param name               {@value #OPTIMUM_BENCHMARK} or {@value #COMMAND}
 * @param executable         the optimum-benchmark executable as words; placeholders {@code ${workspace}},
 *                           {@code ${sha}}, {@code ${ref}} allowed
 * @param command            the command engine's command as words, with the same placeholders and the sweep keys
 * @param warmups            the command engine's warm-up runs per round
 * @param iterations         the command engine's timed iterations per round
 * @param configDir          {@code --config-dir}; relative paths resolve per {@code configFromCheckout}
 * @param configFromCheckout false: a relative config dir resolves against each commit's workspace (benchmark.py's
 *                           behaviour); true: against the current checkout
 * @param configName         {@code --config-name}
 * @param extraArgs          arguments passed to every engine run unchanged (Hydra overrides, {@code --multirun})
 * @param timeout            the limit for one engine run
 */
@API(status = INTERNAL, since = "0.1")
public record EngineSettings(String name, List<String> executable, List<String> command, int warmups, int iterations,
        String configDir, boolean configFromCheckout, String configName, List<String> extraArgs, Duration timeout) {

    /** The name of the optimum-benchmark engine. */
    public static final String OPTIMUM_BENCHMARK = "optimum-benchmark";
    /** The name of the command engine. */
    public static final String COMMAND = "command";

    /**
     * Copies the lists.
     *
     * @param name {@value #OPTIMUM_BENCHMARK} or {@value #COMMAND}
     * @param executable the optimum-benchmark executable as words
     * @param command the command engine's command as words
     * @param warmups the command engine's warm-up runs per round
     * @param iterations the command engine's timed iterations per round
     * @param configDir {@code --config-dir}
     * @param configFromCheckout whether a relative config dir resolves against the current checkout
     * @param configName {@code --config-name}
     * @param extraArgs arguments passed to every engine run unchanged
     * @param timeout the limit for one engine run
     */
    public EngineSettings {
        executable = List.copyOf(executable);
        command = List.copyOf(command);
        extraArgs = List.copyOf(extraArgs);
    }

    /** {@return whether this is the command engine} */
    public boolean isCommand() {
        return COMMAND.equals(name);
    }

    /**
     * {@return the request for one run: the command engine gets the point's values as {@code NAME=value} assignments
     * and the device in its environment; optimum-benchmark gets Hydra overrides, the device's among them}
     */
    RunRequest request(SweepPoint point, Commit commit, Workspace workspace, Path runDir, Path workTree,
            Pinning pinning, Consumer<String> engineLines) {
        List<String> overrides = new ArrayList<>(isCommand() ? point.assignments() : point.overrides());
        Map<String, String> environment = new LinkedHashMap<>(workspace.environment());
        if (isCommand()) {
            environment.putAll(pinning.environment());
        } else {
            overrides.addAll(pinning.optimumBenchmarkOverrides());
        }
        return new RunRequest(commit, workspace.directory(), runDir.toAbsolutePath(),
                configDirectory(workspace, workTree), configName, overrides, extraArgs, environment, timeout,
                engineLines);
    }

    /** {@return where the config dir is for {@code workspace}'s commit, or {@code null} when there is none} */
    Path configDirectory(Workspace workspace, Path workTree) {
        return configDir == null ? null
                : Workspaces.configDirectory(workspace, configDir, workTree, configFromCheckout).normalize();
    }

    /** {@return why {@code commit} cannot run in {@code workspace} (its setup failed, the config dir is missing)} */
    Optional<String> unrunnable(Commit commit, Workspace workspace) {
        if (workspace.setupError().isPresent()) {
            return Optional.of("setup failed for " + commit.displayName() + ": " + workspace.setupError().get());
        }
        if (configDir != null && !configFromCheckout) {
            return Workspaces.requireDirectory(workspace, configDir);
        }
        return Optional.empty();
    }

    /** {@return a new engine with these settings} */
    Engine create() {
        return create(Pinning.none());
    }

    /**
     * {@return a new engine with these settings, the command's {@code ${device}} being {@code pinning}'s in every run
     * (its model name stays the command as written, whatever the device)}
     */
    Engine create(Pinning pinning) {
        return isCommand() ? new CommandEngine(command, warmups, iterations, pinning.placeholders())
                : new OptimumBenchmarkEngine(executable);
    }
}
