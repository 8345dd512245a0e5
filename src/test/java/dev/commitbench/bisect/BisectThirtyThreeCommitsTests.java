package dev.commitbench.bisect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.stats.ComparisonSettings;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The end-to-end target, without git or an engine: a 33-commit history with one 10% step, t = 5%, bisected
 * to the exact culprit within 60 engine runs, wherever the step is, with the target noise (CV 3%, 1%
 * per-process offsets) and with the fake engine's default noise (CV 5%, no offsets).
 */
class BisectThirtyThreeCommitsTests {

    private static final int COMMITS = 33;

    static Stream<Arguments> steps() {
        SimulatedHistory.Noise fake = new SimulatedHistory.Noise(0.05, 0, 10, 0, 0);
        return Stream.of(SimulatedHistory.Noise.target(), fake).flatMap(noise -> IntStream.range(1, COMMITS)
                .mapToObj(at -> Arguments.of(at, noise)));
    }

    @ParameterizedTest(name = "step at c{0}, {1}")
    @MethodSource("steps")
    void finds_the_exact_culprit_within_60_engine_runs(int at, SimulatedHistory.Noise noise) {
        SimulatedHistory history = new SimulatedHistory(SimulatedHistory.step(COMMITS, at, 0.10), noise, 1000L + at);
        BisectSettings settings = BisectSettings.of("decode.latency.mean")
                .withComparison(ComparisonSettings.defaults().withThreshold(5));

        BisectResult result = BisectSearch.over(SimulatedHistory.path(COMMITS), settings).run(history);

        assertThat(result.kind()).as(result.summary()).isEqualTo(BisectResult.Kind.SINGLE_STEP);
        assertThat(result.culprit()).isEqualTo(SimulatedHistory.commit(at));
        assertThat(result.engineRuns()).isLessThanOrEqualTo(60);
    }
}
