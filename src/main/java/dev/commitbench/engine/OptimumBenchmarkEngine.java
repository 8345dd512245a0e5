package dev.commitbench.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.internal.Placeholders;
import dev.commitbench.internal.Preconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.platform.commons.PreconditionViolationException;
import org.apiguardian.api.API;

/**
 * {@code OptimumBenchmarkEngine} is used to run huggingface's {@code optimum-benchmark}: one process per
 * run, with the arguments transformers' {@code benchmark.py} passes:
 * <pre>
 * &lt;executable words&gt; --config-dir &lt;abs dir&gt; --config-name &lt;name&gt; [--multirun]
 *     hydra/job_logging=disabled hydra/hydra_logging=disabled &lt;point overrides&gt; &lt;extra overrides&gt;
 *     hydra.run.dir=&lt;abs run dir&gt;        (hydra.sweep.dir=... when the extra args hold --multirun or -m)
 * </pre>
 * The executable is any list of words (default {@code optimum-benchmark} on the {@code PATH};
 * e.g. {@code /opt/venv/bin/optimum-benchmark}, or {@code ${workspace}/.venv/bin/optimum-benchmark}); its
 * words may hold the placeholders {@code ${workspace}}, {@code ${sha}} and {@code ${ref}}. A relative config
 * directory is resolved against the workspace, which is also the working directory.
 *
 * <p>Every override is Hydra syntax: the run directory is written with {@link HydraSyntax}
 * ({@code hydra.run.dir=/out/commit\=<sha>}), and the request's overrides and extra arguments are passed as they
 * are (the session writes a sweep point's literal values with {@link HydraSyntax}).
 *
 * <p>Exit 0 is a successful run, exit 2 throws {@link EngineUsageException}, any other exit or the timeout
 * gives a failed {@link RunOutcome}; see {@link Engine}. A Hydra parse error (exit 1 with Hydra's "See
 * .../override_grammar/basic" line) throws {@link EngineUsageException} too, quoting Hydra and naming the
 * overrides; a failed import (transformers 5.x) or a model that does not exist leads the failed outcome's message
 * with what to do ({@link OptimumBenchmarkFailures}). Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class OptimumBenchmarkEngine implements Engine {

    /** The engine's name, as users write it. */
    public static final String NAME = "optimum-benchmark";

    /** The default executable: {@code optimum-benchmark} on the {@code PATH}. */
    public static final List<String> DEFAULT_EXECUTABLE = List.of("optimum-benchmark");

    static final String INSTALL_ADVICE = "Install optimum-benchmark with `pip install optimum-benchmark` (in the"
            + " Python environment on the PATH, or in a per-commit virtual environment made by the `setup` command),"
            + " or point commitbench to it with the `executable` setting (configuration parameter"
            + " `commitbench.executable`, or `--executable` on the command line), e.g."
            + " `/path/to/venv/bin/optimum-benchmark`.";

    private static final Pattern MODULE_MISSING = Pattern.compile("No module named '?optimum_benchmark\\b");

    private final List<String> executable;

    /** An engine running {@code optimum-benchmark} from the {@code PATH}. */
    public OptimumBenchmarkEngine() {
        this(DEFAULT_EXECUTABLE);
    }

    /**
     * An engine running the given executable words.
     *
     * @param executable the words; must not be empty or hold a blank word
     */
    public OptimumBenchmarkEngine(List<String> executable) {
        Preconditions.condition(executable != null && !executable.isEmpty()
                        && executable.stream().noneMatch(w -> w == null || w.isBlank()),
                "Configuration error: the optimum-benchmark `executable` must be one or more non-blank words"
                        + " (e.g. [optimum-benchmark] or [/opt/venv/bin/optimum-benchmark]) but was "
                        + executable + ".");
        int module = executable.indexOf("-m");
        if (module >= 0 && module + 1 < executable.size() && executable.get(module + 1).startsWith("optimum_benchmark")) {
            throw new PreconditionViolationException("Configuration error: the optimum-benchmark `executable` "
                    + executable + " runs the module " + executable.get(module + 1) + " with -m, which runs nothing:"
                    + " optimum-benchmark has no __main__ module and its cli module no main block, so Python would"
                    + " exit 0 without benchmarking. Give the optimum-benchmark script of that Python environment"
                    + " instead, e.g. [/opt/venv/bin/optimum-benchmark].");
        }
        this.executable = List.copyOf(executable);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The command line for a request, placeholders expanded, the executable not yet looked up.
     *
     * @param request the run
     * @return the words of the command line
     */
    public List<String> commandLine(RunRequest request) {
        Map<String, String> values = Map.of(
                "workspace", request.workspace().toString(),
                "sha", request.commit().sha(),
                "ref", request.commit().label());
        List<String> command = new ArrayList<>();
        executable.forEach(word -> command.add(Placeholders.expand(word, values)));
        command.addAll(List.of("--config-dir", configDirectory(request).toString(),
                "--config-name", configName(request)));
        // Flags (--multirun, -m) go before every override: optimum-benchmark's argparse takes the overrides before
        // a flag and rejects those after it ("unrecognized arguments", exit 2).
        request.extraArgs().stream().filter(a -> a.startsWith("-")).forEach(command::add);
        command.addAll(List.of("hydra/job_logging=disabled", "hydra/hydra_logging=disabled"));
        command.addAll(request.overrides());
        request.extraArgs().stream().filter(a -> !a.startsWith("-")).forEach(command::add);
        command.add(directoryOverride(request));
        return command;
    }

    /**
     * {@code hydra.run.dir=<run dir>}, or {@code hydra.sweep.dir=<run dir>} when the extra arguments hold
     * {@code --multirun} or {@code -m}, in Hydra's syntax ({@code .../commit\=<sha>}).
     */
    private static String directoryOverride(RunRequest request) {
        boolean multirun = request.extraArgs().contains("--multirun") || request.extraArgs().contains("-m");
        String key = multirun ? "hydra.sweep.dir" : "hydra.run.dir";
        try {
            return HydraSyntax.override(key, request.runDirectory().toAbsolutePath().toString());
        } catch (IllegalArgumentException e) {
            throw new EngineUsageException("Configuration error: the run directory ["
                    + request.runDirectory().toAbsolutePath() + "] cannot be given to optimum-benchmark as " + key
                    + ": " + e.getMessage() + ". Choose an output folder whose path Hydra can take.");
        }
    }

    /** False: optimum-benchmark imports Python, loads the model and warms up before it measures anything. */
    @Override
    public boolean measuresFromStart() {
        return false;
    }

    /** Creates the run directory and an empty {@code engine.log}. */
    @Override
    public void prepare(Path runDirectory) {
        Outcomes.createRunDirectory(runDirectory);
        EngineLog.create(runDirectory);
    }

    @Override
    public void discard(Path runDirectory) {
        EngineLog.deleteIfEmpty(runDirectory);
        Outcomes.deleteIfEmpty(runDirectory);
    }

    @Override
    public RunOutcome run(RunRequest request) {
        checkConfig(request);
        List<String> command = ProcessRunner.resolve(commandLine(request), request.workspace(),
                request.environment(), INSTALL_ADVICE);
        Outcomes.createRunDirectory(request.runDirectory());
        try (EngineLog log = new EngineLog(request.runDirectory(), request.lineListener())) {
            ProcessRunner.Result result = ProcessRunner.run(command, request.workspace(), request.environment(),
                    request.timeout(), log);
            if (result.exitCode() == 2) {
                throw Outcomes.usageError(NAME, command, request, log);
            }
            if (result.exitCode() != 0 && !result.timedOut()) {
                notInstalled(command, log);
                OptimumBenchmarkFailures.parseError(log.lastLines()).ifPresent(hydraSays -> {
                    throw OptimumBenchmarkFailures.parseErrorException(hydraSays, command, request, log);
                });
                return Outcomes.of(NAME, command, request, result, log,
                        OptimumBenchmarkFailures.diagnosis(log.lastLines()).orElse(""));
            }
            return Outcomes.of(NAME, command, request, result, log);
        }
    }

    /** Python's "No module named optimum_benchmark" (a venv script run by a Python without it) stops the plan. */
    private static void notInstalled(List<String> command, EngineLog log) {
        for (String line : log.lastLines()) {
            if (MODULE_MISSING.matcher(line).find()) {
                throw new EngineNotFoundException("optimum-benchmark is not installed where ["
                        + Outcomes.commandLine(command) + "] looks for it: its output says \"" + line.strip() + "\" (full output: " + log.file() + "). "
                        + INSTALL_ADVICE);
            }
        }
    }

    private static Path configDirectory(RunRequest request) {
        if (request.configDir() == null) {
            throw new EngineUsageException("Configuration error: the optimum-benchmark engine needs `configDir`,"
                    + " the directory holding the Hydra config (e.g. benchmark/config), but none was given.");
        }
        return request.workspace().resolve(request.configDir()).toAbsolutePath().normalize();
    }

    private static String configName(RunRequest request) {
        if (request.configName() == null || request.configName().isBlank()) {
            throw new EngineUsageException("Configuration error: the optimum-benchmark engine needs `configName`,"
                    + " the name of the Hydra config in `configDir` (e.g. generation for generation.yaml), but none"
                    + " was given.");
        }
        return request.configName();
    }

    /** A missing config directory or config file stops the plan before any process starts. */
    private static void checkConfig(RunRequest request) {
        Path directory = configDirectory(request);
        String name = configName(request);
        if (!Files.isDirectory(directory)) {
            throw new EngineUsageException("Configuration error: the config directory [" + directory + "] does not"
                    + " exist in the workspace of " + request.commit() + ": set `configDir` to the directory"
                    + " holding " + name + ".yaml (relative to the repository root).");
        }
        String file = name.endsWith(".yaml") ? name : name + ".yaml";
        if (!Files.isRegularFile(directory.resolve(file))) {
            throw new EngineUsageException("Configuration error: the config [" + name + "] was not found: ["
                    + directory.resolve(file) + "] does not exist in the workspace of " + request.commit()
                    + ". Set `configName` to one of " + configsIn(directory) + ".");
        }
    }

    private static List<String> configsIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
