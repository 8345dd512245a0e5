package dev.commitbench.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.scale.SmiStubs;
import dev.commitbench.session.SampleRepo;
import dev.commitbench.testing.FakeEngine;
import dev.commitbench.testing.PinLog;
import dev.commitbench.testing.SlurmCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies {@code devices} / {@code commitbench.devices} and {@code commitbench.executor=slurm} in the JUnit front
 * end, each in a JVM of its own whose environment is a user's: a machine whose {@code nvidia-smi} (a stub answering
 * the real query) lists four GPUs, one whose {@code nvidia-smi} finds none, one without a Slurm client, and the real
 * single-node Slurm cluster ({@link SlurmCluster}; skipped with the command that starts one when there is none).
 */
class ScaleOutTests {


    /** The command engine's model: the command as written, before expansion. */
    private static final String AUTO = "sh bench.sh ${size} ${device}/";

    @TempDir
    Path temp;

    private Path repository;
    private Path pins;
    private Path invocations;
    private final Map<String, String> config = new LinkedHashMap<>();

    @BeforeEach
    void repository() {
        pins = temp.resolve("pins.log");
        invocations = temp.resolve("invocations.log");
        // each run records its point, the device it was pinned to and the one it was named
        String bench = "echo \"$1 ${CUDA_VISIBLE_DEVICES:--} ${CUDA_DEVICE_ORDER:--} ${2:--}\" >> \"$PIN_LOG\"\n";
        Map<String, String> files = new HashMap<>(SampleRepo.fakeEngineFiles(
                "FAKE_OB_MEAN=0.02\nFAKE_OB_CV=0.001\nFAKE_OB_SEED=7\n"));
        files.put("bench.sh", bench);
        repository = SampleRepo.create(temp.resolve("repo"), files, SampleRepo.fakeEngineFiles(
                "FAKE_OB_MEAN=0.02\nFAKE_OB_CV=0.001\nFAKE_OB_SEED=8\n"));
        config.put("commitbench.repository", repository.toString());
        config.put("commitbench.outputDir", temp.resolve("out").toString());
        config.put("commitbench.workspaceRoot", temp.resolve("workspaces").toString());
        config.put("commitbench.env", "PIN_LOG=" + pins);
        config.put("scaleout.invocations", invocations.toString());
    }

    @Test
    void eachPointRunsPinnedToOneDeviceAndEachInvocationGetsItsOwnPointsReport() throws Exception {
        config.put("commitbench.devices", "0,1,2,3");
        Child child = runChild(Map.of("PATH", gpus(SmiStubs.FOUR_H100) + ":" + System.getenv("PATH")),
                ScaleOutTestCases.Pinned.class);

        assertThat(child.exitValue()).as(child.console()).isZero();
        assertThat(child.console()).contains("child: 8 succeeded, 0 failed")
                .contains("runs its points on devices [0 (NVIDIA H100 80GB HBM3, GPU-5b9a1c7e-3f4d-8e2a-91b6-0c7d4e8f2a13),")
                .contains("one point at a time each.");
        List<String> lines = Files.readAllLines(pins);
        assertThat(lines).hasSize(8 * 2 * 2 * 2); // points x commits x rounds x iterations
        PinLog.assertPinned(lines, 8, 4);
        // the model is the command as written, whatever the device (the same cells as a run on one device)
        List<String> reports = Files.readAllLines(invocations);
        assertThat(reports).as("one invocation per point").hasSize(8);
        for (int size = 1; size <= 8; size++) {
            assertThat(reports).as("invocation size=" + size + " got its own point's report, compared")
                    .contains("size=" + size + " -> sh bench.sh ${size} ${device}/size=" + size + " 1");
        }
        Path method = onlyRunFolder().resolve(ScaleOutTestCases.Pinned.class.getName() + ".measured");
        assertThat(method.resolve("report.md")).content().contains("## Where each point ran")
                .contains("NVIDIA H100 80GB HBM3 (GPU-");
        assertThat(method.resolve("summaries.json")).content().contains("\"config\": \"size=8\"");
        assertThat(onlyRunFolder().resolve("summaries.json")).content().contains("\"config\": \"size=1\"");
    }

    @Test
    void aDeviceThatDoesNotExistFailsTheMethodBeforeAnythingRuns() throws Exception {
        Child child = runChild(Map.of("PATH", gpus(SmiStubs.FOUR_H100) + ":" + System.getenv("PATH")),
                ScaleOutTestCases.NoSuchDevice.class);

        assertThat(child.exitValue()).isEqualTo(1);
        assertThat(child.console()).contains("Configuration error: @BenchmarkAcrossCommits on method"
                + " [NoSuchDevice#measured()] names a device that does not exist ('devices' or commitbench.devices):"
                + " Device [7] does not exist on this machine: nvidia-smi found 4 devices: 0 (NVIDIA H100 80GB HBM3,"
                + " GPU-5b9a1c7e-3f4d-8e2a-91b6-0c7d4e8f2a13)")
                .contains("Name devices by these indices or UUIDs, or give 'auto' for all of them.");
        assertThat(pins).doesNotExist();
        assertThat(temp.resolve("out")).doesNotExist();
    }

    @Test
    void autoOnAMachineWithoutGpusSaysSoAndRunsThePointsOnTheDefaultDevice() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("no-gpu-bin"));
        executable(bin.resolve("nvidia-smi"), "#!/bin/sh\necho 'No devices were found'\nexit 6\n");
        Child child = runChild(Map.of("PATH", bin + ":" + System.getenv("PATH")), ScaleOutTestCases.Auto.class);

        assertThat(child.exitValue()).as(child.console()).isZero();
        assertThat(child.console()).contains("commitbench: devices auto: no GPU found (nvidia-smi failed (exit code 6:"
                + " No devices were found)").contains("the points run one after the other on the default device. To run"
                + " one point per GPU, run where nvidia-smi or rocm-smi lists the GPUs; to say nothing, leave 'devices'"
                + " (commitbench.devices) out.");
        assertThat(Files.readAllLines(pins)).hasSize(2 * 2).allSatisfy(line -> assertThat(line).endsWith(" - - -"));
        assertThat(Files.readAllLines(invocations)).containsExactly("size=1 -> " + AUTO + "size=1 1",
                "size=2 -> " + AUTO + "size=2 1");
    }

    @Test
    void slurmRunsTheShardsAsOneArrayAndEachInvocationGetsItsPointsReportFromTheMergedRun() throws Exception {
        Map<String, String> slurm = SlurmCluster.environment();
        fakeOptimumBenchmark();
        config.put("commitbench.executor", "slurm");
        config.put("commitbench.shards", "3");
        config.put("commitbench.slurmOptions", "--time=5");
        Child child = runChild(slurm, ScaleOutTestCases.Sharded.class);

        assertThat(child.exitValue()).as(child.console()).isZero();
        Path method = onlyRunFolder().resolve(ScaleOutTestCases.Sharded.class.getName() + ".measured");
        assertThat(child.console()).contains("child: 3 succeeded, 0 failed")
                .contains("points in 3 shards, submitted as one Slurm array; the batch script is "
                        + method.resolve("slurm/array.sbatch"))
                .contains("commitbench: Slurm job ").contains(": 3 tasks ended after ");
        assertThat(method.resolve("slurm/array.sbatch")).content().contains("sbatch --parsable --array=0-2")
                .contains("--time=5").contains("run-shard");
        assertThat(method.resolve("plan.json")).isRegularFile();
        assertThat(method.resolve("report.md")).content().contains("## Where each point ran");
        assertThat(method.resolve("summaries.json")).content().contains("\"model\": \"m3\"");
        assertThat(onlyRunFolder().resolve("report.md")).isRegularFile();
        assertThat(Files.readAllLines(invocations)).as("each invocation got its own point's report, compared")
                .containsExactlyInAnyOrder("backend.model=m1 -> m1/bench 1", "backend.model=m2 -> m2/bench 1",
                        "backend.model=m3 -> m3/bench 1");
        // this run's array is no longer queued or running; the cluster may be running other work meanwhile
        Matcher job = Pattern.compile("commitbench: Slurm job (\\d+): 3 tasks ended").matcher(child.console());
        assertThat(job.find()).as(child.console()).isTrue();
        assertThat(SlurmCluster.client("squeue", "--noheader", "--jobs=" + job.group(1)).strip()).isEmpty();
    }

    @Test
    void slurmWithoutSbatchOnThePathSaysWhatToInstall() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty-bin"));
        fakeOptimumBenchmark();
        config.put("commitbench.executor", "slurm");
        config.put("commitbench.shards", "2");
        Child child = runChild(Map.of("PATH", empty.toString()), ScaleOutTestCases.Sharded.class);

        assertThat(child.exitValue()).isEqualTo(1);
        assertThat(child.console()).contains("The Slurm executor needs a Slurm client, but sbatch, scontrol, scancel,"
                + " squeue, sinfo are not on the PATH (" + empty + "). Run commitbench on a login node of your cluster,"
                + " or install the Slurm client configured for it");
        assertThat(temp.resolve("out")).doesNotExist();
    }

    private void fakeOptimumBenchmark() {
        config.put("commitbench.executable", FakeEngine.executable().toString());
        config.put("commitbench.configDir", "benchmark/config");
        config.put("commitbench.configName", "bench");
        config.put("commitbench.metrics", "decode.latency.mean");
    }

    private Path gpus(String listing) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("gpu-bin"));
        SmiStubs.nvidiaSmi(bin, listing);
        return bin;
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }

    private Path onlyRunFolder() throws IOException {
        try (Stream<Path> runs = Files.list(temp.resolve("out"))) {
            List<Path> list = runs.toList();
            assertThat(list).hasSize(1);
            return list.get(0);
        }
    }

    /** The console and exit value of a finished {@link Child} JVM. */
    private record Child(String console, int exitValue) {
    }

    /** Runs {@code fixtures} in a JVM of their own with the configuration as system properties, plus {@code env}. */
    private Child runChild(Map<String, String> environment, Class<?>... fixtures) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(BenchmarkRunChild.class.getName());
        Stream.of(fixtures).forEach(fixture -> command.add(fixture.getName()));
        Path output = temp.resolve("child-output.txt");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("CUDA_") || key.startsWith("HIP_")
                || key.startsWith("SLURM_") || key.equals("GITHUB_STEP_SUMMARY"));
        builder.environment().putAll(environment);
        Process child = builder.start();
        try {
            assertThat(child.waitFor(240, TimeUnit.SECONDS)).as("child finished").isTrue();
        } finally {
            child.destroyForcibly();
        }
        return new Child(Files.readString(output, StandardCharsets.UTF_8), child.exitValue());
    }
}
