package dev.commitbench.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.report.RunReport.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code RunReader} is used to read one optimum-benchmark run directory, in every layout from 0.2 to 0.7:
 * {@code benchmark_report.json} and {@code benchmark_config.json} (0.2 on), {@code benchmark.json} =
 * {@code {config, report}} (0.5 on) and {@code .hydra/overrides.yaml}.
 *
 * <p>{@code benchmark.json} wins when it exists, as in benchmark.py (in one public run its config names
 * another model than {@code benchmark_config.json}); a broken {@code benchmark.json} makes the run
 * {@code FAILED}, never a silent fallback. A directory with a config but no
 * report, with only {@code .hydra/}, or with a truncated or non-JSON report is {@code FAILED}; the CSV
 * results of optimum-benchmark before 0.2 are {@code UNSUPPORTED}. {@code NaN} and {@code Infinity}
 * (which Python writes) are read as such. Thread-safe (stateless).
 *
 * <p>A {@code RunReport} holds the whole JSON tree of its report: summarize it and let it go rather than
 * keeping thousands of them.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RunReader {

    static final String BENCHMARK = "benchmark.json";
    static final String REPORT = "benchmark_report.json";
    static final String CONFIG = "benchmark_config.json";
    /** The engine's output as commitbench captures it, in every run directory it makes. */
    static final String ENGINE_LOG = "engine.log";
    static final String HYDRA = ".hydra";
    static final List<String> CSV_ERA = List.of("inference_results.csv", "training_results.csv", "hydra_config.yaml");
    private static final String BACKEND_MODEL = "backend.model";
    private static final String BACKEND_DEVICE_IDS = "backend.device_ids";

    private RunReader() {
    }

    /**
     * Reads the run directory {@code dir}; never throws for a bad report, but reports it as the status.
     *
     * @param dir the run directory
     * @return what was read, with its status
     */
    public static RunReport read(Path dir) {
        List<String> overrides = readOverrides(dir.resolve(HYDRA).resolve("overrides.yaml"));
        try {
            if (Files.isRegularFile(dir.resolve(BENCHMARK))) {
                JsonNode combined = parse(dir.resolve(BENCHMARK));
                JsonNode config = object(combined.get("config"));
                JsonNode report = object(combined.get("report"));
                return report != null ? ok(dir, config, report, overrides) : failed(dir, config, overrides,
                        "no report: [" + dir.resolve(BENCHMARK) + "] has no 'report' object. See " + logs(dir)
                                + " for the cause, fix it and rerun.");
            }
            JsonNode config = Files.isRegularFile(dir.resolve(CONFIG)) ? parse(dir.resolve(CONFIG)) : null;
            if (Files.isRegularFile(dir.resolve(REPORT))) {
                return ok(dir, config, parse(dir.resolve(REPORT)), overrides);
            }
            if (config != null) {
                return failed(dir, config, overrides, "no report: [" + dir + "] has " + CONFIG + " but no " + REPORT
                        + " or " + BENCHMARK + ": the run failed after saving its config. See " + logs(dir)
                        + " for the cause, fix it and rerun.");
            }
            List<String> csv = CSV_ERA.stream().filter(name -> Files.isRegularFile(dir.resolve(name))).toList();
            if (!csv.isEmpty()) {
                return new RunReport(dir, Status.UNSUPPORTED, null, null, overrides, "", "", "",
                        "unsupported: optimum-benchmark < 0.2 wrote [" + dir + "] (" + String.join(", ", csv)
                                + "); commitbench reads the JSON reports of optimum-benchmark 0.2 and later. Rerun it with"
                                + " optimum-benchmark >= 0.2.");
            }
            return failed(dir, null, overrides, "no report: [" + dir + "] holds no " + CONFIG + ", " + REPORT + " or "
                    + BENCHMARK + ": the run died before optimum-benchmark saved its config (a bad model or override?)."
                    + " See the logs in that directory, fix the cause and rerun.");
        } catch (BadJson e) {
            return failed(dir, null, overrides, e.getMessage());
        }
    }

    /**
     * The logs that exist for a run directory, to name in a message: commitbench's {@code engine.log} (in the run
     * directory, or in the sweep directory above a multirun's job directory), then optimum-benchmark's own
     * {@code benchmark.log} and {@code cli.log} (written unless Hydra's job logging is disabled, as commitbench
     * does); "the logs in [dir]" when none exists.
     */
    static String logs(Path dir) {
        List<String> found = new ArrayList<>();
        for (Path candidate : List.of(dir.resolve(ENGINE_LOG), dir.resolveSibling(ENGINE_LOG), dir.resolve("benchmark.log"),
                dir.resolve("cli.log"))) {
            if (Files.isRegularFile(candidate) && !found.contains("[" + candidate + "]")) {
                found.add("[" + candidate + "]");
            }
        }
        return found.isEmpty() ? "the logs in [" + dir + "]" : String.join(" and ", found);
    }

    private static RunReport ok(Path dir, JsonNode config, JsonNode report, List<String> overrides) {
        return new RunReport(dir, Status.OK, config, report, overrides, model(config), label(config, overrides),
                version(config), "");
    }

    private static RunReport failed(Path dir, JsonNode config, List<String> overrides, String problem) {
        return new RunReport(dir, Status.FAILED, config, null, overrides, model(config), label(config, overrides),
                version(config), problem);
    }

    private static String model(JsonNode config) {
        JsonNode model = config == null ? null : config.path("backend").get("model");
        return model != null && model.isString() ? model.stringValue() : "";
    }

    private static String version(JsonNode config) {
        JsonNode version = config == null ? null : config.path("environment").get("optimum_benchmark_version");
        return version != null && version.isString() ? version.stringValue() : "";
    }

    /**
     * Hydra's {@code override_dirname} of the task overrides minus {@code backend.model} and
     * {@code backend.device_ids} (which GPU ran it is where, not what: a point pinned to device 0 on one run and 3
     * on the next is the same config), else {@code config.name}.
     */
    static String label(JsonNode config, List<String> overrides) {
        String label = overrides.stream()
                .filter(o -> !key(o).equals(BACKEND_MODEL) && !key(o).equals(BACKEND_DEVICE_IDS))
                .sorted()
                .collect(Collectors.joining(","));
        if (!label.isEmpty() || config == null) {
            return label;
        }
        JsonNode name = config.get("name");
        return name != null && name.isString() ? name.stringValue() : "";
    }

    private static String key(String override) {
        int eq = override.indexOf('=');
        String key = eq < 0 ? override : override.substring(0, eq);
        return key.replaceFirst("^(\\+\\+|\\+|~)", "");
    }

    private static JsonNode object(JsonNode node) {
        return node != null && node.isObject() ? node : null;
    }

    private static JsonNode parse(Path file) throws BadJson {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read [" + file + "]: " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new BadJson("[" + file + "] is empty (0 bytes): the run died while writing it. Rerun the benchmark.");
        }
        try {
            JsonNode node = ReportJson.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new BadJson("[" + file + "] is not a JSON object. Rerun the benchmark.");
            }
            return node;
        } catch (JacksonException e) {
            String detail = e.getOriginalMessage();
            boolean truncated = detail != null && detail.contains("end-of-input");
            throw new BadJson("[" + file + "] is " + (truncated ? "truncated" : "not valid JSON") + " ("
                    + firstLine(detail) + ", " + bytes.length + " bytes): the run probably died while writing it."
                    + " Rerun the benchmark.");
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /**
     * Reads Hydra's {@code overrides.yaml}: a YAML list of strings in block style ({@code - key=value}, plain,
     * single- or double-quoted, continuation lines folded with a space) or the empty flow list {@code []}.
     */
    static List<String> readOverrides(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return parseOverrides(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read [" + file + "]: " + e.getMessage(), e);
        }
    }

    static List<String> parseOverrides(String yaml) {
        var items = new ArrayList<StringBuilder>();
        for (String line : yaml.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.equals("[]")) {
                continue;
            }
            if (line.startsWith("- ") || line.equals("-")) {
                items.add(new StringBuilder(line.substring(1).strip()));
            } else if (!items.isEmpty()) {
                items.get(items.size() - 1).append(' ').append(trimmed);
            }
        }
        return items.stream().map(item -> unquote(item.toString())).toList();
    }

    private static String unquote(String scalar) {
        if (scalar.length() >= 2 && scalar.startsWith("'") && scalar.endsWith("'")) {
            return scalar.substring(1, scalar.length() - 1).replace("''", "'");
        }
        if (scalar.length() >= 2 && scalar.startsWith("\"") && scalar.endsWith("\"")) {
            var out = new StringBuilder();
            String body = scalar.substring(1, scalar.length() - 1);
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '\\' && i + 1 < body.length()) {
                    char next = body.charAt(++i);
                    out.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> next;
                    });
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        return scalar;
    }

    /** A report file that is empty, truncated or not JSON; its message is the run's problem. */
    private static final class BadJson extends Exception {
        private static final long serialVersionUID = 1L;

        BadJson(String message) {
            super(message);
        }
    }
}
