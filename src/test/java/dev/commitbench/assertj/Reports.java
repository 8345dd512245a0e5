package dev.commitbench.assertj;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.InconclusivePolicy;
import dev.commitbench.Measurement;
import dev.commitbench.RunFailure;
import dev.commitbench.Verdict;
import java.util.List;

/** {@code Reports} is used by the assertion tests to build reports with known comparisons. */
final class Reports {

    static final Commit MAIN = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");
    static final Commit HEAD = new Commit("5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e", "HEAD");
    static final String LATENCY = "decode.latency.mean";
    static final String MEMORY = "load.memory.max_ram";
    static final String DIRECTORY = "/work/benchmarks/run-20261127-151200";

    private Reports() {
    }

    /** A comparison whose verdict is decided from [lower, upper] with a 5% threshold. */
    static Comparison comparison(String metric, String config, double change, double lower, double upper) {
        return new Comparison("gpt2", config, metric, metric.equals(MEMORY) ? "MB" : "s", MAIN, HEAD, 0.0123,
                0.0123 * (1 + change / 100), change, lower, upper, 0.95, 5, Verdict.of(lower, upper, 5), 0.021,
                0.034, Double.NaN, Double.NaN, (upper - lower) / 2, 3, 3);
    }

    static Comparison unchanged() {
        return comparison(LATENCY, "batch_size=1", 0.4, -1.2, 2.0);
    }

    static Comparison regressed() {
        return comparison(LATENCY, "batch_size=2", 12.0, 8.1, 15.9);
    }

    static Comparison inconclusive() {
        return comparison(MEMORY, "batch_size=1", 3.0, -3.0, 9.0);
    }

    /** Inconclusive at 5%, but its estimate lies beyond +5% and its whole interval above 0. */
    static Comparison probable() {
        return comparison(LATENCY, "batch_size=4", 7.0, 1.5, 12.5);
    }

    /** Inconclusive whether it improved by more than 5%, but surely not 5% slower: the gate passes. */
    static Comparison notWorse() {
        return comparison(LATENCY, "batch_size=8", -3.6, -13.1, 4.1);
    }

    static CombinedReport report(Comparison... comparisons) {
        return builder(comparisons).build();
    }

    static CombinedReport.Builder builder(Comparison... comparisons) {
        return CombinedReport.builder().commits(List.of(MAIN, HEAD)).reportDirectory(DIRECTORY)
                .put("gpt2", "batch_size=1", MAIN.sha(), measurement(LATENCY, 0.0123))
                .put("gpt2", "batch_size=1", HEAD.sha(), measurement(LATENCY, 0.0124))
                .comparisons(List.of(comparisons));
    }

    /** One round of one sample. */
    static Measurement measurement(String metric, double value) {
        return new Measurement(metric, metric.equals(MEMORY) ? "MB" : "s", List.of(value), List.of(List.of(value)));
    }

    static CombinedReport report(InconclusivePolicy policy, Comparison... comparisons) {
        return builder(comparisons).inconclusivePolicy(policy).build();
    }

    static CombinedReport reportWithProbablePolicy(InconclusivePolicy policy, Comparison... comparisons) {
        return builder(comparisons).probableRegressionPolicy(policy).build();
    }

    static RunFailure failure() {
        return new RunFailure(HEAD, "backend.model=gpt2, batch_size=2", 2, "/work/benchmarks/run-1/HEAD/batch_size=2/round-2",
                "optimum-benchmark exited with 1\nRuntimeError: CUDA out of memory");
    }
}
