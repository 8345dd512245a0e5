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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A transformers-style generation benchmark with optimum-benchmark: {@code benchmark/config/generation.yaml}
 * in each commit's checkout, swept over the cache implementation and {@code torch.compile}, four points
 * of two commits each. It runs where optimum-benchmark is installed (the configuration parameter
 * {@code commitbench.executable}, else {@code optimum-benchmark} on the {@code PATH}) and is aborted, with the
 * reason, where it is not: the {@code BeforeEachCallback} below aborts each invocation before any commit is
 * checked out or any process started, so that every sweep point is reported as skipped with the reason (without it, the extension would report the missing executable as an
 * error, which is what a CI job that must benchmark wants).
 */
class GenerationBenchmarkTests {

    static Path repository;

    /** Aborts each invocation, with what to install, where the optimum-benchmark executable cannot be found. */
    @RegisterExtension
    @Order(1)
    static BeforeEachCallback requireOptimumBenchmark = context -> {
        String executable = context.getConfigurationParameter("commitbench.executable").orElse("optimum-benchmark");
        Assumptions.assumeTrue(installed(executable), () -> "optimum-benchmark is not installed on this machine: ["
                + executable + "] is neither an executable file nor on the PATH. pip install optimum-benchmark (with "
                + "transformers and torch), or set commitbench.executable, to run the generation benchmark.");
    };

    /** Points the benchmark at the transformers-style sample repository that {@code @BeforeAll} builds. */
    @RegisterExtension
    @Order(2)
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
    @BenchmarkAcrossCommits(commits = { "baseline", "candidate" }, configDir = "benchmark/config",
            configName = "generation", metrics = { "prefill.latency.mean", "decode.latency.mean",
                    "decode.throughput.value" }, rounds = 2, threshold = 10, timeout = "30m")
    @Sweep(key = "backend.cache_implementation", values = { "null", "static" })
    @Sweep(key = "backend.torch_compile", values = { "false", "true" })
    void generation(CombinedReport report) {
        assertThat(report).hasNoRegression();
    }
    // end::generation[]

    /** Whether the executable's first word is an executable file, or one on the {@code PATH}. */
    static boolean installed(String executable) {
        String program = executable.trim().split("\\s+")[0];
        if (program.contains(File.separator)) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, program)).anyMatch(Files::isExecutable);
    }
}
