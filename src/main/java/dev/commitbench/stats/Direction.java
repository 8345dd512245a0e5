package dev.commitbench.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

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
     */
    public static Direction of(String metricPath) {
        String p = metricPath.toLowerCase(java.util.Locale.ROOT);
        return p.contains("throughput") || p.contains("efficiency") ? HIGHER_IS_BETTER : LOWER_IS_BETTER;
    }
}
