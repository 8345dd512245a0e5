package dev.commitbench.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import tools.jackson.databind.JsonNode;

/**
 * {@code MetricPath} is a dotted path into an optimum-benchmark report, such as {@code decode.latency.mean},
 * {@code prefill.throughput.value} or {@code load_model.memory.max_ram}.
 *
 * <p>A path that is missing, or that meets a {@code null} (as {@code per_token.throughput} is in every
 * report from 0.5 on), is absent: {@link #find} returns an empty {@code Optional}, never the parent object
 * and never an exception. A found value keeps the unit of the object that encloses it (its {@code unit}
 * key) and, when that object has a {@code values} array (a latency), those values as the per-iteration
 * samples. Instances are immutable and thread-safe.
 *
 * @param path the dotted path, as given
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record MetricPath(String path) {

    private static final Pattern SEGMENTS = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");

    /**
     * Checks the path.
     *
     * @param path a dotted path such as {@code decode.latency.mean}
     * @throws IllegalArgumentException when {@code path} is blank, has an empty segment or whitespace
     */
    public MetricPath {
        if (path == null || !SEGMENTS.matcher(path).matches()) {
            throw new IllegalArgumentException("Metric path [" + path + "] is not a dotted path such as"
                    + " decode.latency.mean: use non-empty segments separated by single dots, without spaces.");
        }
    }

    /**
     * Parses a dotted path.
     *
     * @param path a dotted path such as {@code decode.latency.mean}
     * @throws IllegalArgumentException when {@code path} is blank, has an empty segment or whitespace
     * @return the parsed path
     */
    public static MetricPath of(String path) {
        return new MetricPath(path);
    }

    /**
     * Looks the path up in {@code report}; empty when any segment is missing or {@code null}.
     *
     * @param report optimum-benchmark's report (the {@code report} object)
     * @return what was found there, or empty
     */
    public Optional<Found> find(JsonNode report) {
        JsonNode parent = null;
        JsonNode node = report;
        for (String segment : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            parent = node;
            node = node.get(segment);
        }
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        JsonNode unit = parent.get("unit");
        JsonNode values = parent.get("values");
        List<Double> samples = new ArrayList<>();
        if (values != null && values.isArray() && node != values) {
            values.forEach(v -> {
                if (v.isNumber()) {
                    samples.add(v.doubleValue());
                }
            });
        }
        return Optional.of(new Found(ReportJson.toJava(node), unit != null && unit.isString() ? unit.stringValue() : "",
                samples));
    }

    /** {@return the path as given} */
    @Override
    public String toString() {
        return path;
    }

    /**
     * A value found at a metric path.
     *
     * @param value   the JSON-like value: {@code Double}, {@code Long}, {@code String}, {@code Boolean},
     *                {@code List} or {@code Map}; never null
     * @param unit    the enclosing object's {@code unit}, or {@code ""}
     * @param samples the enclosing object's numeric {@code values} (per-iteration samples), or empty
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Found(Object value, String unit, List<Double> samples) {
        /**
         * Copies the samples.
         *
         * @param value the JSON-like value: {@code Double}, {@code Long}, {@code String}, {@code Boolean},
         *              {@code List} or {@code Map}; never null
         * @param unit the enclosing object's {@code unit}, or {@code ""}
         * @param samples the enclosing object's numeric {@code values} (per-iteration samples), or empty
         */
        public Found {
            samples = List.copyOf(samples);
        }
    }
}
