package dev.commitbench.report;

import static dev.commitbench.report.TestRuns.config;
import static dev.commitbench.report.TestRuns.report;
import static dev.commitbench.report.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.Summary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@link Summarizer} builds benchmark.py's summary and warns about metrics no report has. */
class SummarizerTests {

    private static final String SHA = "bfc25d552b7c5816ec112e89016fa3efaaff5818";

    @TempDir
    Path temp;

    @Test
    void summarizes_requested_metrics_in_order_leaving_absent_ones_out() {
        Path dir = run(temp.resolve("job"), "benchmark_report.json", report(List.of(0.25, 0.75), "12.5"),
                "benchmark_config.json", config("pytorch_generate", "gpt2"),
                ".hydra/overrides.yaml", "- backend.model=gpt2\n- scenario.input_shapes.batch_size=1\n");

        Summary summary = Summarizer.summarize(RunReader.read(dir), SHA,
                List.of("decode.throughput.value", "per_token.throughput.value", "decode.latency.mean"), 2);

        assertThat(summary.model()).isEqualTo("gpt2");
        assertThat(summary.commit()).isEqualTo(SHA);
        assertThat(summary.config()).isEqualTo("scenario.input_shapes.batch_size=1");
        assertThat(summary.metrics()).containsExactly(entry("decode.throughput.value", 12.5),
                entry("decode.latency.mean", 0.5));
        assertThat(summary.samples()).containsOnlyKeys("decode.latency.mean");
        assertThat(summary.samples().get("decode.latency.mean")).containsExactly(0.25, 0.75);
        assertThat(summary.units()).containsEntry("decode.latency.mean", "s").containsEntry("decode.throughput.value", "tokens/s");
        assertThat(summary.round()).isEqualTo(2);
        assertThat(summary.runDirectory()).isEqualTo(dir.toString());
    }

    @Test
    void keeps_nan_values_as_read() {
        Path dir = run(temp.resolve("nan"), "benchmark_report.json",
                "{\"decode\": {\"latency\": {\"unit\": \"s\", \"values\": [NaN], \"mean\": NaN}}}");

        Summary summary = Summarizer.summarize(RunReader.read(dir), SHA, List.of("decode.latency.mean"), 1);

        assertThat((Double) summary.metrics().get("decode.latency.mean")).isNaN();
        assertThat(PythonJson.dump(summary.metrics())).isEqualTo("{\n    \"decode.latency.mean\": NaN\n}");
    }

    @Test
    void refuses_to_summarize_a_failed_run_with_its_problem() {
        Path dir = run(temp.resolve("died"), "benchmark_config.json", config("c", "gpt2"));
        RunReport failed = RunReader.read(dir);

        assertThatThrownBy(() -> Summarizer.summarize(failed, SHA, Summarizer.DEFAULT_METRICS, 1))
                .isInstanceOf(ReportException.class)
                .hasMessage("Cannot summarize run directory [" + dir + "]: " + failed.problem());
    }

    @Test
    void warns_about_metrics_found_in_no_report_listing_those_that_exist() {
        RunReport first = RunReader.read(run(temp.resolve("a"), "benchmark_report.json",
                "{\"decode\": {\"latency\": {\"unit\": \"s\", \"mean\": 1.0, \"values\": [1.0]},"
                        + " \"throughput\": null}}"));
        RunReport second = RunReader.read(run(temp.resolve("b"), "benchmark_report.json",
                "{\"prefill\": {\"throughput\": {\"unit\": \"tokens/s\", \"value\": 3.0}}}"));
        RunReport failed = RunReader.read(run(temp.resolve("c"), "benchmark_config.json", "{}"));
        List<RunReport> runs = List.of(first, second, failed);

        assertThat(Summarizer.missingMetricsWarning(runs,
                List.of("decode.latency.mean", "decode.throughput.value", "prefill.throughput.value", "decode.latency.p99")))
                .contains("Metric path(s) [decode.throughput.value, decode.latency.p99] found in no report of the 2 run(s)"
                        + " read (a missing or null path is absent). Choose metrics the reports have: decode.latency.mean,"
                        + " prefill.throughput.value");
        assertThat(Summarizer.missingMetricsWarning(runs, List.of("decode.latency.mean", "prefill.throughput.value")))
                .isEmpty();
        assertThat(Summarizer.missingMetricsWarning(List.of(failed), List.of("x.y"))).isEmpty();
    }

    private static java.util.Map.Entry<String, Object> entry(String key, Object value) {
        return java.util.Map.entry(key, value);
    }
}
