package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.engine.HydraSyntax;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * One sweep point: override keys and their values, in declaration order.
 *
 * <p>The values are literal text ({@code @Sweep} values: {@code /my models/gpt2=1} is that folder), which
 * {@link #overrides()} writes in Hydra's override syntax, or, with {@code hydraSyntax}, text already written in it
 * by a user (the command line's {@code backend.model=}, which benchmark.py passes on as it is), which it passes on
 * unchanged.
 *
 * @param values      the keys and values; empty for the single point of a plan without sweeps
 * @param hydraSyntax whether the values are Hydra override text rather than literal values
 */
@API(status = INTERNAL, since = "0.1")
public record SweepPoint(Map<String, String> values, boolean hydraSyntax) {

    /**
     * Copies the values, keeping their order.
     *
     * @param values      the keys and values; empty for the single point of a plan without sweeps
     * @param hydraSyntax whether the values are Hydra override text rather than literal values
     */
    public SweepPoint {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * A point of literal values.
     *
     * @param values the keys and values; empty for the single point of a plan without sweeps
     */
    public SweepPoint(Map<String, String> values) {
        this(values, false);
    }

    /**
     * A point whose values are Hydra override text, passed on unchanged.
     *
     * @param values the keys and their values in Hydra's override syntax
     * @return the point
     */
    public static SweepPoint ofHydraSyntax(Map<String, String> values) {
        return new SweepPoint(values, true);
    }

    /** {@return the single point of a plan without sweeps} */
    public static SweepPoint empty() {
        return new SweepPoint(Map.of());
    }

    /**
     * The Hydra overrides {@code key=value} for optimum-benchmark, in order: literal values written with
     * {@link HydraSyntax#override}, Hydra text as it is.
     *
     * @return the overrides, one argument each
     * @throws IllegalArgumentException naming the key or value when a literal one cannot be written for Hydra
     */
    public List<String> overrides() {
        return values.entrySet().stream()
                .map(e -> hydraSyntax ? e.getKey() + "=" + e.getValue() : HydraSyntax.override(e.getKey(), e.getValue()))
                .toList();
    }

    /**
     * {@return the plain {@code key=value} assignments, with the literal values (Hydra text read as Hydra reads it):
     * what the command engine's placeholders and config take}
     */
    public List<String> assignments() {
        return literalValues().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** {@return the keys and their literal values (Hydra text read as Hydra reads it, where it is one plain value)} */
    public Map<String, String> literalValues() {
        if (!hydraSyntax) {
            return values;
        }
        Map<String, String> literal = new LinkedHashMap<>();
        values.forEach((key, value) -> literal.put(key, HydraSyntax.literal(value).orElse(value)));
        return literal;
    }

    /** {@return {@code backend.model=gpt2, batch_size=2}, or {@code ""} for the empty point} */
    public String label() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
