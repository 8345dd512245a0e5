package dev.commitbench.junit;

import static dev.commitbench.assertj.CommitbenchAssertions.assertThat;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.CombinedReport;
import dev.commitbench.Sweep;

/**
 * {@code QuickStartTestCases} holds the README's quick-start test as a user writes it, at the default settings
 * (3 rounds, adaptive up to 10, threshold 5%), with the fake engine standing in for optimum-benchmark; and the
 * same benchmark with the extension's own verdicts (a method that takes no report).
 */
class QuickStartTestCases {

    static class GenerationBenchmarkTests {
        // One invocation per sweep point; each runs the benchmark at the merge-base with main and at HEAD,
        // 3 interleaved rounds each (more while a comparison's gate is undecided, up to 10).
        @BenchmarkAcrossCommits(commits = "diff", configDir = "benchmark/config", configName = "bench",
                metrics = {"decode.latency.mean", "per_token.latency.mean"}, threshold = 5)
        @Sweep(key = "backend.cache_implementation", values = {"static", "dynamic"})
        @Sweep(key = "backend.torch_compile", values = {"true", "false"})
        void generationIsNotSlower(CombinedReport report) {
            assertThat(report).hasNoRegression();
        }
    }

    static class OwnVerdicts {
        @BenchmarkAcrossCommits(commits = "diff", configDir = "benchmark/config", configName = "bench",
                metrics = {"decode.latency.mean", "per_token.latency.mean"})
        void generationIsNotSlower() {
        }
    }
}
