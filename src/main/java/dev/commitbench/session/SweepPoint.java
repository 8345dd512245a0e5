package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * One sweep point: Hydra overrides {@code key -> value} in declaration order.
 *
 * @param values the overrides; empty for the single point of a plan without sweeps
 */
@API(status = INTERNAL, since = "0.1")
public record SweepPoint(Map<String, String> values) {

    /**
     * Copies the overrides, keeping their order.
     *
     * @param values the overrides; empty for the single point of a plan without sweeps
     */
    public SweepPoint {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@return the single point of a plan without sweeps} */
    public static SweepPoint empty() {
        return new SweepPoint(Map.of());
    }

    /** {@return the overrides as {@code key=value} arguments, in order} */
    public List<String> overrides() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** {@return {@code backend.model=gpt2, batch_size=2}, or {@code ""} for the empty point} */
    public String label() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
