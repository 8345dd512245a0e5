package dev.commitbench.examples;

import static dev.commitbench.assertj.CommitbenchAssertions.assertThat;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.BenchmarkExtension;
import dev.commitbench.CombinedReport;
import dev.commitbench.Sweep;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * A transformers-style generation benchmark with optimum-benchmark: {@code benchmark/config/generation.yaml}
 * in each commit's checkout, swept over the cache implementation and {@code torch.compile}, four points
 * of two commits each. It runs where {@code optimum-benchmark} is on the {@code PATH} and is skipped, with
 * the reason, where it is not: the {@code @EnabledIf} condition below decides before any commit is checked
 * out (without it, the extension would report the missing executable as an error, which is what a CI job
 * that must benchmark wants).
 */
class GenerationBenchmarkTests {

    static Path repository;

    /** Points the benchmark at the transformers-style sample repository that {@code @BeforeAll} builds. */
    @RegisterExtension
    static BenchmarkExtension commitbench = BenchmarkExtension.builder().repository(() -> repository).build();

    @BeforeAll
    static void sampleRepository() throws IOException {
        repository = SampleRepository.create("transformers-style")
                .copy("transformers-style/benchmark/config/generation.yaml", "benchmark/config/generation.yaml")
                .commit("Generation benchmark", "baseline")
                .append("benchmark/config/generation.yaml", "# candidate: same model, same settings\n")
                .commit("Candidate", "candidate")
                .dir();
    }

    // tag::generation[]
    @EnabledIf(value = "optimumBenchmarkInstalled", disabledReason = "optimum-benchmark is not installed on this "
            + "machine: pip install optimum-benchmark (with transformers and torch) to run the generation benchmark")
    @BenchmarkAcrossCommits(commits = { "baseline", "candidate" }, configDir = "benchmark/config",
            configName = "generation", metrics = { "prefill.latency.mean", "decode.latency.mean",
                    "decode.throughput.value" }, rounds = 2, threshold = 10, timeout = "30m")
    @Sweep(key = "backend.cache_implementation", values = { "null", "static" })
    @Sweep(key = "backend.torch_compile", values = { "false", "true" })
    void generation(CombinedReport report) {
        assertThat(report).hasNoRegression();
    }
    // end::generation[]

    static boolean optimumBenchmarkInstalled() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, "optimum-benchmark"))
                .anyMatch(Files::isExecutable);
    }
}
