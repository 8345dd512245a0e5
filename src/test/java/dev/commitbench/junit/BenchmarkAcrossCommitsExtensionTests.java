package dev.commitbench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.InconclusivePolicy;
import dev.commitbench.Verdict;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.ClassDefaults;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.ConfiguredRounds;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.DiffByDefault;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.FirstOfTwoClasses;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.SecondOfTwoClasses;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.SingleCommitMeasuresOnly;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.SweptWithReport;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.TwoPointsWithoutReport;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.WithReportThatPasses;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.WithoutReport;
import dev.commitbench.session.SampleRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Verifies the extension end to end: invocations, names, injection, aggregation, outcomes, precedence and run files. */
class BenchmarkAcrossCommitsExtensionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    private BenchmarkTestKit kit;

    @BeforeEach
    void setUp() {
        BenchmarkAcrossCommitsTestCases.reset();
        kit = new BenchmarkTestKit(temp);
    }

    @Test
    void runsOneInvocationPerSweepPointNamedByThePointAndTheCommits() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);
        String main = shortSha("main");
        String head = shortSha("HEAD");

        EngineExecutionResults results = kit.execute(SweptWithReport.class);

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .containsExactly(
                        "[1] backend.model=a, batch_size=1 · main@" + main + " → HEAD@" + head,
                        "[2] backend.model=a, batch_size=2 · main@" + main + " → HEAD@" + head,
                        "[3] backend.model=b, batch_size=1 · main@" + main + " → HEAD@" + head,
                        "[4] backend.model=b, batch_size=2 · main@" + main + " → HEAD@" + head);
    }

    /** Verifies the IDE case: the uncommitted change against HEAD, named WORKTREE in the display name. */
    @Test
    void worktreeComparesTheUncommittedChangeWithHead() throws IOException {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);
        Files.writeString(temp.resolve("repo/fake-engine.env"), BenchmarkTestKit.SLOWER);
        String head = shortSha("HEAD");

        EngineExecutionResults results = kit.execute(BenchmarkAcrossCommitsTestCases.UncommittedChange.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .singleElement().asString().startsWith("[1] HEAD@" + head + " → WORKTREE@");
        CombinedReport report = BenchmarkAcrossCommitsTestCases.REPORTS.get(0);
        assertThat(report.candidates()).singleElement().satisfies(c -> assertThat(c.isWorkingTree()).isTrue());
        assertThat(report.comparisons()).singleElement().satisfies(c -> assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED));
        assertThat(temp.resolve("repo/fake-engine.env")).content().isEqualTo(BenchmarkTestKit.SLOWER);
    }

    @Test
    void injectsAReportHoldingExactlyTheInvocationsPoint() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);

        kit.execute(SweptWithReport.class);

        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS).hasSize(4);
        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS).extracting(CombinedReport::models)
                .containsExactly(List.of("a"), List.of("a"), List.of("b"), List.of("b"));
        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS).allSatisfy(report -> {
            assertThat(report.configs(report.models().get(0))).hasSize(1);
            assertThat(report.commits()).extracting(Commit::label).containsExactly("main", "HEAD");
            assertThat(report.comparisons()).singleElement().satisfies(c -> {
                assertThat(c.metric()).isEqualTo(BenchmarkTestKit.METRIC);
                assertThat(c.verdict()).isEqualTo(Verdict.UNCHANGED);
                assertThat(c.baselineRounds()).isEqualTo(2);
            });
            assertThat(report.inconclusivePolicy()).isEqualTo(InconclusivePolicy.ABORT);
        });
        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS.get(0).configs("a"))
                .isNotEqualTo(BenchmarkAcrossCommitsTestCases.REPORTS.get(1).configs("a"));
    }

    @Test
    void classGivesDefaultsAndAfterAllReceivesTheWholeClass() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY).set("commitbench.rounds", "3");

        kit.execute(ClassDefaults.class).testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));

        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS).hasSize(4);
        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS.subList(0, 2))
                .as("the method's rounds = 2 wins over the class's rounds = 1")
                .allSatisfy(r -> assertThat(r.comparisons().get(0).baselineRounds()).isEqualTo(2));
        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS.subList(2, 4))
                .as("the class's rounds = 1 wins over commitbench.rounds = 3")
                .allSatisfy(r -> assertThat(r.comparisons().get(0).baselineRounds()).isEqualTo(1));
        assertThat(BenchmarkAcrossCommitsTestCases.AFTER_ALL).singleElement().satisfies(all -> {
            assertThat(all.models()).containsExactly("a", "b");
            assertThat(all.comparisons()).hasSize(4);
        });
    }

    @Test
    void aConfigurationParameterAppliesWhereNoAttributeIsSet() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY).set("commitbench.rounds", "3")
                .set("commitbench.threshold", "7.5").set("commitbench.inconclusive", "pass")
                .set("commitbench.probableRegression", "abort");

        kit.execute(ConfiguredRounds.class);

        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS).singleElement().satisfies(report -> {
            assertThat(report.comparisons().get(0).baselineRounds()).isEqualTo(3);
            assertThat(report.thresholdPercent()).isEqualTo(7.5);
            assertThat(report.inconclusivePolicy()).isEqualTo(InconclusivePolicy.PASS);
            assertThat(report.probableRegressionPolicy()).isEqualTo(InconclusivePolicy.ABORT);
        });
    }

    @Test
    void aRegisteredExtensionGivesDefaultsAboveConfigurationParameters() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);
        BenchmarkAcrossCommitsTestCases.registeredRepository = temp.resolve("repo");
        kit.set("commitbench.repository", temp.resolve("not-a-repository").toString()).set("commitbench.rounds", "2")
                .set("commitbench.threshold", "4");

        kit.execute(BenchmarkAcrossCommitsTestCases.RegisteredDefaults.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(1));

        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS).singleElement().satisfies(report -> {
            assertThat(report.commits()).extracting(Commit::label).containsExactly("main", "HEAD");
            assertThat(report.comparisons().get(0).baselineRounds()).as("registered rounds over the parameter").isEqualTo(3);
            assertThat(report.thresholdPercent()).as("the method's attribute over everything").isEqualTo(9.0);
        });
    }

    @Test
    void aRegisteredExtensionCanGiveEveryOtherAttribute() throws IOException {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);
        BenchmarkAcrossCommitsTestCases.registeredRepository = temp.resolve("repo");

        kit.execute(BenchmarkAcrossCommitsTestCases.RegisteredEverything.class).testEvents().assertThatEvents().haveExactly(1,
                event(test(), displayName("1: main@" + shortSha("main") + " vs HEAD@" + shortSha("HEAD") + " (registered)"),
                        finishedSuccessfully()));

        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS).singleElement()
                .satisfies(report -> assertThat(report.inconclusivePolicy()).isEqualTo(InconclusivePolicy.PASS));
        try (Stream<Path> files = Files.walk(kit.outputDir())) {
            Path json = files.filter(p -> p.getFileName().toString().equals("commitbench.json")).findFirst().orElseThrow();
            JsonNode plan = JSON.readTree(json.toFile()).path("plan");
            assertThat(plan.path("configFromCheckout").asBoolean()).isTrue();
            assertThat(plan.path("checkout").asString()).isEqualTo("IN_PLACE");
            assertThat(plan.path("inconclusive").asString()).isEqualTo("PASS");
            assertThat(plan.path("directions").path("decode.latency.mean").asString()).isEqualTo("HIGHER_IS_BETTER");
        }
        // in place, the setup runs again at each checkout: 2 rounds in ABBA order, HEAD twice in a row
        assertThat(Files.readAllLines(BenchmarkAcrossCommitsTestCases.RegisteredEverything.SETUP_LOG))
                .containsExactly("main", "HEAD", "main");
    }

    @Test
    void aRegisteredExtensionGivesTheCommandEngineItsCommandEnvironmentWarmupsAndIterations() throws IOException {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);
        BenchmarkAcrossCommitsTestCases.registeredRepository = temp.resolve("repo");

        kit.execute(BenchmarkAcrossCommitsTestCases.RegisteredCommand.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(1));

        assertThat(Files.readAllLines(BenchmarkAcrossCommitsTestCases.RegisteredCommand.LOG)).as("2 warm-ups and 3"
                + " iterations per commit, 1 round").containsExactly("ran main", "ran main", "ran main", "ran main",
                "ran main", "ran HEAD", "ran HEAD", "ran HEAD", "ran HEAD", "ran HEAD");
    }

    @Test
    void aRegisteredExtensionGivesTheTimeout() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);
        BenchmarkAcrossCommitsTestCases.registeredRepository = temp.resolve("repo");

        kit.execute(BenchmarkAcrossCommitsTestCases.RegisteredTimeout.class).testEvents().assertThatEvents().haveExactly(1,
                event(test(), finishedWithFailure(instanceOf(BenchmarkRunFailedException.class), message(m -> m.startsWith(
                        "Failed runs: 1 benchmark run failed, so the results are incomplete")
                        && m.contains("command timed out after 1 s")))));
    }

    @Test
    void aRegisteredSetupTimeoutKillsTheSetupAndFailsItsRuns() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);
        BenchmarkAcrossCommitsTestCases.registeredRepository = temp.resolve("repo");

        kit.execute(BenchmarkAcrossCommitsTestCases.RegisteredSetupTimeout.class).testEvents().assertThatEvents()
                .haveExactly(1, event(test(), finishedWithFailure(instanceOf(BenchmarkRunFailedException.class),
                        message(m -> m.contains("Setup command [sleep 30] failed with exit code ")
                                && m.contains("(killed, with its child processes, after the setup timeout of 1s;"
                                        + " raise it with setupTimeout or --setup-timeout)")))));
    }

    @Test
    void theBuildersDurationsAreCheckedWhenGiven() {
        assertThatThrownBy(() -> dev.commitbench.BenchmarkExtension.builder().setupTimeout("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BenchmarkExtension's 'setupTimeout' must be a positive duration like 90s, 10m, 1h or PT10M"
                        + " but was [soon].");
        assertThatThrownBy(() -> dev.commitbench.BenchmarkExtension.builder().timeout("-1s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BenchmarkExtension's 'timeout' must be a positive duration like 90s, 10m, 1h or PT10M"
                        + " but was [-1s].");
    }

    @Test
    void diffIsTheDefaultCommitSpec() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);

        kit.execute(DiffByDefault.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS.get(0).commits()).extracting(Commit::sha)
                .containsExactly(sha("main"), sha("HEAD"));
    }

    @Test
    void theCommandEngineTimesAnyCommand() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);

        kit.execute(BenchmarkAcrossCommitsTestCases.CommandEngine.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(1));

        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS).singleElement().satisfies(report -> {
            String model = report.models().get(0);
            var measurement = report.measurement(model, report.configs(model).get(0), sha("HEAD"), "call.latency.mean")
                    .orElseThrow();
            assertThat(measurement.rounds()).isEqualTo(2);
            assertThat(measurement.roundSamples()).allSatisfy(samples -> assertThat(samples).hasSize(3));
            assertThat(report.comparisons()).singleElement()
                    .satisfies(c -> assertThat(c.metric()).isEqualTo("call.latency.mean"));
        });
    }

    @Test
    void aMetricTheCandidateLacksFailsTheInvocationWhenTheMethodTakesNoReport() {
        Path repo = SampleRepo.create(temp.resolve("repo"),
                java.util.Map.of(SampleRepo.CONFIG, "", "bench.sh", "echo '{\"latency\": 0.01, \"tokens\": 64}'\n"),
                java.util.Map.of("bench.sh", "echo '{\"latency\": 0.01}'\n"));
        kit.set("commitbench.repository", repo.toString());

        kit.execute(BenchmarkAcrossCommitsTestCases.CommandEngineWithoutReport.class).testEvents().assertThatEvents()
                .haveExactly(1, event(test(), finishedWithFailure(instanceOf(AssertionFailedError.class), message(m ->
                        m.startsWith("Missing metric: 1 metric found for one commit but not for the commit it is"
                                + " compared with, so never compared.\n"
                                + "  metric            point                missing for   problem\n"
                                + "  call.tokens.mean  sh bench.sh · bench  HEAD@" + shortSha("HEAD") + "  the candidate's"
                                + " report lacks it (baseline main@" + shortSha("main") + " has it)\n"
                                + "Check that every commit's benchmark produces these metrics (the same command, config"
                                + " and scenario), or leave them out of the plan's metrics.\n")
                        && m.contains("Also, inconclusive:\n") && m.contains("1+1 rounds cannot measure the round-to-round"
                                + " noise (a commit has a single round): run at least 2 rounds per commit (3 by default).")
                        && m.matches("(?s).*\nFull report: .*/run-[^/]+/" + java.util.regex.Pattern.quote(
                                BenchmarkAcrossCommitsTestCases.CommandEngineWithoutReport.class.getName())
                                + "\\.timed \\(report\\.md, report\\.html, summary\\.json\\)")))));
    }

    @Test
    void anUnknownRefFailsTheContainerNamingTheRef() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);

        kit.execute(BenchmarkAcrossCommitsTestCases.UnknownRef.class).containerEvents().assertThatEvents()
                .haveExactly(1, event(container(), finishedWithFailure(
                        instanceOf(dev.commitbench.git.GitException.class), message(m -> m.contains("no-such-branch")))));
    }

    @Test
    void aRegressionFailsTheInvocationWhenTheMethodTakesNoReport() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.SLOWER);

        kit.execute(WithoutReport.class).testEvents().assertThatEvents().haveExactly(1, event(test(),
                finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message(m -> m.startsWith("Regression: 1 comparison worse than the baseline by more than the 5%"
                                + " threshold (the whole interval lies above +5%).\n")
                                && m.contains(BenchmarkTestKit.METRIC) && m.contains("+50.0%")
                                && m.contains("REGRESSED  FAIL") && m.contains("Full report: ")))));
    }

    @Test
    void aRegressionsStackTraceHoldsNoFrameOfTheExtension() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.SLOWER);

        Throwable failure = kit.execute(WithoutReport.class).testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow();

        // the user's method has returned when the extension applies the point's outcome: no frame of commitbench's,
        // and none of the JDK's streams, threads or reflection that only carried its calls (the engine's are pruned)
        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessageStartingWith("Regression: ");
        assertThat(failure.getStackTrace()).extracting(StackTraceElement::getClassName)
                .noneMatch(name -> name.startsWith("dev.commitbench.") || name.startsWith("java."));
    }

    @Test
    void noChangePassesWhenTheMethodTakesNoReport() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);

        kit.execute(WithoutReport.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0).aborted(0));
    }

    @Test
    void anInconclusiveComparisonAbortsWithWhatToDo() {
        kit.repository(BenchmarkTestKit.NOISY, BenchmarkTestKit.NOISY);

        kit.execute(WithoutReport.class).testEvents().assertThatEvents().haveExactly(1, event(test(),
                org.junit.platform.testkit.engine.EventConditions.abortedWithReason(instanceOf(TestAbortedException.class),
                        message(m -> m.startsWith("Inconclusive: 1 comparison could not be decided at the 5% threshold"
                                + " (the interval contains +5%).\n")
                                && m.matches("(?s).*\n  " + BenchmarkTestKit.METRIC + " +fake-org/tiny-gpt2 · bench +main@"
                                        + shortSha("main") + " .* HEAD@" + shortSha("HEAD") + " .* \\[[+-]\\d+\\.\\d%,"
                                        + " [+-]\\d+\\.\\d%\\] \\(\\d+(\\.\\d+)?%\\) +5% +INCONCLUSIVE +INCONCLUSIVE\n.*")
                                && m.contains("run more rounds (raise maxRounds, --max-rounds)")
                                && m.contains("10+10 rounds so far") && m.contains("\nFull report: ")))));
    }

    /**
     * Verifies that a skipped point says how long it was benchmarked: Surefire's XML writes {@code time="0"} for every
     * skipped test, so the skip message (which it keeps) and a report entry carry the real time.
     */
    @Test
    void aSkippedPointCarriesItsBenchmarkTime() {
        kit.repository(BenchmarkTestKit.NOISY, BenchmarkTestKit.NOISY);

        EngineExecutionResults results = kit.execute(WithoutReport.class, BenchmarkAcrossCommitsTestCases.AbortsItself.class);

        results.testEvents().assertThatEvents().haveExactly(2, event(test(),
                org.junit.platform.testkit.engine.EventConditions.abortedWithReason(instanceOf(TestAbortedException.class),
                        message(m -> m.matches("(?s).+\nBenchmarking this point took \\d+\\.\\d s\\.")))));
        assertThat(results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow())
                .filter(entry -> entry.getKeyValuePairs().containsKey("commitbench.benchmarkTime")))
                .hasSize(2).allSatisfy(entry -> assertThat(entry.getKeyValuePairs().get("commitbench.benchmarkTime"))
                        .matches("\\d+\\.\\d s"));
    }

    @Test
    void anInconclusiveComparisonPassesWhenConfigured() {
        kit.repository(BenchmarkTestKit.NOISY, BenchmarkTestKit.NOISY).set("commitbench.inconclusive", "pass");

        EngineExecutionResults results = kit.execute(WithoutReport.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0).aborted(0));
        assertThat(results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.reporting.ReportEntry.class).getKeyValuePairs()
                        .get("commitbench.verdict.HEAD@" + shortSha("HEAD") + "." + BenchmarkTestKit.METRIC)))
                .as("the comparison really was inconclusive").singleElement().asString()
                .startsWith("INCONCLUSIVE, gate INCONCLUSIVE: ");
    }

    @Test
    void severalCommitsWithNothingComparedFailNamingTheMetricsAttribute() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY).set("commitbench.rounds", "1")
                .set("commitbench.metrics", "no.such.metric");

        kit.execute(WithoutReport.class).testEvents().assertThatEvents().haveExactly(1, event(test(),
                finishedWithFailure(instanceOf(AssertionFailedError.class), message(m -> m.matches(
                        "Nothing compared: no metric was measured by both the baseline and a candidate\\.\n"
                                + "  commits: \\[main@[0-9a-f]{7}, HEAD@[0-9a-f]{7}\\]\n"
                                + "No metric was measured: check the plan's metrics against the metric paths the engine's"
                                + " reports contain\\.\nFull report: .*/run-[^/]+/"
                                + java.util.regex.Pattern.quote(WithoutReport.class.getName()) + "\\.decoding .*")))));
    }

    @Test
    void anInconclusiveComparisonFailsWhenConfigured() {
        kit.repository(BenchmarkTestKit.NOISY, BenchmarkTestKit.NOISY).set("commitbench.inconclusive", "fail");

        kit.execute(WithoutReport.class).testEvents().assertThatEvents().haveExactly(1, event(test(),
                finishedWithFailure(instanceOf(AssertionFailedError.class), message(m -> m.startsWith("Inconclusive: ")))));
    }

    @Test
    void aMethodTakingTheReportDecidesItself() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.SLOWER);

        kit.execute(WithReportThatPasses.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS.get(0).comparisons(Verdict.REGRESSED)).hasSize(1);
    }

    @Test
    void anEngineFailureErrorsTheInvocationEvenWhenTheMethodTakesTheReport() {
        kit.repository(BenchmarkTestKit.STEADY, "FAKE_OB_MODE=fail\n");

        kit.execute(WithReportThatPasses.class).testEvents().assertThatEvents().haveExactly(1, event(test(),
                finishedWithFailure(instanceOf(BenchmarkRunFailedException.class),
                        message(m -> m.startsWith("Failed runs: 2 benchmark runs failed, so the results are incomplete"
                                + " and cannot show that nothing regressed.\n  commit ") && m.contains("HEAD@")
                                // the cause first, where a table that shows a message's start shows it (the
                                // table joins the message's lines with " | ")
                                && m.contains("optimum-benchmark failed with exit code 1: RuntimeError: fake failure"
                                        + " (FAKE_OB_MODE=fail) | Run directory: ")
                                && m.contains("Also, missing metrics:")))));
        assertThat(BenchmarkAcrossCommitsTestCases.REPORTS).isEmpty();
    }

    @Test
    void theCheckoutsOfAFailedRunAreKeptWhenConfigured() throws IOException {
        kit.repository(BenchmarkTestKit.STEADY, "FAKE_OB_MODE=fail\n").set("commitbench.rounds", "1")
                .set("commitbench.keepWorkspaces", "true");

        kit.execute(WithoutReport.class).testEvents().assertStatistics(stats -> stats.failed(1));

        try (Stream<Path> files = Files.walk(temp.resolve("workspaces"))) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("fake-engine.env"))).hasSize(2);
        }
    }

    @Test
    void configFromCheckoutAndCacheDirComeFromConfigurationParametersAndTheRunRecordsThem() throws IOException {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY).set("commitbench.rounds", "1")
                .set("commitbench.configFromCheckout", "true").set("commitbench.cacheDir", temp.resolve("cache").toString());

        kit.execute(WithoutReport.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        String checkoutConfig = temp.resolve("repo").toRealPath().resolve("benchmark/config").toString();
        try (Stream<Path> files = Files.walk(kit.outputDir())) {
            Path json = files.filter(p -> p.getFileName().toString().equals("commitbench.json")).findFirst().orElseThrow();
            assertThat(Files.readString(json)).contains("\"configFromCheckout\" : true", "\"" + checkoutConfig + "\"");
        }
        try (Stream<Path> files = Files.list(temp.resolve("cache"))) {
            assertThat(files.filter(Files::isDirectory)).as("one cached worktree per commit").hasSize(2);
        }
    }

    /** Verifies that {@code configFromCheckout = false}, written on the method, is a value: it wins over the parameter. */
    @Test
    void aWrittenFalseWinsOverTheConfigurationParameter() throws IOException {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY).set("commitbench.rounds", "1")
                .set("commitbench.configFromCheckout", "true");

        kit.execute(BenchmarkAcrossCommitsTestCases.ConfigFromEachCommit.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(1));

        try (Stream<Path> files = Files.walk(kit.outputDir())) {
            Path json = files.filter(p -> p.getFileName().toString().equals("commitbench.json")).findFirst().orElseThrow();
            assertThat(Files.readString(json)).contains("\"configFromCheckout\" : false")
                    .doesNotContain("\"configFromCheckout\" : true");
        }
    }

    @Test
    void aConfigFromCheckoutThatIsNotABooleanIsNamed() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY).set("commitbench.configFromCheckout", "yes");

        kit.execute(WithoutReport.class).containerEvents().assertThatEvents().haveExactly(1, event(container(),
                finishedWithFailure(message("Configuration error: configuration parameter [commitbench.configFromCheckout]"
                        + " must be true or false but was [yes]."))));
    }

    @Test
    void aUsageErrorFailsEveryInvocation() {
        kit.repository("FAKE_OB_MODE=usage\n", BenchmarkTestKit.STEADY);

        var events = kit.execute(TwoPointsWithoutReport.class).testEvents();

        events.assertStatistics(stats -> stats.started(2).failed(2));
        events.assertThatEvents().haveExactly(2, event(test(), finishedWithFailure(
                instanceOf(dev.commitbench.engine.EngineUsageException.class))));
    }

    @Test
    void aSingleCommitIsMeasuredWithoutVerdict() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);

        kit.execute(SingleCommitMeasuresOnly.class).testEvents().assertThatEvents().haveExactly(1,
                event(test(), displayName("1: HEAD@" + shortSha("HEAD") + " alone"), finishedSuccessfully()));
    }

    @Test
    void publishesKeyMetricsPerCommitAndAttachesThePointsReportAndEveryRunsSummary() throws IOException {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY);

        EngineExecutionResults results = kit.execute(WithoutReport.class);

        var entries = results.allEvents().reportingEntryPublished().stream()
                .map(Event::getPayload).flatMap(Optional -> Optional.stream())
                .map(p -> ((org.junit.platform.engine.reporting.ReportEntry) p).getKeyValuePairs()).toList();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e).containsKeys("commitbench.main@" + shortSha("main") + "." + BenchmarkTestKit.METRIC,
                    "commitbench.HEAD@" + shortSha("HEAD") + "." + BenchmarkTestKit.METRIC, "commitbench.runDirectory");
            assertThat(e.get("commitbench.verdict.HEAD@" + shortSha("HEAD") + "." + BenchmarkTestKit.METRIC))
                    .startsWith("UNCHANGED, gate PASS: +0.0%");
        });
        var files = results.allEvents().fileEntryPublished().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.reporting.FileEntry.class)).toList();
        assertThat(files).extracting(f -> f.getPath().getFileName().toString())
                .containsExactlyInAnyOrder("commitbench-point.json", "summaries.json");
        Path point = files.stream().map(f -> f.getPath())
                .filter(p -> p.getFileName().toString().equals("commitbench-point.json")).findFirst().orElseThrow();
        CombinedReport parsed = CombinedReport.fromJson(Files.readString(point));
        assertThat(parsed.commits()).extracting(Commit::label).containsExactly("main", "HEAD");
        assertThat(parsed.comparisons()).singleElement().satisfies(c -> assertThat(c.metric()).isEqualTo(BenchmarkTestKit.METRIC));
        Path summaries = files.stream().map(f -> f.getPath())
                .filter(p -> p.getFileName().toString().equals("summaries.json")).findFirst().orElseThrow();
        // every run's summary.json, in the order the runs ran (ABBA)
        Path method = kit.outputDir().resolve(runFolderName()).resolve(WithoutReport.class.getName() + ".decoding");
        List<Path> runs = List.of(method.resolve("commit=" + sha("main")), method.resolve("commit=" + sha("HEAD")),
                method.resolve("round-2/commit=" + sha("HEAD")), method.resolve("round-2/commit=" + sha("main")));
        JsonNode attached = JSON.readTree(summaries.toFile());
        assertThat(attached).hasSize(4);
        for (int i = 0; i < runs.size(); i++) {
            assertThat(attached.get(i)).isEqualTo(JSON.readTree(runs.get(i).resolve("summary.json").toFile()));
        }
    }

    private String runFolderName() throws IOException {
        try (Stream<Path> list = Files.list(kit.outputDir())) {
            return list.toList().get(0).getFileName().toString();
        }
    }

    @Test
    void writesTheRunLevelFilesOncePerRunWithAFolderPerMethod() throws IOException {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.SLOWER).set("commitbench.rounds", "1");

        kit.execute(FirstOfTwoClasses.class, SecondOfTwoClasses.class);

        List<Path> runs;
        try (Stream<Path> list = Files.list(kit.outputDir())) {
            runs = list.toList();
        }
        assertThat(runs).singleElement().satisfies(run -> {
            for (String file : List.of("summaries.json", "summary.json", "commitbench.json", "report.md", "report.html")) {
                assertThat(run.resolve(file)).isNotEmptyFile();
            }
            assertThat(run.resolve(FirstOfTwoClasses.class.getName() + ".one/commit=" + sha("main") + "/backend.model=a/benchmark.json")).isRegularFile();
            assertThat(run.resolve(SecondOfTwoClasses.class.getName() + ".two/report.md")).isNotEmptyFile();
            assertThat(Files.readString(run.resolve("summary.json"))).contains("\"a\"", "\"b\"", "\"c\"", "\"d\"");
        });
        assertThat(SampleRepo.worktrees(temp.resolve("repo"))).as("worktrees pruned").hasSize(1);
    }

    /** Verifies that the run-level reports name each method and keep its rows under it, never mixed with another's. */
    @Test
    void theRunLevelReportsGroupTheRowsByTestMethod() throws IOException {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.SLOWER).set("commitbench.rounds", "1");

        kit.execute(FirstOfTwoClasses.class, SecondOfTwoClasses.class);

        Path run;
        try (Stream<Path> list = Files.list(kit.outputDir())) {
            run = list.findFirst().orElseThrow();
        }
        String md = Files.readString(run.resolve("report.md"));
        String first = "### `" + FirstOfTwoClasses.class.getName() + ".one`";
        String second = "### `" + SecondOfTwoClasses.class.getName() + ".two`";
        assertThat(md).startsWith("## commitbench: ").contains(first, second)
                .contains(first + "\n\n2 regressed, 0 improved, 0 unchanged, 0 inconclusive of 2 comparisons"
                        + " (gate: 0 pass, 2 fail, 0 undecided); 0 failed runs."
                        + " Baseline `main@" + shortSha("main") + "`, candidate `HEAD@" + shortSha("HEAD") + "`.\n\n#### `a`");
        assertThat(md.indexOf(first)).isLessThan(md.indexOf("#### `a`")).isLessThan(md.indexOf("#### `b`"));
        assertThat(md.indexOf("#### `b`")).isLessThan(md.indexOf(second));
        assertThat(md.indexOf(second)).isLessThan(md.indexOf("#### `c`")).isLessThan(md.indexOf("#### `d`"));
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("<h2><code>" + FirstOfTwoClasses.class.getName() + ".one</code></h2>",
                "<h2><code>" + SecondOfTwoClasses.class.getName() + ".two</code></h2>", "<h3>a <span", "<h3>d <span");
        assertThat(Files.readString(run.resolve(FirstOfTwoClasses.class.getName() + ".one/report.md")))
                .as("a method's own report is not grouped").contains("### `a`").doesNotContain("#### ");
    }

    @Test
    void classesWithTheSameSimpleNameAndOverloadsGetTheirOwnFolders() throws IOException {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY).set("commitbench.rounds", "1");

        kit.execute(BenchmarkAcrossCommitsTestCases.OuterA.Same.class, BenchmarkAcrossCommitsTestCases.OuterB.Same.class)
                .testEvents().assertStatistics(stats -> stats.succeeded(3));

        Path run;
        try (Stream<Path> list = Files.list(kit.outputDir())) {
            run = list.toList().get(0);
        }
        List<String> methodFolders;
        try (Stream<Path> list = Files.list(run)) {
            methodFolders = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        String a = BenchmarkAcrossCommitsTestCases.OuterA.Same.class.getName() + ".decoding";
        String b = BenchmarkAcrossCommitsTestCases.OuterB.Same.class.getName() + ".decoding";
        assertThat(methodFolders).hasSize(3).anyMatch(a::equals).filteredOn(f -> f.startsWith(b + "-")).hasSize(2);
        assertThat(methodFolders).allSatisfy(f -> assertThat(run.resolve(f).resolve("report.md")).isNotEmptyFile());
    }

    @Test
    void aBadUploadSettingFailsTheMethodBeforeAnythingIsBenchmarked() {
        kit.repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY).set("commitbench.rounds", "1")
                .set("commitbench.upload.repoId", "not a repo id");

        EngineExecutionResults results = kit.execute(WithoutReport.class);

        results.testEvents().assertStatistics(stats -> stats.started(0));
        results.containerEvents().assertThatEvents().haveExactly(1,
                event(container("decoding"), finishedWithFailure(instanceOf(IllegalArgumentException.class),
                        message(m -> m.startsWith("Configuration error: the Hub repo id must look like 'namespace/name'")
                                && m.contains("[not a repo id]") && m.endsWith("Checked before benchmarking because"
                                        + " commitbench.upload.repoId asks for an upload: fix the upload settings, or"
                                        + " unset commitbench.upload.repoId to keep the results local.")))));
        assertThat(kit.outputDir()).as("no run folder: nothing was benchmarked").doesNotExist();
    }

    @Test
    void measurementsNeverOverlapUnderParallelExecution() throws IOException {
        String slowish = "FAKE_OB_MEAN=0.02\nFAKE_OB_CV=0.001\nFAKE_OB_SEED=7\nFAKE_OB_SLEEP=0.05\n";
        kit.repository(slowish, slowish).set("commitbench.rounds", "2").set("commitbench.maxRounds", "2");
        Path log = temp.resolve("runs.log");
        Path wrapper = Files.writeString(temp.resolve("logging-engine.sh"), "#!/bin/sh\n"
                + "echo start >> '" + log + "'\n"
                + "'" + dev.commitbench.testing.FakeEngine.executable() + "' \"$@\"\nrc=$?\n"
                + "echo end >> '" + log + "'\nexit $rc\n");
        kit.set("commitbench.executable", "sh " + wrapper);

        kit.execute(FirstOfTwoClasses.class, SecondOfTwoClasses.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(4));

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(32);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("line %d of %s", i, lines).isEqualTo(i % 2 == 0 ? "start" : "end");
        }
    }

    private String sha(String ref) {
        return SampleRepo.sha(temp.resolve("repo"), ref);
    }

    private String shortSha(String ref) {
        return sha(ref).substring(0, 7);
    }
}
