package dev.commitbench.stats;

import static dev.commitbench.stats.MetricComparatorTests.HEAD;
import static dev.commitbench.stats.MetricComparatorTests.MAIN;
import static dev.commitbench.stats.Samples.singleValued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commitbench.Comparison;
import dev.commitbench.Measurement;
import dev.commitbench.Verdict;
import dev.commitbench.report.MetricPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** Verifies which way is better for each kind of metric, and that an override reverses it. */
class DirectionTests {

    private static Comparison compare(String metric, double base, double cand, ComparisonSettings settings) {
        Measurement b = singleValued(metric, "", base, base * 1.001, base * 0.999);
        Measurement c = singleValued(metric, "", cand, cand * 1.001, cand * 0.999);
        return MetricComparator.compare("gpt2", "batch_size=1", metric, MAIN, b, HEAD, c, settings);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "decode.latency.mean, LOWER_IS_BETTER",
        "decode.latency.total, LOWER_IS_BETTER",
        "load.memory.max_ram, LOWER_IS_BETTER",
        "decode.memory.max_global_vram, LOWER_IS_BETTER",
        "decode.energy.gpu, LOWER_IS_BETTER",
        "decode.energy.total, LOWER_IS_BETTER",
        "decode.throughput.value, HIGHER_IS_BETTER",
        "prefill.efficiency.value, HIGHER_IS_BETTER",
        "call.latency.mean, LOWER_IS_BETTER",
        "my.score, LOWER_IS_BETTER",
    })
    void the_path_says_which_way_is_better(String metric, Direction expected) {
        assertThat(Direction.of(metric)).isEqualTo(expected);
        assertThat(ComparisonSettings.defaults().direction(metric)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} up 20% is {1}")
    @CsvSource({
        "decode.latency.mean, REGRESSED",
        "load.memory.max_ram, REGRESSED",
        "decode.energy.total, REGRESSED",
        "decode.throughput.value, IMPROVED",
        "decode.efficiency.value, IMPROVED",
    })
    void a_larger_value_is_worse_unless_higher_is_better(String metric, Verdict expected) {
        Comparison up = compare(metric, 100, 120, ComparisonSettings.defaults());

        assertThat(up.verdict()).isEqualTo(expected);
        assertThat(up.changePercent()).isCloseTo(expected == Verdict.REGRESSED ? 20 : -20,
                within(1e-9));
    }

    @ParameterizedTest(name = "{0}: {1}, {2}")
    @CsvSource({
        "decode.energy.gpu, kWh, LOWER_IS_BETTER",
        "decode.energy.total, kWh, LOWER_IS_BETTER",
        "prefill.energy.cpu, kWh, LOWER_IS_BETTER",
        "decode.efficiency.value, tokens/kWh, HIGHER_IS_BETTER",
        "preprocess.efficiency.value, samples/kWh, HIGHER_IS_BETTER",
    })
    void optimum_benchmarks_energy_and_efficiency_are_one_value_per_round_compared_the_right_way(String metric,
            String unit, Direction expected) throws IOException {
        String fixtures = System.getProperty("commitbench.fixtures");
        Path report = fixtures == null ? null
                : Path.of(fixtures, "public-reports/scottcha__AIEnergyScore@18a1cc8/results/benchmark_report.json");
        assumeTrue(report != null && Files.isRegularFile(report),
                "the shared fixtures (../shared/fixtures) are absent: set -Dcommitbench.fixtures to run this test");

        MetricPath.Found found = MetricPath.of(metric).find(JsonMapper.builder().build().readTree(report.toFile()))
                .orElseThrow();

        assertThat(found.value()).isInstanceOf(Double.class);
        assertThat(found.unit()).isEqualTo(unit);
        assertThat(found.samples()).as("no per-iteration values: one sample per round").isEmpty();
        assertThat(Direction.of(metric)).isEqualTo(expected);
        assertThat(Statistic.of(metric)).hasToString("mean of the round values");
    }

    @Test
    void an_override_reverses_a_regression_into_an_improvement() {
        ComparisonSettings higher = new ComparisonSettings(5, 0.95, 2000, 1,
                Direction.overrides(List.of("decode.latency.mean=higher")));

        assertThat(compare("decode.latency.mean", 100, 120, ComparisonSettings.defaults()).verdict())
                .isEqualTo(Verdict.REGRESSED);
        assertThat(compare("decode.latency.mean", 100, 120, higher).verdict()).isEqualTo(Verdict.IMPROVED);
        assertThat(higher.direction("decode.latency.p90")).isEqualTo(Direction.LOWER_IS_BETTER);
    }

    @Test
    void overrides_are_read_in_order_case_insensitively_and_the_last_wins() {
        Map<String, Direction> overrides = Direction.overrides(List.of("decode.throughput.value=LOWER",
                " my.metric = higher ", "decode.throughput.value=Higher"));

        assertThat(overrides).containsExactly(entry("decode.throughput.value", Direction.HIGHER_IS_BETTER),
                entry("my.metric", Direction.HIGHER_IS_BETTER));
        assertThat(Direction.overrides(List.of())).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"decode.latency.mean", "decode.latency.mean=faster", "=higher", "decode.latency.mean=",
        "decode.latency.mean:higher"})
    void a_bad_override_is_named_with_the_form_it_must_have(String entry) {
        assertThatIllegalArgumentException().isThrownBy(() -> Direction.overrides(List.of("my.metric=lower", entry)))
                .withMessage("a direction must be METRIC=higher or METRIC=lower, e.g. decode.throughput.value=higher, "
                        + "but was [" + entry + "]");
    }
}
