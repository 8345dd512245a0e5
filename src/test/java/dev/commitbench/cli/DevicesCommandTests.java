package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.scale.SmiStubs;
import dev.commitbench.testing.GitCommand;
import dev.commitbench.testing.PinLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies {@code --devices} on the command line with the command engine on a machine whose {@code nvidia-smi} lists
 * four GPUs (a stub answering the real query): the points run in parallel, one per device, every run of a point
 * pinned to its device ({@code CUDA_VISIBLE_DEVICES} and {@code ${device}}), into one run folder whose report names
 * each point's device.
 */
class DevicesCommandTests {


    @TempDir
    Path temp;

    private Path repository;
    private Map<String, String> environment;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void repositoryAndFourGpus() throws IOException {
        repository = Files.createDirectories(temp.resolve("repo"));
        GitCommand.run(repository, "init", "-q", "-b", "main");
        // each run records the device it was pinned to and the one it was named
        Files.writeString(repository.resolve("bench.sh"), "echo \"$1 $CUDA_VISIBLE_DEVICES $CUDA_DEVICE_ORDER $2\""
                + " >> \"$PIN_LOG\"\nsleep 0.1\n");
        Files.writeString(repository.resolve(".gitignore"), "_benchmark/\n");
        GitCommand.run(repository, "add", "-A");
        GitCommand.run(repository, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", "bench");
        GitCommand.run(repository, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false",
                "commit", "-q", "--allow-empty", "-m", "candidate");
        Path bin = Files.createDirectories(temp.resolve("bin"));
        SmiStubs.nvidiaSmi(bin, SmiStubs.FOUR_H100);
        environment = Map.of("PATH", bin + ":" + System.getenv("PATH"));
    }

    @Test
    void everyRunOfAPointIsPinnedToOneDeviceAndThePointsShareTheDevices() throws IOException {
        Path log = temp.resolve("pins.log");
        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, environment)
                .run("--engine", "command", "--command", "sh ./bench.sh ${size} ${device}", "--env", "PIN_LOG=" + log,
                        "--commit", "HEAD~1,HEAD", "--rounds", "2", "--max-rounds", "2", "--iterations", "2",
                        "--warmups", "0", "--threshold", "50", "--devices", "0,1,2,3", "size=1,2,3,4,5,6,7,8",
                        "--multirun");

        assertThat(code).as(err.toString()).isIn(0, 4);
        assertThat(err.toString()).contains("Devices: [0 (NVIDIA H100 80GB HBM3, GPU-5b9a1c7e-3f4d-8e2a-91b6-0c7d4e8f2a13),");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(8 * 2 * 2 * 2); // points x commits x rounds x iterations
        PinLog.assertPinned(lines, 8, 4);
        Path run;
        try (Stream<Path> folders = Files.list(repository.resolve("_benchmark"))) {
            run = folders.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(run.resolve("report.md")).content().contains("## Where each point ran")
                .contains("| size=1 |  | ").contains("NVIDIA H100 80GB HBM3 (GPU-");
        assertThat(run.resolve("summaries.json")).content().contains("\"config\": \"size=8\"");
    }
}
