package dev.commitbench.examples.modular;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.BenchmarkExtension;
import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Benchmarks two commits of a small repository from inside the named module
 * {@code dev.commitbench.examples.modular}, which requires commitbench as the automatic module
 * {@code dev.commitbench}: the extension, the command engine, the report and the run files all work there.
 */
class ModularBenchmarkTests {

    static Path repository;

    @RegisterExtension
    static BenchmarkExtension commitbench = CommandBenchmarks.on(() -> repository);

    @BeforeAll
    static void sampleRepository() throws Exception {
        repository = Files.createTempDirectory("commitbench-modular-");
        git("init", "-q", "-b", "main");
        Files.writeString(repository.resolve("work.sh"), "sleep 0.01\n");
        git("add", "-A");
        git("commit", "-q", "-m", "The work");
        git("tag", "baseline");
        Files.writeString(repository.resolve("README.md"), "A documentation change.\n");
        git("add", "-A");
        git("commit", "-q", "-m", "Document the work");
        git("tag", "candidate");
    }

    @Test
    void the_tests_run_in_this_module_and_commitbench_is_the_automatic_module_dev_commitbench() {
        assertThat(getClass().getModule().getName()).isEqualTo("dev.commitbench.examples.modular");
        Module commitbenchModule = CombinedReport.class.getModule();
        assertThat(commitbenchModule.getName()).isEqualTo("dev.commitbench");
        assertThat(commitbenchModule.getDescriptor()).extracting(ModuleDescriptor::isAutomatic).isEqualTo(true);
        assertThat(getClass().getModule().getDescriptor().requires()).extracting(ModuleDescriptor.Requires::name)
                .contains("dev.commitbench");
    }

    @BenchmarkAcrossCommits(commits = { "baseline", "candidate" }, command = { "sh", "${workspace}/work.sh" })
    void benchmarks_two_commits_from_a_named_module(CombinedReport report) {
        assertThat(report.commits()).extracting(Commit::label).containsExactly("baseline", "candidate");
        assertThat(report.comparisons()).singleElement().satisfies(comparison -> {
            assertThat(comparison.metric()).isEqualTo("call.latency.mean");
            assertThat(comparison.baselineRounds()).isEqualTo(2);
            assertThat(comparison.candidateRounds()).isEqualTo(2);
        });
        assertThat(report.failures()).isEmpty();
        assertThat(report.reportDirectory()).hasValueSatisfying(directory ->
                assertThat(Path.of(directory)).isDirectory());
    }

    private static void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString(),
                "-c", "user.name=commitbench example", "-c", "user.email=example@commitbench.invalid",
                "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
