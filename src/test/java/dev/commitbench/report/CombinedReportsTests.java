package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Measurement;
import dev.commitbench.Summary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifies that {@link CombinedReports} turns summaries into measurements per cell, by plan and round. */
class CombinedReportsTests {

    private static final Commit MAIN = new Commit("bfc25d552b7c5816ec112e89016fa3efaaff5818", "main");
    private static final Commit HEAD = new Commit("a7c66fede307877fefdcbf8fffb30157c539c5ee", "HEAD");

    @Test
    void gives_each_numeric_metric_its_round_values_and_samples_in_plan_and_round_order() {
        List<Summary> summaries = List.of(
                summary(HEAD, "bs=1", 1, Map.of("decode.latency.mean", 2.0, "decode.throughput.value", 20L),
                        Map.of("decode.latency.mean", List.of(1.9, 2.1))),
                summary(MAIN, "bs=2", 2, Map.of("decode.latency.mean", 1.2), Map.of()),
                summary(MAIN, "bs=1", 2, Map.of("decode.latency.mean", 1.1, "decode.throughput.value", 11.0),
                        Map.of("decode.latency.mean", List.of(1.0, 1.2))),
                summary(MAIN, "bs=1", 1, Map.of("decode.latency.mean", 1.0, "decode.throughput.value", 10.0),
                        Map.of("decode.latency.mean", List.of(0.9, 1.1))));

        CombinedReport report = CombinedReports.from(List.of(MAIN, HEAD), summaries, 3.0);

        assertThat(report.commits()).containsExactly(MAIN, HEAD);
        assertThat(report.thresholdPercent()).isEqualTo(3.0);
        assertThat(report.configs("gpt2")).containsExactly("bs=1", "bs=2");
        assertThat(report.measurement("gpt2", "bs=1", MAIN.sha(), "decode.latency.mean")).contains(
                new Measurement("decode.latency.mean", "s", List.of(1.0, 1.1), List.of(List.of(0.9, 1.1), List.of(1.0, 1.2))));
        assertThat(report.measurement("gpt2", "bs=1", MAIN.sha(), "decode.throughput.value")).contains(
                new Measurement("decode.throughput.value", "tokens/s", List.of(10.0, 11.0), List.of(List.of(10.0), List.of(11.0))));
        assertThat(report.measurement("gpt2", "bs=1", HEAD.sha(), "decode.throughput.value").orElseThrow().roundValues())
                .containsExactly(20.0);
        assertThat(report.measurement("gpt2", "bs=2", HEAD.sha(), "decode.latency.mean")).isEmpty();
        assertThat(report.comparisons()).isEmpty();
    }

    @Test
    void leaves_out_non_numeric_metrics_and_non_finite_values() {
        List<Summary> summaries = List.of(
                summary(MAIN, "bs=1", 1, Map.of("decode.latency.mean", Double.NaN, "decode.latency", Map.of("mean", 1.0),
                        "label", "x"), Map.of("decode.latency.mean", List.of(Double.NaN))),
                summary(MAIN, "bs=1", 2, Map.of("decode.latency.mean", 1.5), Map.of("decode.latency.mean",
                        List.of(1.4, Double.POSITIVE_INFINITY, 1.6))));

        CombinedReport report = CombinedReports.from(List.of(MAIN), summaries, 5.0);

        assertThat(report.metrics("gpt2", "bs=1", MAIN.sha())).containsExactly("decode.latency.mean");
        assertThat(report.measurement("gpt2", "bs=1", MAIN.sha(), "decode.latency.mean")).contains(
                new Measurement("decode.latency.mean", "s", List.of(1.5), List.of(List.of(1.4, 1.6))));
    }

    private static Summary summary(Commit commit, String config, int round, Map<String, Object> metrics,
            Map<String, List<Double>> samples) {
        return new Summary("gpt2", commit.sha(), config, new java.util.TreeMap<>(metrics), samples,
                Map.of("decode.latency.mean", "s", "decode.throughput.value", "tokens/s"), round, "");
    }
}
