package dev.commitbench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.BenchmarkExtension;
import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A demo that runs on any machine: the {@code command} engine times {@code sh work.sh} in each commit's
 * checkout of a sample repository with three tagged commits: {@code baseline}, {@code docs-change} (only the
 * README changed) and {@code slower} ({@code work.sh} waits four times longer). The threshold is a generous
 * 50% because shared CI machines are noisy; where the rounds cannot decide, the first test is aborted
 * (shown as skipped, with the interval and what to do), never failed.
 *
 * <p>Run it with {@code ./mvnw verify} from the repository root; the reports are in
 * {@code target/it/example-tests/target/commitbench/run-<timestamp>-<random>/} (the root build runs this project from a copy in {@code target/it/}; run on its own, {@code example-tests/target/commitbench/}) ({@code report.md}, {@code report.html}).
 */
class CommandEngineDemoTests {

    static Path repository;

    /** Points every benchmark of the class at the sample repository that {@code @BeforeAll} builds. */
    @RegisterExtension
    static BenchmarkExtension commitbench = BenchmarkExtension.builder().repository(() -> repository).build();

    @BeforeAll
    static void sampleRepository() throws IOException {
        repository = SampleRepository.create("sample")
                .copy("sample-repo/README.md", "README.md")
                .copy("sample-repo/work.sh", "work.sh")
                .commit("The sample project", "baseline")
                .append("README.md", "\nA documentation change: performance stays the same.\n")
                .commit("Document the sample project", "docs-change")
                .copy("sample-repo/work-slower.sh", "work.sh")
                .commit("Wait four times longer in the hot path", "slower")
                .dir();
    }

    // tag::unchanged[]
    /** Passes: a documentation change does not make the hot path slower (the extension applies the verdicts). */
    @BenchmarkAcrossCommits(commits = { "baseline", "docs-change" }, engine = "command",
            command = { "sh", "${workspace}/work.sh" }, warmups = 2, iterations = 5, rounds = 3, maxRounds = 10,
            threshold = 50)
    void aDocumentationChangeKeepsThePerformance() {
    }
    // end::unchanged[]

    // tag::regression[]
    /**
     * Shows a regression being detected while the build stays green: the method takes the report, so its
     * assertions decide. A real test would write {@code assertThat(report).hasNoRegression()} and fail here.
     */
    @BenchmarkAcrossCommits(commits = { "baseline", "slower" }, engine = "command",
            command = { "sh", "${workspace}/work.sh" }, warmups = 2, iterations = 5, rounds = 3, maxRounds = 10,
            threshold = 50)
    void aLongerWaitIsDetectedAsARegression(CombinedReport report) {
        assertThat(report.comparisons()).singleElement().satisfies(comparison -> {
            assertThat(comparison.metric()).isEqualTo("call.latency.mean");
            assertThat(comparison.verdict()).isEqualTo(Verdict.REGRESSED);
            assertThat(comparison.changePercent()).isGreaterThan(100);
        });
        System.out.println("detected as expected: " + report.comparisons().stream().map(Comparison::toString).toList());
    }
    // end::regression[]
}
