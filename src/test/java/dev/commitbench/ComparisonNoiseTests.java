package dev.commitbench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verifies when a comparison says that most of its noise is between processes. */
class ComparisonNoiseTests {

    private static final Commit MAIN = new Commit("a".repeat(40), "main");
    private static final Commit HEAD = new Commit("b".repeat(40), "HEAD");

    @ParameterizedTest(name = "round CV {0} / {1}, iterations alone {2} / {3} -> {4}")
    @CsvSource({
        "0.03, 0.01, 0.01, 0.01, true",
        "0.0299, 0.0299, 0.01, 0.01, false",
        "0.01, 0.06, 0.01, 0.02, true",
        "0.01, 0.0599, 0.01, 0.02, false",
        "0.05, 0.05, NaN, NaN, false",
        "0.05, 0.05, NaN, 0.01, true",
        "NaN, NaN, 0.01, 0.01, false",
        "0.01, 0.01, 0, 0, true",
        "0, 0, 0, 0, false",
    })
    void the_noise_is_between_processes_when_the_rounds_vary_three_times_as_much_as_their_iterations_alone_would(
            double baselineCv, double candidateCv, double baselineIterationCv, double candidateIterationCv,
            boolean betweenProcesses) {
        Comparison c = new Comparison("gpt2", "", "decode.latency.mean", "s", MAIN, HEAD, 1.0, 1.02, 2, -6, 10, 0.95,
                5, Verdict.INCONCLUSIVE, baselineCv, candidateCv, baselineIterationCv, candidateIterationCv, 8, 3, 3);

        assertThat(c.noiseIsBetweenProcesses()).isEqualTo(betweenProcesses);
        assertThat(c.withThreshold(10)).extracting(Comparison::baselineIterationCv, Comparison::candidateIterationCv)
                .containsExactly(baselineIterationCv, candidateIterationCv);
    }
}
