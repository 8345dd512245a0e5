package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.Commit;
import dev.commitbench.RunFailure;
import dev.commitbench.Summary;
import dev.commitbench.scale.Device;
import dev.commitbench.scale.MachineFingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies {@code shard.json} as the merge reads it: everything {@code run-shard} wrote comes back (every kind of
 * metric value, NaN samples, failures, the device), the run directories under the merged run folder, properties in
 * any order and unknown ones skipped, and a clear message for a file that is cut short or is not a shard's result.
 */
class ShardResultTests {

    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);

    @TempDir
    Path temp;

    @Test
    void whatAShardWroteIsReadBackWithItsRunDirectoriesUnderTheMergedRunFolder() {
        Path shard = temp.resolve("shard-1");
        Path run = temp.resolve("merged");
        ShardResult written = result(shard);

        written.write(shard);
        ShardResult read = ShardResult.read(shard, run);

        assertThat(read).isEqualTo(result(run));
        assertThat(read.points().get(0).summaries().get(0).runDirectory())
                .isEqualTo(run.resolve("commit=" + A + "/backend.model=m1").toString());
        assertThat(read.points().get(0).summaries().get(0).samples().get("decode.latency.mean")).element(1)
                .isEqualTo(Double.NaN);
        assertThat(read.points().get(1).machine().device().uuid()).isEqualTo("GPU-5f1c");
    }

    @Test
    void propertiesInAnotherOrderAndUnknownOnesReadTheSame() throws IOException {
        Path shard = temp.resolve("shard-1");
        Path run = temp.resolve("merged");
        Files.createDirectories(shard);
        Files.writeString(shard.resolve(ShardResult.FILE), """
                {"points": [{"summaries": [{"units": {"m": "s"}, "samples": {"m": [1, 2.5]}, "metrics": {"m": 2.5},
                  "runDirectory": "commit=%s/x", "round": 2, "config": "c", "commit": "%s", "model": "x",
                  "addedLater": {"nested": [1, {"deep": true}]}}],
                  "machine": {"osArch": "amd64", "host": "node-1", "cpuCount": 8, "gpuClock": 1410, "device": null},
                  "failures": [], "label": "backend.model=x", "index": 0}],
                 "shard": 0, "plan": "sha256:1", "format": "commitbench-shard/1", "future": [1, 2, 3]}
                """.formatted(A, A));

        ShardResult read = ShardResult.read(shard, run);

        assertThat(read).isEqualTo(new ShardResult("sha256:1", 0, List.of(new ShardResult.PointResult(0,
                "backend.model=x", new MachineFingerprint("node-1", null, 8, null, null, "amd64", null),
                List.of(new Summary("x", A, "c", Map.of("m", 2.5), Map.of("m", List.of(1.0, 2.5)), Map.of("m", "s"),
                        2, run.resolve("commit=" + A + "/x").toString())), List.of())), null, null));
    }

    @Test
    void aFileCutShortSaysToRunTheShardAgain() throws IOException {
        Path shard = temp.resolve("shard-1");
        result(shard).write(shard);
        Path file = shard.resolve(ShardResult.FILE);
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() / 2));

        assertThatThrownBy(() -> ShardResult.read(shard, temp.resolve("merged")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + " is not JSON (")
                .hasMessageEndingWith("): the shard did not finish writing it; run the shard again");
    }

    @Test
    void anotherFormatIsRefusedNamingTheFormatItNeeds() throws IOException {
        Path shard = temp.resolve("shard-1");
        Path file = result(shard).write(shard);
        Files.writeString(file, Files.readString(file).replace("commitbench-shard/1", "commitbench-shard/0"));

        assertThatThrownBy(() -> ShardResult.read(shard, temp.resolve("merged")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(shard.resolve(ShardResult.FILE) + " is not a commitbench shard result (its \"format\" is"
                        + " not commitbench-shard/1): give the folders commitbench run-shard --out wrote");
    }

    @Test
    void jsonOfAnotherShapeIsRefusedNamingWhatIsWrong() throws IOException {
        Path shard = Files.createDirectories(temp.resolve("shard-1"));
        Path file = shard.resolve(ShardResult.FILE);
        String suffix = "): give the folders commitbench run-shard --out wrote, and run a shard again whose file was"
                + " changed";

        Files.writeString(file, "[1, 2]");
        assertThatThrownBy(() -> ShardResult.read(shard, temp))
                .hasMessage(file + " is not a commitbench shard result (the file is not an object" + suffix);

        Files.writeString(file, "{\"format\": \"commitbench-shard/1\", \"plan\": \"sha256:1\", \"points\": {}}");
        assertThatThrownBy(() -> ShardResult.read(shard, temp))
                .hasMessage(file + " is not a commitbench shard result (\"points\" is not a list" + suffix);

        Files.writeString(file, "{\"format\": \"commitbench-shard/1\", \"plan\": \"sha256:1\", \"points\": []}");
        assertThatThrownBy(() -> ShardResult.read(shard, temp))
                .hasMessage(file + " is not a commitbench shard result (it names no \"shard\"" + suffix);

        Files.writeString(file, "{\"format\": \"commitbench-shard/1\", \"plan\": \"sha256:1\", \"shard\": 0,"
                + " \"points\": [{\"index\": 0, \"label\": \"x\", \"machine\": {\"cpuCount\": 2}}]}");
        assertThatThrownBy(() -> ShardResult.read(shard, temp))
                .hasMessage(file + " is not a commitbench shard result (a point's machine has no \"host\"" + suffix);

        Files.writeString(file, "{\"format\": \"commitbench-shard/1\", \"plan\": \"sha256:1\", \"shard\": 0,"
                + " \"points\": [{\"index\": 0, \"label\": \"x\", \"machine\": {\"host\": \"h\", \"device\":"
                + " {\"vendor\": \"INTEL\", \"name\": \"Arc\"}}}]}");
        assertThatThrownBy(() -> ShardResult.read(shard, temp))
                .hasMessage(file + " is not a commitbench shard result (a device's \"vendor\" is INTEL, not one of"
                        + " [NVIDIA, AMD]" + suffix);

        Files.writeString(file, "{\"format\": \"commitbench-shard/1\"} {}");
        assertThatThrownBy(() -> ShardResult.read(shard, temp))
                .hasMessage(file + " is not a commitbench shard result (text follows the object" + suffix);
    }

    @Test
    void aMissingFileIsAnIoErrorTheMergeReportsAsAShardThatDidNotFinish() {
        assertThatThrownBy(() -> ShardResult.read(temp.resolve("nothing"), temp))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(NoSuchFileException.class);
    }

    /** Two points: one on the default device with every kind of metric value and a failed run, one on a GPU. */
    private static ShardResult result(Path folder) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("decode.latency.mean", 0.0123);
        metrics.put("decode.tokens", 128L);
        metrics.put("memory.bytes", new BigInteger("123456789012345678901234567890"));
        metrics.put("ok", true);
        metrics.put("note", "warm");
        metrics.put("missing", null);
        metrics.put("percentiles", Map.of("p50", 1.5));
        Summary first = new Summary("m1", A, "tiny", metrics,
                Map.of("decode.latency.mean", List.of(0.0121, Double.NaN, 0.0125)), Map.of("decode.latency.mean", "s"),
                1, folder.resolve("commit=" + A + "/backend.model=m1").toString());
        Summary second = new Summary("m1", B, "tiny", Map.of("decode.latency.mean", 0.013),
                Map.of("decode.latency.mean", List.of(0.013)), Map.of("decode.latency.mean", "s"), 2,
                folder.resolve("round-2/commit=" + B + "/backend.model=m1").toString());
        RunFailure failure = new RunFailure(new Commit(B, "HEAD"), "backend.model=m1", 3,
                folder.resolve("round-3/commit=" + B + "/backend.model=m1").toString(), "exit code 1");
        MachineFingerprint cpu = new MachineFingerprint("node-1", "AMD EPYC", 2, "Linux", "6.1", "amd64", null);
        MachineFingerprint gpu = new MachineFingerprint("node-2", "Intel Xeon", 64, "Linux", "6.1", "amd64",
                new Device(Device.Vendor.NVIDIA, 3, "GPU-5f1c", "NVIDIA H100 80GB HBM3", "550.54.15", 81_559));
        return new ShardResult("sha256:abc", 1, List.of(
                new ShardResult.PointResult(1, "backend.model=m1", cpu, List.of(first, second), List.of(failure)),
                new ShardResult.PointResult(3, "backend.model=m3", gpu, List.of(), List.of())), "0.6.0", null);
    }
}
