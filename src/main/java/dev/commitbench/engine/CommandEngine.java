package dev.commitbench.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.internal.Placeholders;
import dev.commitbench.internal.Preconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code CommandEngine} is used to benchmark any command, on any machine (the embedded default engine): it
 * runs the command in the commit's workspace {@code warmups} times untimed, then {@code iterations} times
 * timed, each iteration one process timed with a monotonic clock from its start to its exit.
 *
 * <p>Placeholders in the command's words: {@code ${workspace}}, {@code ${sha}}, {@code ${ref}} (the commit's
 * label), each sweep key ({@code ${size}} for the override {@code size=10}, {@code ${backend.model}} for
 * {@code backend.model=gpt2}) and those the engine is made with ({@code ${device}} on several devices).
 *
 * <p>Metrics printed by the command: when the last line an iteration writes to stdout is a JSON object,
 * e.g. {@code {"latency": 0.0123, "throughput": 812.5, "tokens": 64}}, its numeric members are that
 * iteration's metrics: {@code latency} (seconds) replaces the measured time, {@code throughput} replaces
 * the computed throughput's value, and any other member {@code K} becomes a measurement
 * {@code call.K} (its values and statistics, unit {@code null}). Other lines and non-numeric members are
 * ignored.
 *
 * <p>It writes optimum-benchmark's layout, so everything downstream is the same: {@code .hydra/overrides.yaml}
 * (the point's overrides), {@code benchmark_config.json} ({@code name} = the config name or
 * {@code command}, {@code backend.model} = the command as written, before expansion, so it is stable across
 * commits; the overrides applied by their dotted keys), {@code benchmark_report.json} with a {@code call}
 * section ({@code latency}: unit, values, count, total, mean, p50, p90, p95, p99, stdev, stdev_;
 * {@code throughput}: calls/s), {@code benchmark.json} ({@code {config, report}}) and {@code engine.log}.
 *
 * <p>A non-zero exit of any process (warm-up or iteration) fails the run, with the log's last lines; the
 * request's timeout covers the whole run and kills the running process tree. Exit code 2 is a failed run
 * here, not a usage error: an arbitrary command gives it no special meaning. Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CommandEngine implements Engine {

    /** The engine's name, as users write it. */
    public static final String NAME = "command";

    static final String ADVICE = "Check the `command` setting (configuration parameter `commitbench.command`): its"
            + " first word must be an executable on the PATH or a path to one (e.g. `${workspace}/bench.sh`).";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final List<String> command;
    private final int warmups;
    private final int iterations;
    private final Map<String, String> placeholders;

    /**
     * An engine running the given command.
     *
     * @param command    the command's words, with placeholders; must not be empty or hold a blank word
     * @param warmups    untimed runs before the iterations; must not be negative
     * @param iterations timed runs; must be at least 1
     */
    public CommandEngine(List<String> command, int warmups, int iterations) {
        this(command, warmups, iterations, Map.of());
    }

    /**
     * An engine running the given command, with placeholders whose values are the same in every run (e.g.
     * {@code device}, the device the engine's runs are pinned to). They are expanded in each run's command line;
     * the model name ({@code backend.model}) stays the command as written.
     *
     * @param command      the command's words, with placeholders; must not be empty or hold a blank word
     * @param warmups      untimed runs before the iterations; must not be negative
     * @param iterations   timed runs; must be at least 1
     * @param placeholders placeholder names (without {@code ${}}) to their values in every run
     * @since 0.2
     */
    public CommandEngine(List<String> command, int warmups, int iterations, Map<String, String> placeholders) {
        Preconditions.condition(command != null && !command.isEmpty()
                        && command.stream().noneMatch(w -> w == null || w.isBlank()),
                "Configuration error: the command engine's `command` must be one or more non-blank words"
                        + " (e.g. [sh, ${workspace}/bench.sh, ${size}]) but was " + command + ".");
        Preconditions.condition(warmups >= 0,
                "Configuration error: the command engine's `warmups` must be 0 or more but was [" + warmups + "].");
        Preconditions.condition(iterations >= 1, "Configuration error: the command engine's `iterations` must be 1"
                + " or more but was [" + iterations + "].");
        this.command = List.copyOf(command);
        this.warmups = warmups;
        this.iterations = iterations;
        this.placeholders = Map.copyOf(placeholders);
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
        Map<String, String> values = new HashMap<>();
        request.overrides().forEach(o -> {
            int equals = o.indexOf('=');
            if (equals > 0) {
                values.put(o.substring(0, equals).replaceFirst("^\\++", ""), o.substring(equals + 1));
            }
        });
        values.putAll(placeholders);
        values.put("workspace", request.workspace().toString());
        values.put("sha", request.commit().sha());
        values.put("ref", request.commit().label());
        return command.stream().map(word -> Placeholders.expand(word, values)).toList();
    }

    @Override
    public RunOutcome run(RunRequest request) {
        List<String> resolved = ProcessRunner.resolve(commandLine(request), request.workspace(),
                request.environment(), ADVICE);
        Path runDirectory = Outcomes.createRunDirectory(request.runDirectory());
        ObjectNode config = config(request);
        write(runDirectory.resolve("benchmark_config.json"), config);
        writeOverrides(runDirectory, request.overrides());
        boolean limited = !request.timeout().isZero() && !request.timeout().isNegative();
        long deadline = System.nanoTime() + (limited ? request.timeout().toNanos() : 0);
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        metrics.put("latency", new ArrayList<>());
        Duration wallTime = Duration.ZERO;
        try (EngineLog log = new EngineLog(runDirectory, request.lineListener())) {
            for (int i = 1; i <= warmups + iterations; i++) {
                boolean warmup = i <= warmups;
                log.note(warmup ? "# warm-up " + i + "/" + warmups : "# iteration " + (i - warmups) + "/" + iterations);
                Duration left = limited ? Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()))
                        : Duration.ZERO;
                ProcessRunner.Result result = ProcessRunner.run(resolved, request.workspace(), request.environment(),
                        left, log);
                wallTime = wallTime.plus(result.wallTime());
                if (result.timedOut() || result.exitCode() != 0) {
                    return Outcomes.of(NAME, resolved, request,
                            new ProcessRunner.Result(result.exitCode(), result.timedOut(), wallTime), log);
                }
                if (!warmup) {
                    collect(metrics, result, log.lastStdoutLine());
                }
            }
            ObjectNode report = report(metrics);
            write(runDirectory.resolve("benchmark_report.json"), report);
            ObjectNode benchmark = JSON.createObjectNode();
            benchmark.set("config", config);
            benchmark.set("report", report);
            write(runDirectory.resolve("benchmark.json"), benchmark);
            return Outcomes.of(NAME, resolved, request, new ProcessRunner.Result(0, false, wallTime), log);
        }
    }

    private static void collect(Map<String, List<Double>> metrics, ProcessRunner.Result result, String lastLine) {
        double latency = result.wallTime().toNanos() / 1e9;
        String line = lastLine.strip();
        if (line.startsWith("{") && line.endsWith("}")) {
            try {
                for (Map.Entry<String, JsonNode> member : JSON.readTree(line).properties()) {
                    if (!member.getValue().isNumber()) {
                        continue;
                    }
                    if (member.getKey().equals("latency")) {
                        latency = member.getValue().doubleValue();
                    } else {
                        metrics.computeIfAbsent(member.getKey(), k -> new ArrayList<>())
                                .add(member.getValue().doubleValue());
                    }
                }
            } catch (JacksonException e) {
                // not JSON after all: a plain output line, ignored
            }
        }
        metrics.get("latency").add(latency);
    }

    private ObjectNode config(RunRequest request) {
        ObjectNode config = JSON.createObjectNode();
        String name = request.configName();
        config.put("name", name == null || name.isBlank() ? NAME : name);
        ObjectNode backend = config.putObject("backend");
        backend.put("name", NAME);
        backend.put("model", String.join(" ", command));
        backend.putArray("command").addAll(command.stream().map(JSON.getNodeFactory()::stringNode).toList());
        ObjectNode scenario = config.putObject("scenario");
        scenario.put("name", NAME);
        scenario.put("warmup_runs", warmups);
        scenario.put("iterations", iterations);
        ObjectNode environment = config.putObject("environment");
        environment.put("system", System.getProperty("os.name"));
        environment.put("machine", System.getProperty("os.arch"));
        environment.put("cpu_count", Runtime.getRuntime().availableProcessors());
        environment.put("java_version", System.getProperty("java.version"));
        for (String override : request.overrides()) {
            int equals = override.indexOf('=');
            if (equals > 0) {
                apply(config, override.substring(0, equals).replaceFirst("^\\++", ""), override.substring(equals + 1));
            }
        }
        return config;
    }

    /** Sets a dotted key as Hydra would: {@code backend.model=gpt2} sets {@code config.backend.model}. */
    private static void apply(ObjectNode config, String key, String value) {
        String[] path = key.split("\\.");
        ObjectNode node = config;
        for (String part : Arrays.asList(path).subList(0, path.length - 1)) {
            node = node.get(part) instanceof ObjectNode child ? child : node.putObject(part);
        }
        String last = path[path.length - 1];
        if (value.matches("-?\\d{1,18}")) {
            node.put(last, Long.parseLong(value));
        } else if (value.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            node.put(last, Double.parseDouble(value));
        } else if (value.equals("true") || value.equals("false")) {
            node.put(last, Boolean.parseBoolean(value));
        } else if (value.equals("null")) {
            node.putNull(last);
        } else {
            node.put(last, value);
        }
    }

    private static ObjectNode report(Map<String, List<Double>> metrics) {
        ObjectNode report = JSON.createObjectNode();
        ObjectNode call = report.putObject("call");
        call.putNull("memory");
        List<Double> latencies = metrics.get("latency");
        call.set("latency", measurement("s", latencies));
        ObjectNode throughput = call.putObject("throughput");
        List<Double> printed = metrics.remove("throughput");
        if (printed == null) {
            throughput.put("unit", "calls/s");
            throughput.put("value", latencies.size() / latencies.stream().mapToDouble(Double::doubleValue).sum());
        } else {
            throughput.putNull("unit");
            throughput.put("value", printed.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
        }
        call.putNull("energy");
        call.putNull("efficiency");
        metrics.forEach((key, values) -> {
            if (!key.equals("latency")) {
                call.set(key, measurement(null, values));
            }
        });
        return report;
    }

    /** optimum-benchmark's measurement: values and their statistics (numpy's linear percentiles, population stdev). */
    static ObjectNode measurement(String unit, List<Double> values) {
        ObjectNode node = JSON.createObjectNode();
        node.put("unit", unit);
        node.putArray("values").addAll(values.stream().map(JSON.getNodeFactory()::numberNode).toList());
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double total = Arrays.stream(sorted).sum();
        double mean = total / sorted.length;
        double variance = Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).sum() / sorted.length;
        node.put("count", sorted.length);
        node.put("total", total);
        node.put("mean", mean);
        node.put("p50", percentile(sorted, 50));
        node.put("p90", percentile(sorted, 90));
        node.put("p95", percentile(sorted, 95));
        node.put("p99", percentile(sorted, 99));
        node.put("stdev", Math.sqrt(variance));
        node.put("stdev_", mean == 0 ? 0 : Math.sqrt(variance) / mean * 100);
        return node;
    }

    private static double percentile(double[] sorted, double p) {
        double position = p / 100 * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    private static void writeOverrides(Path runDirectory, List<String> overrides) {
        StringBuilder yaml = new StringBuilder();
        overrides.forEach(o -> yaml.append("- ").append(o).append('\n'));
        try {
            Path hydra = Files.createDirectories(runDirectory.resolve(".hydra"));
            Files.writeString(hydra.resolve("overrides.yaml"), overrides.isEmpty() ? "[]\n" : yaml);
        } catch (IOException e) {
            throw new EngineException("Cannot write " + runDirectory.resolve(".hydra/overrides.yaml")
                    + ": check that the output directory is writable (" + e + ")", e);
        }
    }

    private static void write(Path file, JsonNode node) {
        try {
            JSON.writeValue(file, node);
        } catch (JacksonException e) {
            throw new EngineException("Cannot write " + file + ": check that the output directory is writable ("
                    + e.getMessage() + ")", e);
        }
    }
}
