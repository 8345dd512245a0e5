package dev.commitbench.report;

import static dev.commitbench.report.MarkdownReportWriterTestData.HEAD;
import static dev.commitbench.report.MarkdownReportWriterTestData.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@code EnvironmentInfo} records the machine, and only what it is asked to. */
class EnvironmentInfoTests {

    private static final Duration SHORT = Duration.ofSeconds(5);

    /** Verifies that the machine's part is collected once per JVM while each call keeps its own commits and version. */
    @Test
    void collects_the_machine_once_and_the_commits_and_version_of_each_call() {
        EnvironmentInfo first = EnvironmentInfo.collect(List.of(MAIN, HEAD), "0.6.0");
        EnvironmentInfo second = EnvironmentInfo.collect(List.of(HEAD), null);

        assertThat(first.commits()).containsExactly(MAIN, HEAD);
        assertThat(first.optimumBenchmarkVersion()).isEqualTo("0.6.0");
        assertThat(second.commits()).containsExactly(HEAD);
        assertThat(second.optimumBenchmarkVersion()).isNull();
        assertThat(second.gpus()).isSameAs(first.gpus());
        assertThat(second.cpuModel()).isSameAs(first.cpuModel());
        assertThat(second.memoryBytes()).isEqualTo(first.memoryBytes()).isGreaterThan(64L * 1024 * 1024);
        assertThat(second.javaVersion()).isEqualTo(System.getProperty("java.version"));
    }

    @Test
    void collects_os_cpu_memory_java_commits_and_the_optimum_benchmark_version() {
        EnvironmentInfo env = EnvironmentInfo.collect(List.of(MAIN, HEAD), "0.6.0", List.of("no-such-nvidia-smi-xyz"), SHORT);

        assertThat(env.osName()).isEqualTo(System.getProperty("os.name"));
        assertThat(env.osVersion()).isEqualTo(System.getProperty("os.version"));
        assertThat(env.osArch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(env.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(env.memoryBytes()).isGreaterThan(64L * 1024 * 1024);
        assertThat(env.javaVersion()).isEqualTo(System.getProperty("java.version"));
        assertThat(env.javaVendor()).isEqualTo(System.getProperty("java.vendor"));
        assertThat(env.commits()).containsExactly(MAIN, HEAD);
        assertThat(env.gpus()).isEmpty();
        assertThat(env.optimumBenchmarkVersion()).isEqualTo("0.6.0");
        if (Files.isReadable(Path.of("/proc/cpuinfo"))) {
            assertThat(env.cpuModel()).isNotBlank();
        }
    }

    @Test
    void leaves_out_what_is_unknown_and_reads_nothing_else() {
        var env = new EnvironmentInfo("Linux", "6.1", "amd64", null, 2, -1, "17.0.13", "Debian", List.of(MAIN), List.of(), null);

        Map<String, Object> map = env.toMap();

        assertThat(map).containsOnlyKeys("os", "cpu", "java", "commits", "gpus");
        assertThat(map.get("cpu")).isEqualTo(Map.of("count", 2));
        assertThat(map.get("gpus")).isEqualTo(List.of());
        assertThat(map.get("commits")).isEqualTo(List.of(Map.of("sha", MAIN.sha(), "label", "main")));
    }

    @Test
    void parses_one_gpu_per_nvidia_smi_line() {
        assertThat(EnvironmentInfo.parseNvidiaSmi("NVIDIA H100 80GB HBM3, 550.54.15\nNVIDIA A10G, 535.104.05\n"))
                .containsExactly(new EnvironmentInfo.Gpu("NVIDIA H100 80GB HBM3", "550.54.15"),
                        new EnvironmentInfo.Gpu("NVIDIA A10G", "535.104.05"));
        assertThat(EnvironmentInfo.parseNvidiaSmi("")).isEmpty();
    }

    @Test
    void has_no_gpus_when_the_query_fails() {
        assertThat(EnvironmentInfo.gpus(List.of("false"), SHORT)).isEmpty();
    }

    @Test
    void ends_a_query_that_hangs_and_reports_no_gpus() {
        long start = System.nanoTime();

        List<EnvironmentInfo.Gpu> gpus = EnvironmentInfo.gpus(List.of("sleep", "30"), Duration.ofMillis(300));

        assertThat(gpus).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains("sleep 30"))).isEmpty();
    }

    @Test
    void reads_the_cpu_model_from_cpuinfo(@TempDir Path tmp) throws Exception {
        Path cpuinfo = Files.writeString(tmp.resolve("cpuinfo"), "processor\t: 0\nvendor_id\t: GenuineIntel\n"
                + "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n");

        assertThat(EnvironmentInfo.cpuModel(cpuinfo)).isEqualTo("Intel(R) Xeon(R) CPU @ 2.20GHz");
        assertThat(EnvironmentInfo.cpuModel(tmp.resolve("missing"))).isNull();
    }

    @Test
    void names_the_gpus_of_a_machine_with_nvidia_smi() {
        List<EnvironmentInfo.Gpu> gpus = EnvironmentInfo.gpus(EnvironmentInfo.NVIDIA_SMI, EnvironmentInfo.NVIDIA_SMI_TIMEOUT);
        assumeTrue(!gpus.isEmpty(), "nvidia-smi is not installed or lists no GPU; checked on GPU machines only");

        assertThat(gpus).allSatisfy(gpu -> {
            assertThat(gpu.name()).isNotBlank().doesNotContain(",");
            assertThat(gpu.driverVersion()).matches("\\d+(\\.\\d+)+");
        });
    }
}
