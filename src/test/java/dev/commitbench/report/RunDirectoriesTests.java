package dev.commitbench.report;

import static dev.commitbench.report.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@link RunDirectories} finds every kind of run directory, sorted, without entering {@code .hydra}. */
class RunDirectoriesTests {

    @TempDir
    Path temp;

    @Test
    void finds_every_layout_sorted_with_numeric_job_numbers() throws Exception {
        Path root = temp.resolve("sweep");
        run(root.resolve("10"), "benchmark_report.json", "{}");
        run(root.resolve("2"), "benchmark.json", "{}");
        run(root.resolve("b=1"), "benchmark_config.json", "{}");
        run(root.resolve("a=1"), ".hydra/overrides.yaml", "[]");
        run(root.resolve("csv/0"), "inference_results.csv", "");
        run(root.resolve("csv/1"), "hydra_config.yaml", "");
        run(root.resolve("csv/2"), "training_results.csv", "");
        run(root, "multirun.yaml", "");
        run(root.resolve("logs-only"), "benchmark.log", "");
        // a .hydra folder is never entered, even when it holds files that look like a run
        run(root.resolve("a=1/.hydra/nested"), "benchmark_report.json", "{}");

        assertThat(RunDirectories.find(root)).containsExactly(root.resolve("2"), root.resolve("10"),
                root.resolve("a=1"), root.resolve("b=1"), root.resolve("csv/0"), root.resolve("csv/1"),
                root.resolve("csv/2"));
    }

    @Test
    void the_root_itself_can_be_a_run_directory() {
        Path root = run(temp.resolve("commit=abc"), "benchmark.json", "{}", ".hydra/config.yaml", "");
        run(root.resolve("child"), "benchmark_report.json", "{}");

        assertThat(RunDirectories.find(root)).containsExactly(root, root.resolve("child"));
    }

    @Test
    void an_empty_tree_has_none_and_a_file_is_rejected() throws Exception {
        assertThat(RunDirectories.find(temp)).isEmpty();
        Path file = Files.writeString(temp.resolve("summary.json"), "{}");

        assertThatThrownBy(() -> RunDirectories.find(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot look for run directories in [" + file + "]: it is not a directory. Pass the folder"
                        + " the benchmark wrote its runs into.");
    }
}
