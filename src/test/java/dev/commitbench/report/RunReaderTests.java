package dev.commitbench.report;

import static dev.commitbench.report.TestRuns.config;
import static dev.commitbench.report.TestRuns.report;
import static dev.commitbench.report.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.report.RunReport.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@link RunReader} reads each layout and reports every bad run directory with a clear problem. */
class RunReaderTests {

    @TempDir
    Path temp;

    @Test
    void reads_separate_report_and_config_with_hydra_overrides() {
        Path dir = run(temp.resolve("job"), "benchmark_report.json", report(List.of(0.5, 1.5), "10.0"),
                "benchmark_config.json", config("pytorch_generate", "gpt2"),
                ".hydra/overrides.yaml", "- scenario.input_shapes.sequence_length=8\n- backend.model=gpt2\n"
                        + "- scenario.input_shapes.batch_size=2\n");

        RunReport run = RunReader.read(dir);

        assertThat(run.status()).isEqualTo(Status.OK);
        assertThat(run.problem()).isEmpty();
        assertThat(run.model()).isEqualTo("gpt2");
        assertThat(run.overrides()).containsExactly("scenario.input_shapes.sequence_length=8", "backend.model=gpt2",
                "scenario.input_shapes.batch_size=2");
        assertThat(run.configLabel())
                .isEqualTo("scenario.input_shapes.batch_size=2,scenario.input_shapes.sequence_length=8");
        assertThat(run.optimumBenchmarkVersion()).contains("0.7.0.dev0");
        assertThat(run.report().path("decode").path("latency").path("mean").doubleValue()).isEqualTo(1.0);
    }

    @Test
    void reads_benchmark_json_first_and_labels_by_config_name_without_overrides() {
        Path dir = run(temp.resolve("run"),
                "benchmark.json", "{\"config\": " + config("from_benchmark_json", "model-a") + ", \"report\": "
                        + report(List.of(2.0), "1") + "}",
                "benchmark_config.json", config("from_config_file", "model-b"),
                ".hydra/overrides.yaml", "[]\n");

        RunReport run = RunReader.read(dir);

        assertThat(run.status()).isEqualTo(Status.OK);
        assertThat(run.model()).isEqualTo("model-a");
        assertThat(run.configLabel()).isEqualTo("from_benchmark_json");
        assertThat(run.report().path("decode").path("throughput").path("value").isIntegralNumber()).isTrue();
    }

    @Test
    void reads_nan_and_infinity_as_python_writes_them() {
        Path dir = run(temp.resolve("nan"), "benchmark_report.json",
                "{\"decode\": {\"latency\": {\"unit\": \"s\", \"values\": [NaN, 1.0], \"mean\": NaN,"
                        + " \"p99\": Infinity, \"min\": -Infinity}}}");

        RunReport run = RunReader.read(dir);

        assertThat(run.status()).isEqualTo(Status.OK);
        assertThat(run.report().path("decode").path("latency").path("mean").doubleValue()).isNaN();
        assertThat(run.report().path("decode").path("latency").path("p99").doubleValue()).isInfinite();
        assertThat(run.model()).isEmpty();
        assertThat(run.configLabel()).isEmpty();
    }

    @Test
    void config_without_report_is_a_failed_run_naming_the_log() {
        Path dir = run(temp.resolve("died"), "benchmark_config.json", config("c", "gpt2"), "benchmark.log", "boom");

        RunReport run = RunReader.read(dir);

        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.model()).isEqualTo("gpt2");
        assertThat(run.problem()).isEqualTo("no report: [" + dir + "] has benchmark_config.json but no"
                + " benchmark_report.json or benchmark.json: the run failed after saving its config. See ["
                + dir.resolve("benchmark.log") + "] for the cause, fix it and rerun.");
    }

    /** Verifies that a failure names commitbench's engine.log, the log every run directory has, and no log that is missing. */
    @Test
    void a_failed_run_names_the_logs_that_exist() {
        Path dir = run(temp.resolve("commit=abc"), "benchmark_config.json", config("c", "gpt2"), "engine.log", "Traceback");
        Path job = run(temp.resolve("sweep/job-0"), "benchmark.json", "{\"config\": " + config("c", "gpt2") + "}");
        run(temp.resolve("sweep"), "engine.log", "Traceback");
        Path silent = run(temp.resolve("silent"), "benchmark_config.json", config("c", "gpt2"));

        assertThat(RunReader.read(dir).problem()).endsWith("See [" + dir.resolve("engine.log") + "] for the cause, fix it"
                + " and rerun.").doesNotContain("benchmark.log");
        assertThat(RunReader.read(job).problem()).as("a multirun job: the sweep dir's log").endsWith("See ["
                + temp.resolve("sweep/engine.log") + "] for the cause, fix it and rerun.");
        assertThat(RunReader.read(silent).problem()).endsWith("See the logs in [" + silent + "] for the cause, fix it"
                + " and rerun.");
    }

    @Test
    void hydra_folder_alone_is_a_failed_run() {
        Path dir = run(temp.resolve("early"), ".hydra/overrides.yaml", "- backend.model=/no/such/model\n");

        RunReport run = RunReader.read(dir);

        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.problem()).startsWith("no report: [" + dir + "] holds no benchmark_config.json,"
                + " benchmark_report.json or benchmark.json: the run died before optimum-benchmark saved its config");
    }

    @Test
    void truncated_report_is_a_failed_run() {
        String full = report(List.of(0.5, 1.5), "10.0");
        Path dir = run(temp.resolve("truncated"), "benchmark_report.json", full.substring(0, full.length() / 2));

        RunReport run = RunReader.read(dir);

        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.report()).isNull();
        assertThat(run.problem()).startsWith("[" + dir.resolve("benchmark_report.json") + "] is truncated (")
                .endsWith("bytes): the run probably died while writing it. Rerun the benchmark.");
    }

    @Test
    void report_that_is_not_json_is_a_failed_run() {
        Path dir = run(temp.resolve("html"), "benchmark.json", "<html>proxy error</html>");

        RunReport run = RunReader.read(dir);

        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.problem()).startsWith("[" + dir.resolve("benchmark.json") + "] is not valid JSON (")
                .contains("Unexpected character");
    }

    @Test
    void empty_report_and_non_object_report_are_failed_runs() {
        Path empty = run(temp.resolve("empty"), "benchmark_report.json", "");
        Path list = run(temp.resolve("list"), "benchmark_report.json", "[1, 2]");
        Path noReport = run(temp.resolve("noreport"), "benchmark.json", "{\"config\": {}}");

        assertThat(RunReader.read(empty).problem())
                .isEqualTo("[" + empty.resolve("benchmark_report.json") + "] is empty (0 bytes): the run died while"
                        + " writing it. Rerun the benchmark.");
        assertThat(RunReader.read(list).problem())
                .isEqualTo("[" + list.resolve("benchmark_report.json") + "] is not a JSON object. Rerun the benchmark.");
        assertThat(RunReader.read(noReport).problem())
                .startsWith("no report: [" + noReport.resolve("benchmark.json") + "] has no 'report' object.");
    }

    @Test
    void csv_era_directory_is_unsupported() {
        Path dir = run(temp.resolve("0"), "inference_results.csv", ",forward.latency(s)\n0,0.1\n",
                "hydra_config.yaml", "backend: {}\n");

        RunReport run = RunReader.read(dir);

        assertThat(run.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(run.problem()).isEqualTo("unsupported: optimum-benchmark < 0.2 wrote [" + dir
                + "] (inference_results.csv, hydra_config.yaml); commitbench reads the JSON reports of"
                + " optimum-benchmark 0.2 and later. Rerun it with optimum-benchmark >= 0.2.");
    }

    @Test
    void parses_hydra_overrides_yaml_by_hand() {
        assertThat(RunReader.parseOverrides("[]\n")).isEmpty();
        assertThat(RunReader.parseOverrides("")).isEmpty();
        assertThat(RunReader.parseOverrides("""
                - a=1
                - 'b=it''s'
                - "c=say \\"hi\\""
                - +d=['x','y']
                - e=a long value
                  folded onto the next line
                """)).containsExactly("a=1", "b=it's", "c=say \"hi\"", "+d=['x','y']",
                "e=a long value folded onto the next line");
    }

    @Test
    void label_leaves_out_backend_model_in_every_override_form() {
        assertThat(RunReader.label(null, List.of("z=1", "+backend.model=m", "a=2", "backend.model=m")))
                .isEqualTo("a=2,z=1");
    }
}
