package dev.commitbench.junit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import dev.commitbench.hub.HubTestServer;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.FirstOfTwoClasses;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.SecondOfTwoClasses;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.WithoutReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Verifies that {@link BenchmarkRunListener}, found through {@code ServiceLoader} by a real launcher,
 * writes the run-level files once per launcher session across classes and requests, appends them once to
 * the GitHub job summary, and uploads the run folder to a Hub (a real HTTP server on loopback) without the
 * token ever reaching a file or the console.
 */
class BenchmarkRunListenerTests {

    private static final List<String> RUN_FILES = List.of("summaries.json", "summary.json", "commitbench.json",
            "report.md", "report.html");
    private static final Pattern REPORTS_LINE = Pattern.compile("commitbench: reports in (\\S+)/report\\.md");

    @TempDir
    Path temp;

    private BenchmarkTestKit kit;

    @BeforeEach
    void setUp() {
        BenchmarkAcrossCommitsTestCases.reset();
        kit = new BenchmarkTestKit(temp).repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.STEADY)
                .set("commitbench.rounds", "1")
                .set("junit.platform.reporting.output.dir", temp.resolve("junit-outputs").toString());
    }

    @Test
    void writesTheRunLevelFilesOnceWhenTheLauncherSessionClosesAcrossClassesAndRequests() throws IOException {
        var console = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(console, true, UTF_8));
        Path run;
        try (LauncherSession session = LauncherFactory.openSession()) {
            var twoClasses = new SummaryGeneratingListener();
            var oneClass = new SummaryGeneratingListener();
            session.getLauncher().execute(launch(FirstOfTwoClasses.class, SecondOfTwoClasses.class), twoClasses);
            session.getLauncher().execute(launch(WithoutReport.class), oneClass);
            assertThat(twoClasses.getSummary().getTestsSucceededCount()).isEqualTo(4);
            assertThat(oneClass.getSummary().getTestsSucceededCount()).isEqualTo(1);

            run = singleRunFolder();
            assertThat(run.resolve(WithoutReport.class.getName() + ".decoding/report.md")).as("the method's own files").isNotEmptyFile();
            for (String file : RUN_FILES) {
                assertThat(run.resolve(file)).as("not written before the session closes").doesNotExist();
            }
            assertThat(console.toString(UTF_8)).doesNotContain("commitbench: reports in");
        } finally {
            System.setOut(original);
        }

        assertThat(singleRunFolder()).isEqualTo(run);
        for (String file : RUN_FILES) {
            assertThat(run.resolve(file)).isNotEmptyFile();
        }
        assertThat(Files.readString(run.resolve("summary.json"))).contains("\"a\"", "\"b\"", "\"c\"", "\"d\"");
        assertThat(Files.readString(run.resolve("commitbench.json")))
                .contains("FirstOfTwoClasses.one", "SecondOfTwoClasses.two", "WithoutReport.decoding");
        assertThat(REPORTS_LINE.matcher(console.toString(UTF_8)).results()).as("written once").singleElement()
                .satisfies(line -> assertThat(Path.of(line.group(1))).isEqualTo(run));
    }

    @Test
    void theEngineTestKitWritesTheRunLevelFilesOnceWithoutALauncherSession() throws IOException {
        var console = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(console, true, UTF_8));
        try {
            kit.execute(FirstOfTwoClasses.class, SecondOfTwoClasses.class)
                    .testEvents().assertStatistics(stats -> stats.succeeded(4));
        } finally {
            System.setOut(original);
        }

        Path run = singleRunFolder();
        for (String file : RUN_FILES) {
            assertThat(run.resolve(file)).isNotEmptyFile();
        }
        assertThat(REPORTS_LINE.matcher(console.toString(UTF_8)).results()).as("written once").singleElement()
                .satisfies(line -> assertThat(Path.of(line.group(1))).isEqualTo(run));
    }

    @Test
    void theEndOfATestRunListsEveryUndecidedComparisonOnceWithItsInterval() {
        kit = new BenchmarkTestKit(temp.resolve("noisy")).repository(BenchmarkTestKit.NOISY, BenchmarkTestKit.NOISY)
                .set("commitbench.rounds", "2").set("commitbench.maxRounds", "3").set("commitbench.inconclusive", "pass")
                .set("junit.platform.reporting.output.dir", temp.resolve("junit-outputs").toString());
        var console = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(console, true, UTF_8));
        try (LauncherSession session = LauncherFactory.openSession()) {
            var summary = new SummaryGeneratingListener();
            session.getLauncher().execute(launch(WithoutReport.class, SecondOfTwoClasses.class), summary);
            assertThat(summary.getSummary().getTestsSucceededCount()).as("policy pass").isEqualTo(3);
            assertThat(console.toString(UTF_8)).as("only when the run ends").doesNotContain("comparisons undecided at the");
        } finally {
            System.setOut(original);
        }

        String printed = console.toString(UTF_8);
        assertThat(printed).containsOnlyOnce("commitbench: 3 comparisons undecided at the 5% threshold (0 probable"
                + " regressions, 3 inconclusive):")
                .contains("  gate          metric               point", "baseline → candidate", "change  interval",
                        "rounds  would settle it", "about ")
                .containsPattern("INCONCLUSIVE  decode\\.latency\\.mean  fake-org/tiny-gpt2 · bench +main@[0-9a-f]{7}"
                        + " → HEAD@[0-9a-f]{7} +[+-]\\d+\\.\\d% +\\[[+-]\\d+\\.\\d%, [+-]\\d+\\.\\d%\\] \\(\\d+(\\.\\d+)?%\\)"
                        + "  3\\+3 ");
        assertThat(printed.indexOf("undecided at the 5% threshold")).isLessThan(printed.indexOf("commitbench: reports in"));
    }

    @Test
    void uploadsEveryFileOfTheRunFolderToTheHubAndNeverTheToken() throws Exception {
        String token = "hf_" + "RunListenerSecret" + Long.toHexString(System.nanoTime());
        try (HubTestServer hub = HubTestServer.start(token).createRepo("bench/results")) {
            kit.set("commitbench.upload.repoId", "bench/results").set("commitbench.upload.pathInRepo", "ci/nightly");
            Path jobSummary = temp.resolve("job-summary.md");
            Child child = runChild(hub, token, Map.of("GITHUB_STEP_SUMMARY", jobSummary.toString()),
                    FirstOfTwoClasses.class, WithoutReport.class);
            String console = child.console();
            assertThat(child.exitValue()).as(console).isZero();

            Path run = singleRunFolder();
            Map<String, byte[]> local = new TreeMap<>();
            try (Stream<Path> files = Files.walk(run)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    local.put("ci/nightly/" + run.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
            assertThat(local).containsKeys("ci/nightly/summaries.json", "ci/nightly/report.html",
                    "ci/nightly/" + WithoutReport.class.getName() + ".decoding/summary.json");
            Map<String, byte[]> uploaded = hub.files("bench/results", "main");
            assertThat(uploaded.keySet()).containsExactlyInAnyOrderElementsOf(local.keySet());
            local.forEach((path, bytes) -> assertThat(uploaded.get(path)).as(path).isEqualTo(bytes));

            assertThat(console).contains("child: 3 succeeded, 0 failed").doesNotContain(token);
            assertThat(Pattern.compile("commitbench: uploaded .*run-[^ ]+ to \\[bench/results\\]: http").matcher(console)
                    .results()).as("uploaded once per test run").hasSize(1);
            assertThat(hub.requestLog()).as("one commit for the whole run")
                    .filteredOn(request -> request.startsWith("POST ") && request.contains("/commit/")).hasSize(1);
            local.forEach((path, bytes) -> assertThat(new String(bytes, UTF_8)).as(path).doesNotContain(token));
            assertThat(Files.readString(jobSummary)).as("the run's report.md, appended once for both methods")
                    .isEqualTo(Files.readString(run.resolve("report.md")) + "\n");
        }
    }

    @Test
    void twoJvmsBenchmarkingOneRepositoryAtOnceBothSucceedInTheirOwnRunFolders() throws Exception {
        List<Process> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
                kit.configuration().forEach((key, value) -> command.add("-D" + key + "=" + value));
                command.add(BenchmarkRunChild.class.getName());
                command.add(WithoutReport.class.getName());
                Path output = temp.resolve("child-" + i + ".txt");
                outputs.add(output);
                children.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start());
            }
            for (int i = 0; i < 2; i++) {
                assertThat(children.get(i).waitFor(60, TimeUnit.SECONDS)).as("child %d finished", i).isTrue();
                String console = Files.readString(outputs.get(i));
                assertThat(children.get(i).exitValue()).as(console).isZero();
                assertThat(console).contains("child: 1 succeeded, 0 failed");
                // JGit logs through SLF4J; without a provider SLF4J warns once per JVM (three lines), never per run
                assertThat(Pattern.compile("No SLF4J providers were found").matcher(console).results())
                        .as("SLF4J's warning in a test run").hasSizeLessThanOrEqualTo(1);
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }

        List<Path> runs;
        try (Stream<Path> list = Files.list(kit.outputDir())) {
            runs = list.toList();
        }
        assertThat(runs).as("one run folder per JVM").hasSize(2).allSatisfy(run -> {
            assertThat(run.resolve("summary.json")).isNotEmptyFile();
            assertThat(run.resolve(WithoutReport.class.getName() + ".decoding/report.md")).isNotEmptyFile();
        });
        assertThat(dev.commitbench.session.SampleRepo.worktrees(temp.resolve("repo"))).as("every worktree removed and pruned")
                .hasSize(1);
    }

    @Test
    void aFailedUploadFailsTheTestRunWhenTheLauncherSessionCloses() throws Exception {
        try (HubTestServer hub = HubTestServer.start("hf_theTokenTheHubKnows").createRepo("bench/results")) {
            kit.set("commitbench.upload.repoId", "bench/results");

            Child child = runChild(hub, "hf_" + "aRejectedToken", Map.of(), WithoutReport.class);

            assertThat(child.exitValue()).as(child.console()).isNotZero();
            assertThat(child.console()).containsPattern("commitbench: ERROR: upload of .*run-[^ ]+ to \\[bench/results\\]"
                    + " failed: The Hugging Face Hub rejected the token from HF_TOKEN \\(401")
                    .contains("The test run fails; set commitbench.upload.failOnError=false to only warn.")
                    .contains("IllegalStateException").doesNotContain("aRejectedToken");
            assertThat(singleRunFolder().resolve("report.md")).as("the local results are kept").isNotEmptyFile();
        }
    }

    /** The console and exit value of a finished {@link BenchmarkRunChild}. */
    private record Child(String console, int exitValue) {
    }

    /**
     * Runs {@code fixtures} in a {@link BenchmarkRunChild} JVM with the kit's configuration, uploading to
     * {@code hub} with {@code token} from {@code HF_TOKEN}, plus {@code environment}.
     */
    private Child runChild(HubTestServer hub, String token, Map<String, String> environment, Class<?>... fixtures)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        kit.set("junit.jupiter.execution.parallel.enabled", "false")
                .configuration().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(BenchmarkRunChild.class.getName());
        Stream.of(fixtures).forEach(fixture -> command.add(fixture.getName()));
        Path output = temp.resolve("child-output.txt");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("HF_") || key.equals("GITHUB_STEP_SUMMARY"));
        builder.environment().put("HF_ENDPOINT", hub.endpoint());
        builder.environment().put("HF_TOKEN", token);
        builder.environment().put("HOME", temp.resolve("home").toString());
        builder.environment().putAll(environment);
        Process child = builder.start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        } finally {
            child.destroyForcibly();
        }
        return new Child(Files.readString(output), child.exitValue());
    }

    private LauncherDiscoveryRequest launch(Class<?>... fixtures) {
        return request().configurationParameters(kit.configuration())
                .selectors(Stream.of(fixtures).map(fixture -> selectClass(fixture)).toList()).build();
    }

    private Path singleRunFolder() throws IOException {
        try (Stream<Path> runs = Files.list(kit.outputDir())) {
            List<Path> list = runs.toList();
            assertThat(list).hasSize(1);
            return list.get(0);
        }
    }
}
