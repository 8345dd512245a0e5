package dev.commitbench.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/** Which way is better for a metric. */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Direction {
    /** Latency, memory, energy: a larger value is worse. */
    LOWER_IS_BETTER,
    /** Throughput, efficiency: a smaller value is worse. */
    HIGHER_IS_BETTER;

    /**
     * The direction a metric path implies: {@code throughput} or {@code efficiency} in the path means
     * higher is better; everything else (latency, memory, energy, unknown) lower is better.
     *
     * @param metricPath the dotted metric path
     * @return the direction
     */
    public static Direction of(String metricPath) {
        String p = metricPath.toLowerCase(Locale.ROOT);
        return p.contains("throughput") || p.contains("efficiency") ? HIGHER_IS_BETTER : LOWER_IS_BETTER;
    }

    /**
     * Per-metric overrides from entries {@code METRIC=higher} or {@code METRIC=lower} (case-insensitive),
     * in order; a later entry for the same metric wins.
     *
     * @param entries the entries
     * @throws IllegalArgumentException naming the entry when one is not of that form
     * @return metric path to direction, in order
     */
    public static Map<String, Direction> overrides(List<String> entries) {
        Map<String, Direction> directions = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.lastIndexOf('=');
            String metric = eq < 0 ? "" : entry.substring(0, eq).trim();
            String word = eq < 0 ? "" : entry.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            if (metric.isEmpty() || !(word.equals("higher") || word.equals("lower"))) {
                throw new IllegalArgumentException("a direction must be METRIC=higher or METRIC=lower, e.g. "
                        + "decode.throughput.value=higher, but was [" + entry + "]");
            }
            directions.put(metric, word.equals("higher") ? HIGHER_IS_BETTER : LOWER_IS_BETTER);
        }
        return directions;
    }
}
