package dev.commitbench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.commitbench.session.SampleRepo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Verifies, end to end at the default settings, the promise of the README's quick start: on a commit that only
 * changes the README, the test passes; on a commit that makes every iteration 10% slower, it fails. The fake
 * engine measures with realistic noise (3% per iteration, 1% per process, 20 iterations), seeded with one run
 * counter for both commits, so each run differs and every execution is the same.
 */
class QuickStartTests {

    @TempDir
    Path temp;

    private BenchmarkTestKit kit;

    @BeforeEach
    void defaults() {
        kit = new BenchmarkTestKit(temp).unset("commitbench.rounds").unset("commitbench.metrics");
    }

    private String realistic(double mean) {
        return "FAKE_OB_MEAN=" + mean + "\nFAKE_OB_CV=0.03\nFAKE_OB_PROCESS_CV=0.01\nFAKE_OB_ITERATIONS=20\n"
                + "FAKE_OB_SEED=11\nFAKE_OB_COUNTER_FILE=" + temp.resolve("runs.count") + "\n";
    }

    private void repository(Map<String, String> headFiles) {
        Map<String, String> base = new HashMap<>(SampleRepo.fakeEngineFiles(realistic(0.020)));
        base.put("README.md", "# generation\n");
        kit.set("commitbench.repository", SampleRepo.create(temp.resolve("repo"), base, headFiles).toString());
    }

    @Test
    void theQuickStartTestPassesOnACommitThatOnlyChangesTheReadme() {
        repository(Map.of("README.md", "# generation\n\nNow with a quick start.\n"));

        kit.execute(QuickStartTestCases.GenerationBenchmarkTests.class).testEvents()
                .assertStatistics(stats -> stats.started(4).succeeded(4).failed(0).aborted(0));
        kit.execute(QuickStartTestCases.OwnVerdicts.class).testEvents()
                .assertStatistics(stats -> stats.started(1).succeeded(1).failed(0).aborted(0));
    }

    @Test
    void theQuickStartTestFailsOnATenPercentSlowdown() {
        repository(SampleRepo.fakeEngineFiles(realistic(0.022)));

        var quickStart = kit.execute(QuickStartTestCases.GenerationBenchmarkTests.class).testEvents();
        var ownVerdicts = kit.execute(QuickStartTestCases.OwnVerdicts.class).testEvents();

        quickStart.assertStatistics(stats -> stats.started(4).failed(4));
        ownVerdicts.assertStatistics(stats -> stats.started(1).failed(1));
        quickStart.assertThatEvents().haveExactly(4, event(test("generationIsNotSlower(dev.commitbench.CombinedReport)"),
                finishedWithFailure(instanceOf(AssertionError.class), message(m -> m.startsWith(String.format("%n"
                        + "Expecting no candidate to be worse than the baseline by more than the threshold but found:%n"
                        + "Regression: 2 comparisons worse than the baseline by more than the 5%% threshold"))))));
        ownVerdicts.assertThatEvents().haveExactly(1, event(test("generationIsNotSlower()"), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(m -> m.startsWith("Regression: 2 comparisons worse than"
                        + " the baseline by more than the 5% threshold (the whole interval lies above +5%).")))));
        assertThat(temp.resolve("runs.count")).exists();
    }
}
