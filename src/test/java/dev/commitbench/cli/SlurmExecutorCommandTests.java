package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.testing.FakeEngine;
import dev.commitbench.testing.GitCommand;
import dev.commitbench.testing.SlurmCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies {@code --executor slurm} against the real single-node Slurm cluster ({@link SlurmCluster}; skipped with the
 * command that starts one when there is none): the plan, its shards as one array, the wait, the merge into the run
 * folder, which holds the batch script; and that the merged run is the single-machine run, numbers byte for byte.
 */
class SlurmExecutorCommandTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    @Test
    void theShardsRunAsOneArrayAndMergeIntoTheRunFolderOfASingleMachineRun() throws Exception {
        Map<String, String> slurm = SlurmCluster.environment();
        Path repository = Files.createDirectories(temp.resolve("repo"));
        GitCommand.run(repository, "init", "-q", "-b", "main");
        Files.createDirectories(repository.resolve("benchmark/config"));
        Files.writeString(repository.resolve("benchmark/config/tiny.yaml"), "# the fake reads its defaults\n");
        Files.writeString(repository.resolve(".gitignore"), "_benchmark/\n");
        Files.writeString(repository.resolve(FakeEngine.ENV_FILE), "FAKE_OB_MEAN=0.01\nFAKE_OB_ITERATIONS=5\nFAKE_OB_SEED=3\n");
        commit(repository, "baseline");
        Files.writeString(repository.resolve(FakeEngine.ENV_FILE), "FAKE_OB_MEAN=0.02\nFAKE_OB_ITERATIONS=5\nFAKE_OB_SEED=4\n");
        commit(repository, "twice as slow");
        List<String> flags = List.of("--config-dir", "benchmark/config", "--config-name", "tiny", "--executable",
                FakeEngine.executable().toString(), "--metrics", "decode.latency.mean", "--commit", "HEAD~1,HEAD",
                "--rounds", "2", "--max-rounds", "2", "backend.model=m1,m2,m3");
        StringWriter singleOut = new StringWriter();
        int single = new CommitbenchCommand(new PrintWriter(singleOut), new PrintWriter(new StringWriter()), repository,
                Map.of()).run(flags.toArray(String[]::new));
        Path singleRun = onlyFolder(repository.resolve("_benchmark"));
        String singleFolder = singleRun.toString();
        Files.move(singleRun, temp.resolve("single"));
        singleRun = temp.resolve("single");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("--executor", "slurm", "--shards", "3", "--slurm-option=--time=5"));
        long start = System.nanoTime();
        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, slurm)
                .run(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "Slurm: 3 shards of 1 point x 2 commits x 2 rounds, submission to merged report"
                + " in %.1f s%n", seconds);

        assertThat(code).as(err.toString()).isEqualTo(single).isEqualTo(1);
        Path run = onlyFolder(repository.resolve("_benchmark"));
        assertThat(err.toString()).contains("Run folder: " + run + " (the shards write under it: it must be on a"
                + " filesystem every node of the cluster sees, which is checked)").contains("Slurm job ")
                .contains(": 3 tasks ended after ");
        assertThat(run.resolve("slurm/array.sbatch")).content().contains("sbatch --parsable --array=0-2")
                .contains("--time=5").contains("run-shard");
        assertThat(run.resolve("plan.json")).isRegularFile();
        assertThat(run.resolve("summaries.json")).hasSameBinaryContentAs(singleRun.resolve("summaries.json"));
        assertThat(run.resolve("summary.json")).hasSameBinaryContentAs(singleRun.resolve("summary.json"));
        assertThat(JSON.readTree(run.resolve("commitbench.json").toFile()).get("comparisons"))
                .isEqualTo(JSON.readTree(singleRun.resolve("commitbench.json").toFile()).get("comparisons"));
        assertThat(out.toString()).isEqualTo(singleOut.toString().replace(singleFolder, run.toString()));
        assertThat(SlurmCluster.client("squeue", "--noheader", "--name=commitbench-" + run.getFileName()).strip())
                .isEmpty();
    }

    private static void commit(Path repository, String message) {
        GitCommand.run(repository, "add", "-A");
        GitCommand.run(repository, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", message);
    }

    private static Path onlyFolder(Path output) throws IOException {
        try (Stream<Path> folders = Files.list(output)) {
            List<Path> all = folders.filter(Files::isDirectory).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
