package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Verifies that {@link MetricPath} finds values, units and samples, and treats missing or null paths as absent. */
class MetricPathTests {

    private static final JsonNode REPORT = ReportJson.MAPPER.readTree(TestRuns.report(List.of(0.25, 0.75), "12.5"));

    @Test
    void finds_a_latency_with_its_unit_and_samples() {
        var found = MetricPath.of("decode.latency.mean").find(REPORT).orElseThrow();

        assertThat(found.value()).isEqualTo(0.5);
        assertThat(found.unit()).isEqualTo("s");
        assertThat(found.samples()).containsExactly(0.25, 0.75);
    }

    @Test
    void finds_single_valued_metrics_without_samples() {
        var throughput = MetricPath.of("decode.throughput.value").find(REPORT).orElseThrow();
        var memory = MetricPath.of("load_model.memory.max_ram").find(REPORT).orElseThrow();

        assertThat(throughput.value()).isEqualTo(12.5);
        assertThat(throughput.unit()).isEqualTo("tokens/s");
        assertThat(throughput.samples()).isEmpty();
        assertThat(memory.value()).isEqualTo(580.149248);
        assertThat(memory.unit()).isEqualTo("MB");
    }

    @Test
    void keeps_integers_and_objects_as_json_like_values() {
        assertThat(MetricPath.of("decode.latency.count").find(REPORT).orElseThrow().value()).isEqualTo(2L);
        assertThat(MetricPath.of("decode.throughput").find(REPORT).orElseThrow().value())
                .isEqualTo(Map.of("unit", "tokens/s", "value", 12.5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"per_token.throughput.value", "per_token.throughput", "load_model.memory.max_global_vram",
            "decode.latency.p99", "nothing", "decode.latency.mean.deeper", "decode.latency.values.first"})
    void missing_or_null_paths_are_absent_never_the_parent(String path) {
        assertThat(MetricPath.of(path).find(REPORT)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "decode..mean", ".decode", "decode.", "decode latency"})
    void rejects_malformed_paths(String path) {
        assertThatThrownBy(() -> MetricPath.of(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Metric path [" + path + "] is not a dotted path such as decode.latency.mean: use non-empty"
                        + " segments separated by single dots, without spaces.");
    }
}
