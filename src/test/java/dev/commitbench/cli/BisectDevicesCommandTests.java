package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.scale.SmiStubs;
import dev.commitbench.testing.BisectHistory;
import dev.commitbench.testing.FakeEngine;
import dev.commitbench.testing.GitCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies {@code commitbench bisect --devices} on a machine whose {@code nvidia-smi} lists four GPUs (a stub answering
 * the real query): the commits of a batch run at the same time on different devices, every run pinned to its device
 * ({@code CUDA_VISIBLE_DEVICES} and {@code ${device}} for the command engine, {@code backend.device_ids} for
 * optimum-benchmark), the culprit is the one a bisection on one device finds, and every bad device input is refused
 * with its message before anything runs.
 */
class BisectDevicesCommandTests {

    private static final double MEAN = 0.010;


    @TempDir
    Path temp;

    private Map<String, String> fourGpus;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void fourGpus() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        SmiStubs.nvidiaSmi(bin, SmiStubs.FOUR_H100);
        fourGpus = Map.of("PATH", bin + ":" + System.getenv("PATH"));
    }

    private int run(Path repository, Map<String, String> environment, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, environment).run(args);
    }

    private int bisectWithFake(BisectHistory history, Map<String, String> environment, String... more) {
        List<String> all = new ArrayList<>(List.of("bisect", "--config-dir", "benchmark/config", "--config-name", "tiny",
                "--executable", FakeEngine.executable().toString(), "--env", "FAKE_OB_COUNTER_FILE="
                        + temp.resolve("fake-counter-" + more.length), "--good", history.sha(0), "--bad", "main",
                "--metric", "decode.latency.mean", "--threshold", "5"));
        all.addAll(List.of(more));
        return run(history.repository(), environment, all.toArray(String[]::new));
    }

    private static JsonNode json(Path file) {
        return JsonMapper.builder().build().readTree(file.toFile());
    }

    private static List<Path> runFolders(Path repository) throws IOException {
        Path output = repository.resolve("_benchmark");
        if (!Files.isDirectory(output)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(output)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void finds_the_exact_culprit_among_33_commits_on_two_devices_as_on_one_every_run_pinned_to_its_device()
            throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 33,
                i -> BisectHistory.fakeSettings(i >= 21 ? MEAN * 1.10 : MEAN, 100 + i));

        int one = bisectWithFake(history, fourGpus);
        String oneErr = err.toString();
        Path first = runFolders(history.repository()).get(0);
        int two = bisectWithFake(history, fourGpus, "--devices", "0,1");
        Path second = runFolders(history.repository()).stream().filter(f -> !f.equals(first)).findFirst().orElseThrow();

        assertThat(one).as(oneErr).isEqualTo(1);
        assertThat(two).as(err.toString()).isEqualTo(1);
        JsonNode onOne = json(first.resolve("bisect.json"));
        JsonNode onTwo = json(second.resolve("bisect.json"));
        assertThat(onTwo.get("culprit").asString()).isEqualTo(history.sha(21))
                .isEqualTo(onOne.get("culprit").asString());
        int engineRuns = onTwo.get("engineRuns").asInt();
        assertThat(engineRuns).as("engine runs on two devices against %s on one", onOne.get("engineRuns").asInt())
                .isLessThanOrEqualTo(60).isLessThanOrEqualTo(onOne.get("engineRuns").asInt() * 3 / 2 + 4)
                .isEqualTo(onTwo.get("measurements").size());
        assertThat(err.toString())
                .contains("Devices: [0 (NVIDIA H100 80GB HBM3, GPU-5b9a1c7e-3f4d-8e2a-91b6-0c7d4e8f2a13), 1 (NVIDIA H100"
                        + " 80GB HBM3, GPU-0e3f6a2b-7c81-4d95-b2e0-5a1f9c3d7e64)], one commit of each batch at a time each.")
                .contains("at most 120 engine runs, 2 commits at a time on 2 devices.")
                .contains("First bad commit: " + history.sha(21));
        // every run was pinned: optimum-benchmark got backend.device_ids=<its device>, both devices ran
        Set<String> pinned = new HashSet<>();
        try (Stream<Path> files = Files.walk(second)) {
            for (Path overrides : files.filter(f -> f.endsWith(Path.of(".hydra", "overrides.yaml"))).toList()) {
                List<String> ids = Files.readAllLines(overrides).stream().filter(l -> l.contains("backend.device_ids="))
                        .toList();
                assertThat(ids).as(overrides.toString()).hasSize(1);
                pinned.add(ids.get(0).strip());
            }
        }
        assertThat(pinned).containsExactlyInAnyOrder("- backend.device_ids=0", "- backend.device_ids=1");
        assertThat(GitCommand.run(history.repository(), "worktree", "list").lines()).as("worktrees left").hasSize(1);
        assertThat(GitCommand.run(history.repository(), "status", "--porcelain")).isEmpty();
    }

    @Test
    void the_commits_of_a_batch_run_at_the_same_time_on_different_devices_each_run_pinned_to_its_device()
            throws IOException {
        // the command engine: each process logs ${device}, CUDA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER, its commit and
        // when it started and ended; the commits from 5 on sleep twice as long
        Path log = temp.resolve("runs.log");
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 9, i -> "DELAY=" + (i >= 5 ? "0.6" : "0.3")
                + "\nID=" + i + "\n");
        // the script is outside the repository: every commit runs it, in its own worktree, with its own delay
        Files.writeString(temp.resolve("bench.sh"), ". ./" + FakeEngine.ENV_FILE + "\n"
                + "start=$(date +%s%N)\nsleep \"$DELAY\"\n"
                + "echo \"$1 $CUDA_VISIBLE_DEVICES $CUDA_DEVICE_ORDER $ID $start $(date +%s%N)\" >> \"$RUN_LOG\"\n");

        int code = run(history.repository(), fourGpus, "bisect", "--good", history.sha(0), "--bad", "main",
                "--metric", "call.latency.mean", "--threshold", "20", "--engine", "command", "--command",
                "sh " + temp.resolve("bench.sh") + " ${device}", "--env", "RUN_LOG=" + log, "--iterations", "2",
                "--warmups", "0", "--max-runs", "60", "--devices", "0,1,2,3");

        assertThat(code).as(err.toString()).isEqualTo(1);
        JsonNode result = json(runFolders(history.repository()).get(0).resolve("bisect.json"));
        assertThat(result.get("culprit").asString()).isEqualTo(history.sha(5));
        List<String[]> lines = Files.readAllLines(log).stream().map(l -> l.split(" ")).toList();
        assertThat(lines).hasSize(result.get("engineRuns").asInt() * 2);
        for (String[] line : lines) {
            assertThat(line).hasSize(6);
            assertThat(line[1]).as("CUDA_VISIBLE_DEVICES is ${device}: " + String.join(" ", line)).isEqualTo(line[0]);
            assertThat(line[2]).isEqualTo("PCI_BUS_ID");
        }
        assertThat(lines.stream().map(l -> l[0]).distinct()).as("devices used").hasSizeGreaterThanOrEqualTo(3);
        boolean overlapped = false;
        for (String[] a : lines) {
            for (String[] b : lines) {
                overlapped |= !a[0].equals(b[0]) && !a[3].equals(b[3]) && Long.parseLong(a[4]) < Long.parseLong(b[5])
                        && Long.parseLong(b[4]) < Long.parseLong(a[5]);
            }
        }
        assertThat(overlapped).as("runs of different commits overlapped in time on different devices").isTrue();
        assertThat(GitCommand.run(history.repository(), "worktree", "list").lines()).as("worktrees left").hasSize(1);
    }

    @Test
    void a_device_that_does_not_exist_is_a_usage_error_naming_it_and_the_devices_found_before_anything_runs() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        int code = bisectWithFake(history, fourGpus, "--devices", "0,7");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: Device [7] does not exist on this machine: ")
                .contains("Name devices by these indices or UUIDs, or give 'auto' for all of them.")
                .contains("Run commitbench bisect --help for the flags and examples.");
        assertThat(history.repository().resolve("_benchmark")).doesNotExist();
    }

    @Test
    void a_device_named_twice_or_not_a_device_or_empty_is_a_usage_error_that_says_what_to_give() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));
        String expected = "Give 'auto' (every GPU nvidia-smi or rocm-smi lists) or device indices separated by commas,"
                + " e.g. --devices 0,1,2,3.";

        assertThat(bisectWithFake(history, fourGpus, "--devices", "1,1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: --devices [1,1] names device [1] twice: each device runs one"
                + " worker, so name it once.");
        assertThat(bisectWithFake(history, fourGpus, "--devices", "gpu0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: --devices [gpu0] names [gpu0], which is neither a device"
                + " index nor a device UUID. " + expected);
        assertThat(bisectWithFake(history, fourGpus, "--devices", "0,,1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: --devices [0,,1] has an empty entry. " + expected);
        assertThat(history.repository().resolve("_benchmark")).doesNotExist();
    }

    @Test
    void several_devices_in_place_and_the_slurm_flags_are_usage_errors_that_say_what_to_do() {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 3, i -> BisectHistory.fakeSettings(MEAN, i));

        assertThat(bisectWithFake(history, fourGpus, "--devices", "0,1", "--in-place")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage error: bisection on 2 devices runs several commits at once, but"
                + " in-place mode checks every commit out in the repository's own working tree, one at a time; leave"
                + " out in-place (--in-place) to give each commit a worktree of its own, or bisect on one device.");
        assertThat(bisectWithFake(history, fourGpus, "--executor", "slurm")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: --executor slurm is not used by bisect: bisect runs on this"
                + " machine, one commit of each batch per device: give --devices instead.");
        assertThat(bisectWithFake(history, fourGpus, "--shards", "2")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage error: --shards is not used by bisect: bisect runs on this"
                + " machine, one commit of each batch per device: give --devices instead.");
        assertThat(GitCommand.run(history.repository(), "status", "--porcelain")).isEmpty();
    }

    @Test
    void auto_on_a_machine_without_gpus_bisects_one_commit_at_a_time_on_the_default_device_saying_so()
            throws IOException {
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 5,
                i -> BisectHistory.fakeSettings(i >= 3 ? MEAN * 1.3 : MEAN, 200 + i));
        Path bin = Files.createDirectories(temp.resolve("no-gpu"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho 'No devices were found'\nexit 6\n");
        assertThat(smi.toFile().setExecutable(true)).isTrue();

        int code = bisectWithFake(history, Map.of("PATH", bin + ":" + System.getenv("PATH")), "--devices", "auto");

        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("--devices auto: no GPU found on this machine; the bisection runs one commit"
                + " at a time on the default device.").doesNotContain("commits at a time on");
        try (Stream<Path> files = Files.walk(runFolders(history.repository()).get(0))) {
            for (Path overrides : files.filter(f -> f.endsWith(Path.of(".hydra", "overrides.yaml"))).toList()) {
                assertThat(overrides).content().doesNotContain("device_ids");
            }
        }
    }

    @Test
    void runs_that_fail_on_one_device_are_failed_rounds_and_every_run_of_the_other_device_is_kept() throws IOException {
        // optimum-benchmark fails on device 1 (a lost GPU); the bisection goes on with device 0's runs
        BisectHistory history = BisectHistory.create(temp.resolve("repo"), 9,
                i -> BisectHistory.fakeSettings(i >= 5 ? MEAN * 1.3 : MEAN, 400 + i));
        Path log = temp.resolve("devices.log");
        Path wrapper = temp.resolve("optimum-benchmark");
        Files.writeString(wrapper, "#!/bin/sh\ncase \" $* \" in\n"
                + "  *' backend.device_ids=1 '*) echo 1 >> '" + log + "'; echo 'RuntimeError: CUDA error: device 1 lost' >&2;"
                + " exit 1 ;;\n"
                + "  *' backend.device_ids=0 '*) echo 0 >> '" + log + "' ;;\n"
                + "esac\nexec '" + FakeEngine.executable() + "' \"$@\"\n");
        assertThat(wrapper.toFile().setExecutable(true)).isTrue();

        int code = run(history.repository(), fourGpus, "bisect", "--config-dir", "benchmark/config", "--config-name",
                "tiny", "--executable", wrapper.toString(), "--env", "FAKE_OB_COUNTER_FILE=" + temp.resolve("counter"),
                "--good", history.sha(0), "--bad", "main", "--metric", "decode.latency.mean", "--threshold", "5",
                "--max-runs", "40", "--devices", "0,1");

        assertThat(code).as(err.toString()).isIn(1, 4);
        JsonNode result = json(runFolders(history.repository()).get(0).resolve("bisect.json"));
        List<String> devices = Files.readAllLines(log);
        int failed = 0;
        int measured = 0;
        for (JsonNode run : result.get("measurements")) {
            if (run.get("failure").isNull()) {
                measured++;
            } else {
                failed++;
                assertThat(run.get("failure").asString()).contains("CUDA error: device 1 lost");
            }
        }
        assertThat(failed).as("failed rounds: the runs on device 1").isPositive()
                .isEqualTo(devices.stream().filter("1"::equals).count());
        assertThat(measured).as("measured rounds: every run on device 0").isPositive()
                .isEqualTo(devices.stream().filter("0"::equals).count());
        assertThat(result.get("engineRuns").asInt()).isEqualTo(failed + measured);
        assertThat(runFolders(history.repository()).get(0).resolve("summaries.json")).content()
                .contains("\"commit\": \"" + history.sha(0) + "\"");
        assertThat(err.toString()).contains("failed: ");
        assertThat(GitCommand.run(history.repository(), "worktree", "list").lines()).as("worktrees left").hasSize(1);
    }
}
