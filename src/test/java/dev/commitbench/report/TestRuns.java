package dev.commitbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** {@code TestRuns} is used to write run directories in optimum-benchmark 0.5+'s layout for tests. */
final class TestRuns {

    private TestRuns() {
    }

    /** A {@code benchmark_report.json} with decode latency {@code values}, their mean, and a decode throughput. */
    static String report(List<Double> decodeLatencies, String throughput) {
        String values = decodeLatencies.stream().map(PythonJson::dump).collect(Collectors.joining(", "));
        double mean = decodeLatencies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return """
                {
                    "load_model": {"memory": {"unit": "MB", "max_ram": 580.149248, "max_global_vram": null},
                                   "latency": null, "throughput": null, "energy": null, "efficiency": null},
                    "decode": {"memory": null,
                               "latency": {"unit": "s", "values": [%s], "count": %d, "mean": %s},
                               "throughput": {"unit": "tokens/s", "value": %s},
                               "energy": null, "efficiency": null},
                    "per_token": {"memory": null, "latency": null, "throughput": null, "energy": null, "efficiency": null}
                }
                """.formatted(values, decodeLatencies.size(), PythonJson.dump(mean), throughput);
    }

    /** A {@code benchmark_config.json} naming {@code model}. */
    static String config(String name, String model) {
        return """
                {"name": "%s", "backend": {"name": "pytorch", "model": "%s"},
                 "environment": {"optimum_benchmark_version": "0.7.0.dev0"}}
                """.formatted(name, model);
    }

    /** Writes a run directory with the given files ({@code name, content, name, content, ...}). */
    static Path run(Path dir, String... namesAndContents) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < namesAndContents.length; i += 2) {
                Path file = dir.resolve(namesAndContents[i]);
                Files.createDirectories(file.getParent());
                Files.writeString(file, namesAndContents[i + 1]);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
