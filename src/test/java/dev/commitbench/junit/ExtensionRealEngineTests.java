package dev.commitbench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import dev.commitbench.engine.HydraSyntax;
import dev.commitbench.testing.RealEngine;
import dev.commitbench.testing.RealEngineNoise;
import dev.commitbench.testing.RealEngineRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies the JUnit extension against the real optimum-benchmark, run through a launcher session as a build
 * tool runs tests: {@link ExtensionRealEngineTestCases} fails on the commit that decodes 4 times as many tokens and
 * passes on a README-only commit, and the {@code @Sweep}'s model folder (a space, {@code =} and {@code ,} in its
 * path) reaches optimum-benchmark intact. 8 to 16 real runs (2 methods x 2 commits x 2 to 4 rounds).
 */
@RealEngine.Test
class ExtensionRealEngineTests {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    @Test
    void failsOnTheSlowerCommitAndPassesOnTheUnchangedOne() throws IOException {
        Path repository = RealEngineRepository.create(temp.resolve("repo"));
        Path argv = temp.resolve("argv.txt");
        Path output = temp.resolve("out");
        Map<String, String> configuration = Map.of(
                "commitbench.repository", repository.toString(),
                "commitbench.executable", RealEngineRepository.recordingExecutable(temp, argv).toString(),
                "commitbench.outputDir", output.toString(),
                "commitbench.workspaceRoot", temp.resolve("workspaces").toString());

        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        List<String> outcomes = new CopyOnWriteArrayList<>();
        TestExecutionListener recorder = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    outcomes.add(test.getDisplayName() + ": " + result.getStatus()
                            + result.getThrowable().map(t -> "\n" + t.getMessage()).orElse(""));
                }
            }
        };
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request().selectors(selectClass(ExtensionRealEngineTestCases.class))
                    .configurationParameters(configuration).build(), listener, recorder);
        }

        TestExecutionSummary summary = listener.getSummary();
        String described = String.join("\n", outcomes);
        assertThat(summary.getTestsStartedCount()).as(described).isEqualTo(2);
        List<List<String>> invocations = RealEngineRepository.invocations(argv);
        assertThat(invocations).hasSizeBetween(8, 16).allSatisfy(args -> assertThat(args)
                .contains("backend.model=" + HydraSyntax.value(RealEngineRepository.MODEL))
                .last().asString().startsWith("hydra.run.dir=").contains("/commit\\="));
        try (Stream<Path> reports = Files.walk(output)) {
            assertThat(reports.filter(p -> p.getFileName().toString().equals("benchmark_report.json")))
                    .hasSize(invocations.size());
        }

        RealEngineNoise.abortWhenTooBusyToDecide(comparisons(output), "decode.latency.mean");
        assertThat(summary.getTestsAbortedCount()).as("no inconclusive comparison: %s", described).isZero();
        assertThat(summary.getTestsSucceededCount()).as("the README-only commit passes: %s", described).isEqualTo(1);
        assertThat(summary.getFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.getTestIdentifier().getDisplayName()).contains("readme@").contains("slower@");
            assertThat(failure.getException()).hasMessageStartingWith("Regression: 1 comparison worse than the baseline"
                    + " by more than the 100% threshold (the whole interval lies above +100%).\n")
                    .hasMessageContaining("decode.latency.mean  " + RealEngineRepository.MODEL + " · pytorch_generate  readme@")
                    .hasMessageContaining("  slower@").hasMessageContaining("  REGRESSED  FAIL");
        });
    }

    /** The comparisons of the test run's {@code commitbench.json} (the run folder the launcher session closed). */
    private static JsonNode comparisons(Path output) throws IOException {
        try (Stream<Path> runs = Files.list(output)) {
            Path run = runs.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst().orElseThrow();
            return JsonMapper.builder().build().readTree(run.resolve("commitbench.json").toFile()).path("comparisons");
        }
    }
}
