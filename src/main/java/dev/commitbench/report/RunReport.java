package dev.commitbench.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import tools.jackson.databind.JsonNode;

/**
 * {@code RunReport} is what one optimum-benchmark run directory holds, as {@link RunReader} read it.
 *
 * @param directory    the run directory
 * @param status       {@code OK} when a report was read; {@code FAILED} or {@code UNSUPPORTED} otherwise
 * @param config       the benchmark config ({@code benchmark_config.json} or {@code benchmark.json}'s
 *                     {@code config}); null when the run wrote none
 * @param report       the benchmark report ({@code benchmark_report.json} or {@code benchmark.json}'s
 *                     {@code report}); null unless {@code OK}
 * @param overrides    the task overrides from {@code .hydra/overrides.yaml}, as written
 * @param model        {@code config.backend.model}, or {@code ""} when unknown
 * @param configLabel  the task overrides minus {@code backend.model}, sorted and joined with {@code ,} (Hydra's
 *                     {@code override_dirname}), or {@code config.name} when that is empty, or {@code ""}
 * @param version      the optimum-benchmark version the config records, or {@code ""}
 * @param problem      why the run is not {@code OK} (names the directory and says what to do), or {@code ""}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RunReport(Path directory, Status status, JsonNode config, JsonNode report, List<String> overrides,
        String model, String configLabel, String version, String problem) {

    /** Whether a run directory could be read. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Status {
        /** A report was read. */
        OK,
        /** The run wrote no report, or a report that is truncated or not JSON. */
        FAILED,
        /** The directory was written by optimum-benchmark before 0.2 (CSV results). */
        UNSUPPORTED
    }

    /**
     * Checks the required parts and copies the collections.
     *
     * @param directory the run directory
     * @param status {@code OK} when a report was read; {@code FAILED} or {@code UNSUPPORTED} otherwise
     * @param config the benchmark config ({@code benchmark_config.json} or {@code benchmark.json}'s {@code config});
     *               null when the run wrote none
     * @param report the benchmark report ({@code benchmark_report.json} or {@code benchmark.json}'s {@code report});
     *               null unless {@code OK}
     * @param overrides the task overrides from {@code .hydra/overrides.yaml}, as written
     * @param model {@code config.backend.model}, or {@code ""} when unknown
     * @param configLabel the task overrides minus {@code backend.model}, sorted and joined with {@code ,} (Hydra's
     *                    {@code override_dirname}), or {@code config.name} when that is empty, or {@code ""}
     * @param version the optimum-benchmark version the config records, or {@code ""}
     * @param problem why the run is not {@code OK} (names the directory and says what to do), or {@code ""}
     */
    public RunReport {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(status, "status");
        overrides = List.copyOf(overrides);
        model = model == null ? "" : model;
        configLabel = configLabel == null ? "" : configLabel;
        version = version == null ? "" : version;
        problem = problem == null ? "" : problem;
    }

    /** {@return true when a report was read} */
    public boolean isOk() {
        return status == Status.OK;
    }

    /** {@return the optimum-benchmark version, when the config records it} */
    public Optional<String> optimumBenchmarkVersion() {
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }
}
