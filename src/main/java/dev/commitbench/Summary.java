package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code Summary} is one run directory summarized as benchmark.py does:
 * {@code {model, commit, config, metrics}}, plus what commitbench keeps beside it (the samples behind
 * each metric, units, the round and the run directory), which never goes into benchmark.py's files.
 *
 * <p>For example, summarizing one run directory as benchmark.py would:
 *
 * <pre><code class='java'>
 * RunReport run = RunReader.read(Path.of("_benchmark/tmp1a2b3c4d/commit=5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e"));
 * Summary summary = Summarizer.summarize(run, "5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e",
 *         List.of("decode.latency.mean"), 1);
 * Object latency = summary.metrics().get("decode.latency.mean");
 * </code></pre>
 *
 * @param model        {@code config.backend.model}
 * @param commit       the full SHA
 * @param config       the config label: the task overrides minus {@code backend.model}, sorted and
 *                     joined with {@code ,}, or {@code config.name} when that is empty
 * @param metrics      metric path to value, in the requested order; absent metrics are left out. A
 *                     value is what the report holds at the path: a {@code Double}, {@code Long},
 *                     {@code String}, {@code Boolean}, {@code List} or {@code Map} (JSON-like)
 * @param samples      metric path to the per-iteration values behind it (a latency's {@code values});
 *                     single-valued metrics have none
 * @param units        metric path to unit, where the report gives one
 * @param round        the round that produced it, from 1 (0 when unknown)
 * @param runDirectory the run directory (absolute path as a string)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Summary(String model, String commit, String config, Map<String, Object> metrics,
        Map<String, List<Double>> samples, Map<String, String> units, int round, String runDirectory) {

    /**
     * Copies the maps; null maps become empty ones.
     *
     * @param model {@code config.backend.model}
     * @param commit the full SHA
     * @param config the config label: the task overrides minus {@code backend.model}, sorted and joined with
     *               {@code ,}, or {@code config.name} when that is empty
     * @param metrics metric path to value, in the requested order; absent metrics are left out. A value is what the
     *                report holds at the path: a {@code Double}, {@code Long}, {@code String}, {@code Boolean},
     *                {@code List} or {@code Map} (JSON-like)
     * @param samples metric path to the per-iteration values behind it (a latency's {@code values}); single-valued
     *                metrics have none
     * @param units metric path to unit, where the report gives one
     * @param round the round that produced it, from 1 (0 when unknown)
     * @param runDirectory the run directory (absolute path as a string)
     */
    public Summary {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(config, "config");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        samples = Collections.unmodifiableMap(new LinkedHashMap<>(samples));
        units = Collections.unmodifiableMap(new LinkedHashMap<>(units));
        runDirectory = runDirectory == null ? "" : runDirectory;
    }
}
