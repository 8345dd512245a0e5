package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.report.RunReport.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies that every real run directory in {@code ../shared/fixtures} ({@code public-reports/}: public
 * optimum-benchmark outputs from 0.0.x to 0.6; {@code optimum-benchmark-cpu/}: real 0.6 and 0.7 runs) is read:
 * every JSON report parses with the values the files hold, config-only and {@code .hydra}-only folders are
 * failed runs, and CSV-era folders are unsupported. Skipped where the fixtures are absent.
 */
class ConformanceTests {

    private static Path fixtures;
    private static Map<Path, RunReport> runs;

    @BeforeAll
    static void readEveryRunDirectory() {
        fixtures = SummaryGoldenTests.fixtures();
        List<Path> dirs = new ArrayList<>(RunDirectories.find(fixtures.resolve("public-reports")));
        dirs.addAll(RunDirectories.find(fixtures.resolve("optimum-benchmark-cpu")));
        runs = dirs.stream().collect(Collectors.toMap(Function.identity(), RunReader::read, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    @Test
    void every_json_report_parses_and_every_other_folder_says_why() {
        Map<Status, Long> counts = runs.values().stream().collect(Collectors.groupingBy(RunReport::status, Collectors.counting()));
        assertThat(counts).containsEntry(Status.OK, 31L).containsEntry(Status.FAILED, 13L)
                .containsEntry(Status.UNSUPPORTED, 57L);
        runs.forEach((dir, run) -> {
            boolean hasReport = Files.exists(dir.resolve("benchmark.json")) || Files.exists(dir.resolve("benchmark_report.json"));
            assertThat(run.isOk()).as(dir + ": " + run.problem()).isEqualTo(hasReport);
            switch (run.status()) {
                case OK -> assertThat(run.report().isObject()).isTrue();
                case FAILED -> assertThat(run.problem()).startsWith("no report: [" + dir + "] ");
                case UNSUPPORTED -> assertThat(run.problem()).startsWith("unsupported: optimum-benchmark < 0.2 wrote [" + dir + "] (");
            }
        });
    }

    @Test
    void config_only_folders_are_failed_runs_that_keep_the_model() {
        RunReport run = run("public-reports/DerekLiu35__huggingface-quantization-benchmarking-code@063dcfb/runs/"
                + "llama70b_torchao_int8wo_compile");

        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.model()).isEqualTo("meta-llama/Llama-3.1-70B-Instruct");
        assertThat(run.problem()).contains("has benchmark_config.json but no benchmark_report.json or benchmark.json");
    }

    @Test
    void reads_optimum_benchmark_0_7() {
        RunReport run = run("optimum-benchmark-cpu/single/ob-0.7.0.dev0-b263af46_tf-4.57.6/runs/tiny_cpu_gpt2");

        assertThat(run.optimumBenchmarkVersion()).contains("0.7.0.dev0");
        assertThat(run.model()).isEqualTo("/srv/realob/models/tiny-gpt2");
        assertThat(run.configLabel()).isEqualTo("tiny_cpu_gpt2");
        var latency = MetricPath.of("decode.latency.mean").find(run.report()).orElseThrow();
        assertThat(latency.value()).isEqualTo(0.017503730333373824);
        assertThat(latency.unit()).isEqualTo("s");
        assertThat(latency.samples()).containsExactly(0.01622990500004562, 0.02036313999997219, 0.01591814600010366);
        assertThat(value(run, "decode.throughput.value")).isEqualTo(399.91475340849576);
        assertThat(value(run, "decode.memory.max_ram")).isEqualTo(580.149248);
        assertThat(MetricPath.of("per_token.throughput.value").find(run.report())).isEmpty();
    }

    @Test
    void reads_optimum_benchmark_0_6() {
        RunReport run = run("optimum-benchmark-cpu/single/ob-0.6.0_tf-4.57.6/runs/tiny_cpu_gpt2");

        assertThat(run.optimumBenchmarkVersion()).contains("0.6.0");
        var throughput = MetricPath.of("prefill.throughput.value").find(run.report()).orElseThrow();
        assertThat(throughput.value()).isEqualTo(134.3935430865898);
        assertThat(throughput.unit()).isEqualTo("samples/s");
        assertThat(value(run, "load_model.memory.max_ram")).isEqualTo(534.36416);
        // per_token latency counts earlier iterations again: 3 iterations of 8 tokens give 45 values
        assertThat(MetricPath.of("per_token.latency.mean").find(run.report()).orElseThrow().samples()).hasSize(45);
    }

    @Test
    void reads_optimum_benchmark_0_5_and_prefers_benchmark_json_as_benchmark_py_does() {
        RunReport run = run("public-reports/DerekLiu35__huggingface-quantization-benchmarking-code@063dcfb/runs/"
                + "cuda_pytorch_llama");
        RunReport gptq = run("public-reports/DerekLiu35__huggingface-quantization-benchmarking-code@063dcfb/runs/"
                + "llama_gptq");

        assertThat(run.optimumBenchmarkVersion()).contains("0.5.0");
        assertThat(run.model()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(value(run, "decode.latency.mean")).isEqualTo(1.6228145874023436);
        assertThat(value(run, "load_model.memory.max_ram")).isEqualTo(5910.03648);
        assertThat(MetricPath.of("per_token.latency.mean").find(run.report()).orElseThrow().samples()).hasSize(3510);
        // benchmark_config.json names the AWQ model; benchmark.json (which benchmark.py reads) the GPTQ one
        assertThat(gptq.model()).isEqualTo("hugging-quants/Meta-Llama-3.1-8B-Instruct-GPTQ-INT4");
    }

    @Test
    void reads_optimum_benchmark_0_5_dev_with_other_section_names() {
        RunReport run = run("public-reports/huggingface__optimum-benchmark@83c4c9f");

        assertThat(run.optimumBenchmarkVersion()).contains("0.5.0.dev0");
        assertThat(run.model()).isEqualTo("BAAI/bge-base-en-v1.5");
        assertThat(run.configLabel()).isEqualTo("tei_bert");
        assertThat(value(run, "forward.throughput.value")).isEqualTo(5.648934083819028);
        assertThat(value(run, "load.latency.mean")).isEqualTo(15.59886232309509);
    }

    @Test
    void reads_energy_star_reports_with_and_without_a_config() {
        RunReport benchlab = run("public-reports/JulienDelavande__benchlab@4ca20a9/thank_you/runs/llama3_8B/"
                + "2025-05-30-14-49-15");
        RunReport noConfig = run("public-reports/scottcha__AIEnergyScore@18a1cc8/results");

        assertThat(benchlab.optimumBenchmarkVersion()).contains("0.6.0.dev0");
        assertThat(MetricPath.of("decode.efficiency.value").find(benchlab.report()).orElseThrow())
                .isEqualTo(new MetricPath.Found(7059021.617039943, "tokens/kWh", List.of()));
        assertThat(noConfig.isOk()).isTrue();
        assertThat(noConfig.model()).isEmpty();
        assertThat(noConfig.optimumBenchmarkVersion()).isEmpty();
        assertThat(value(noConfig, "prefill.efficiency.value")).isEqualTo(4739557.826536589);
        assertThat(MetricPath.of("per_token.latency.mean").find(noConfig.report())).isEmpty();
    }

    @Test
    void multirun_labels_equal_the_job_directory_hydra_named_by_override_dirname() {
        int checked = 0;
        for (var entry : runs.entrySet()) {
            Path dir = entry.getKey();
            Path sweep = dir.getParent();
            while (sweep != null && !Files.exists(sweep.resolve("multirun.yaml"))) {
                sweep = sweep.getParent();
            }
            if (sweep == null || !entry.getValue().isOk() || !dir.toString().contains("=")) {
                continue;
            }
            String jobDir = sweep.relativize(dir).toString()
                    .replaceFirst("^backend\\.model=" + java.util.regex.Pattern.quote(entry.getValue().model()) + ",?", "");
            // when only backend.model was swept, the label falls back to config.name
            String expected = jobDir.isEmpty() ? entry.getValue().config().get("name").stringValue() : jobDir;
            assertThat(entry.getValue().configLabel()).as(dir.toString()).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(13);
    }

    @Test
    void benchmark_py_default_metrics_warn_about_the_always_null_per_token_throughput() {
        List<RunReport> crashed = runs.entrySet().stream()
                .filter(e -> e.getKey().toString().contains("transformers-benchmark-py/_benchmark/tmpuyuwb46u/"))
                .map(Map.Entry::getValue).toList();
        assertThat(crashed).hasSize(1);

        // benchmark.py crashed on these (TypeError: argument of type 'NoneType' is not iterable)
        assertThat(Summarizer.missingMetricsWarning(crashed, Summarizer.DEFAULT_METRICS).orElseThrow())
                .startsWith("Metric path(s) [per_token.throughput.value] found in no report of the 1 run(s) read")
                .contains("per_token.latency.mean, per_token.latency.p50");
    }

    private static RunReport run(String relative) {
        Path dir = fixtures.resolve(relative).toAbsolutePath().normalize();
        assertThat(runs).as("fixture " + relative + " (moved or renamed in ../shared/fixtures?)").containsKey(dir);
        return runs.get(dir);
    }

    private static Object value(RunReport run, String metric) {
        return MetricPath.of(metric).find(run.report()).orElseThrow().value();
    }
}
