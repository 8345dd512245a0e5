package dev.commitbench.examples;

import static dev.commitbench.assertj.CommitbenchAssertions.assertThat;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.CombinedReport;
import dev.commitbench.Sweep;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * A transformers-style generation benchmark with optimum-benchmark: {@code benchmark/config/generation.yaml}
 * in each commit's checkout, swept over the cache implementation and {@code torch.compile}, four points
 * of two commits each. It runs where {@code optimum-benchmark} is on the {@code PATH} and is aborted (shown
 * as skipped, with the reason) where it is not: the {@code @BeforeAll} assumption below says so, before
 * any commit is checked out (without it, the extension would report a missing executable as an error).
 */
class GenerationBenchmarkTests {

    @BeforeAll
    static void optimumBenchmarkAndASampleRepository() throws IOException {
        Assumptions.assumeTrue(onPath("optimum-benchmark"), "optimum-benchmark is not installed on this machine: "
                + "pip install optimum-benchmark (with transformers and torch) to run the generation benchmark");
        SampleRepository.create("transformers-style")
                .copy("transformers-style/benchmark/config/generation.yaml", "benchmark/config/generation.yaml")
                .commit("Generation benchmark", "baseline")
                .append("benchmark/config/generation.yaml", "# candidate: same model, same settings\n")
                .commit("Candidate", "candidate")
                .use();
    }

    // tag::generation[]
    @BenchmarkAcrossCommits(commits = { "baseline", "candidate" }, configDir = "benchmark/config",
            configName = "generation", metrics = { "prefill.latency.mean", "decode.latency.mean",
                    "decode.throughput.value" }, rounds = 2, threshold = 10, timeout = "30m")
    @Sweep(key = "backend.cache_implementation", values = { "null", "static" })
    @Sweep(key = "backend.torch_compile", values = { "false", "true" })
    void generation(CombinedReport report) {
        assertThat(report).hasNoRegression();
    }
    // end::generation[]

    private static boolean onPath(String executable) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, executable)).anyMatch(Files::isExecutable);
    }
}
