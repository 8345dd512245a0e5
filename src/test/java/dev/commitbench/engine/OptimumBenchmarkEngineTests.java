package dev.commitbench.engine;

import dev.commitbench.testing.Processes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.Commit;
import dev.commitbench.testing.FakeEngine;
import dev.commitbench.testing.FakeEngine.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Verifies that {@link OptimumBenchmarkEngine} runs optimum-benchmark (here the fake) as the real one must be run. */
class OptimumBenchmarkEngineTests {

    private static final Commit COMMIT = new Commit("0123456789abcdef0123456789abcdef01234567", "main");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Path workspace;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createWorkspace() throws IOException {
        workspace = Files.createDirectories(dir.resolve("workspace"));
        Path config = Files.createDirectories(workspace.resolve("benchmark/config"));
        Files.writeString(config.resolve("generation.yaml"), """
                name: generation
                backend:
                  model: my-org/tiny
                scenario:
                  iterations: 3
                """);
        Files.writeString(config.resolve("other.yaml"), "name: other\n");
    }

    private RunRequest request(String run, Map<String, String> env, Duration timeout, List<String> overrides,
            List<String> extraArgs) {
        return new RunRequest(COMMIT, workspace, dir.resolve("out").resolve(run), Path.of("benchmark/config"),
                "generation", overrides, extraArgs, env, timeout, lines::add);
    }

    private RunRequest request(String run, Map<String, String> env) {
        return request(run, env, Duration.ofSeconds(20), List.of("backend.model=gpt2"), List.of());
    }

    @Test
    void passesTheArgumentsTransformersBenchmarkPyPasses() {
        RunRequest request = request("r", Map.of(), Duration.ofSeconds(20), List.of("backend.model=gpt2", "a.b=1"),
                List.of("+x=2"));

        assertThat(new OptimumBenchmarkEngine(List.of("/opt/venv/bin/optimum-benchmark")).commandLine(request))
                .containsExactly("/opt/venv/bin/optimum-benchmark",
                        "--config-dir", workspace.resolve("benchmark/config").toString(),
                        "--config-name", "generation",
                        "hydra/job_logging=disabled", "hydra/hydra_logging=disabled",
                        "backend.model=gpt2", "a.b=1", "+x=2",
                        "hydra.run.dir=" + dir.resolve("out/r"));
    }

    @Test
    void writesTheRunDirectoryInHydrasSyntaxSoTheEngineWritesIntoItsRealName() throws Exception {
        Path run = dir.resolve("out/run 1/commit=" + COMMIT.sha());
        RunRequest request = new RunRequest(COMMIT, workspace, run, Path.of("benchmark/config"), "generation",
                List.of(), List.of(), Map.of(), Duration.ofSeconds(20), lines::add);
        OptimumBenchmarkEngine engine = new OptimumBenchmarkEngine(FakeEngine.command());

        assertThat(engine.commandLine(request)).last()
                .isEqualTo("hydra.run.dir=" + dir.resolve("out/run\\ 1/commit\\=" + COMMIT.sha()));
        RunOutcome outcome = engine.run(request);

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(run.resolve("benchmark_report.json")).exists();
        Path quoted = dir.resolve("out/runs #2/commit=" + COMMIT.sha());
        RunRequest nonAscii = new RunRequest(COMMIT, workspace, quoted, Path.of("benchmark/config"), "generation",
                List.of(), List.of("--multirun"), Map.of(), Duration.ofSeconds(20), lines::add);
        assertThat(engine.commandLine(nonAscii)).last().isEqualTo("hydra.sweep.dir='" + quoted + "'");
        assertThat(engine.run(nonAscii).succeeded()).isTrue();
        assertThat(quoted.resolve("multirun.yaml")).exists();
    }

    @Test
    void aRunDirectoryHydraCannotTakeStopsThePlanNamingIt() {
        Path run = dir.resolve("out/${oops}/commit=" + COMMIT.sha());
        RunRequest request = new RunRequest(COMMIT, workspace, run, Path.of("benchmark/config"), "generation",
                List.of(), List.of(), Map.of(), Duration.ofSeconds(20), lines::add);

        assertThatThrownBy(() -> new OptimumBenchmarkEngine(FakeEngine.command()).run(request))
                .isInstanceOf(EngineUsageException.class)
                .hasMessage("Configuration error: the run directory [" + run + "] cannot be given to optimum-benchmark"
                        + " as hydra.run.dir: the value [" + run + "] holds ${, which Hydra and OmegaConf resolve as an"
                        + " interpolation, so it cannot be passed as written: use a value (or, for a folder, a path)"
                        + " without ${. Choose an output folder whose path Hydra can take.");
    }

    @Test
    void hydrasParseErrorStopsThePlanQuotingHydraAndNamingTheOverrides() {
        RunRequest request = request("r", Map.of(), Duration.ofSeconds(20), List.of("backend.model=gpt2"),
                List.of("name=x=y"));
        String runDir = "hydra.run.dir=" + dir.resolve("out/r");

        assertThatThrownBy(() -> new OptimumBenchmarkEngine(FakeEngine.command()).run(request))
                .isInstanceOf(EngineUsageException.class)
                .hasMessageStartingWith("optimum-benchmark could not parse an override on its command line (Hydra says"
                        + " \"mismatched input '=' expecting <EOF>\"; see https://hydra.cc/docs/1.2/advanced/"
                        + "override_grammar/basic), so the plan stops. What looks wrong: [name=x=y] has the = inside its"
                        + " value: escape it with a backslash (\\=, \\,, \\ ) or quote the value; as literal text it is"
                        + " written name=x\\=y (passed through unchanged). Overrides commitbench built:"
                        + " [hydra/job_logging=disabled, hydra/hydra_logging=disabled, " + runDir + "]; the sweep"
                        + " point's: [backend.model=gpt2]; passed through unchanged: [name=x=y]. Fix a passed-through"
                        + " override in your arguments (or a @Sweep/backend.model value); one commitbench built that"
                        + " Hydra rejects is a bug in commitbench. Run directory: " + dir.resolve("out/r") + "\nCommand: ")
                .hasMessageContaining("Full output: " + dir.resolve("out/r/engine.log"));
        assertThat(dir.resolve("out/r")).isDirectoryContaining(p -> p.endsWith("engine.log"));
    }

    @Test
    void aModelThatDoesNotExistFailsTheRunSayingSo() {
        Path missing = dir.resolve("models/no such model");
        RunOutcome outcome = new OptimumBenchmarkEngine(FakeEngine.command()).run(request("r", Map.of(),
                Duration.ofSeconds(20), List.of(HydraSyntax.override("backend.model", missing.toString())), List.of()));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).startsWith("optimum-benchmark failed with exit code 1: the model [" + missing
                + "] is neither a Hugging Face Hub repository nor a local directory: set backend.model to a model folder"
                + " that exists (absolute, or relative to the commit's checkout) or to a Hub id (with HF_HUB_OFFLINE=1,"
                + " one already in the cache).\nRun directory: " + dir.resolve("out/r") + "\nCommand: ");
    }

    @Test
    void anEngineThatFailsToImportTransformersSaysWhichVersionWorks() throws Exception {
        String fixtures = System.getProperty("commitbench.fixtures");
        Path recorded = fixtures == null ? null : Path.of(fixtures,
                "optimum-benchmark-cpu/failures/tf-5.17.0-unpatched-import-error/_run/stdout_stderr.log");
        org.junit.jupiter.api.Assumptions.assumeTrue(recorded != null && Files.isRegularFile(recorded),
                "needs ../shared/fixtures/optimum-benchmark-cpu (the output of optimum-benchmark with transformers 5.17)");
        Path venv = dir.resolve("venv");
        Files.createDirectories(venv.resolve("lib/python3.11/site-packages/transformers-5.17.0.dist-info"));
        Path stub = Files.writeString(workspace.resolve("optimum-benchmark"), "#!/bin/sh\n"
                + "sed 's#/srv/realob/venv/#" + venv + "/#g' '" + recorded + "' >&2\nexit 1\n");
        stub.toFile().setExecutable(true);

        RunOutcome outcome = new OptimumBenchmarkEngine(List.of("./optimum-benchmark")).run(request("r", Map.of()));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).startsWith("optimum-benchmark failed with exit code 1: optimum-benchmark is"
                + " installed but fails to import: transformers has no"
                + " `SpecialTokensMixin` (this environment has transformers 5.17.0) (\"ImportError(\"cannot import name"
                + " 'SpecialTokensMixin' from 'transformers' (" + venv + "/lib/python3.11/site-packages/transformers/"
                + "__init__.py)\")\"). optimum-benchmark releases up to 0.7 need transformers 4.x (4.57.6 works;"
                + " transformers 5.x breaks every release so far): install it where optimum-benchmark runs, e.g."
                + " `pip install 'transformers<5'`.\nRun directory: " + dir.resolve("out/r") + "\nCommand: ");
    }

    @Test
    void runsTheEngineInTheWorkspaceAndKeepsItsOutput() throws Exception {
        FakeEngine.settings().mean(0.5).cv(0).writeTo(workspace);
        RunRequest request = request("r", FakeEngine.settings().mean(0.1).environment());

        RunOutcome outcome = new OptimumBenchmarkEngine(FakeEngine.command()).run(request);

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.wallTime()).isPositive();
        Path run = dir.resolve("out/r");
        assertThat(outcome.runDirectory()).isEqualTo(run);
        assertThat(outcome.log()).isEqualTo(run.resolve("engine.log"));
        assertThat(run.resolve(".hydra/overrides.yaml")).hasContent("- backend.model=gpt2");
        assertThat(Files.readString(run.resolve(".hydra/hydra.yaml")))
                .contains("- hydra/job_logging=disabled", "- hydra/hydra_logging=disabled", "- hydra.run.dir=" + run);
        JsonNode benchmark = JSON.readTree(run.resolve("benchmark.json").toFile());
        assertThat(benchmark.path("config").path("backend").path("model").asString()).isEqualTo("gpt2");
        // the workspace's fake-engine.env (0.5) wins over the request's environment (0.1): the workspace is the cwd
        assertThat(benchmark.path("report").path("decode").path("latency").path("mean").asDouble()).isEqualTo(0.5);
        assertThat(Files.readString(outcome.log()))
                .contains("[fake-optimum-benchmark][INFO] - Running benchmark in " + run)
                .contains("[fake-optimum-benchmark][WARNING] - this is the fake optimum-benchmark");
        assertThat(lines).contains("[fake-optimum-benchmark][INFO] - Running benchmark in " + run,
                "[fake-optimum-benchmark][WARNING] - this is the fake optimum-benchmark");
        assertThat(Files.readAllLines(outcome.log())).as("the log closes with the exit code and the process's wall time")
                .last().isEqualTo(String.format(java.util.Locale.ROOT, "(commitbench: exit code 0 after %.3f ms)",
                        outcome.wallTime().toNanos() / 1e6));
        assertThat(lines).noneMatch(line -> line.startsWith("(commitbench:"));
    }

    @Test
    void aPreparedRunDirectoryHoldsAnEmptyLogThatTheRunThenWrites() throws Exception {
        OptimumBenchmarkEngine engine = new OptimumBenchmarkEngine(FakeEngine.command());
        Path run = dir.resolve("out/round-2/r");

        engine.prepare(run);
        assertThat(run.resolve("engine.log")).isEmptyFile();
        RunOutcome outcome = engine.run(request("round-2/r", FakeEngine.settings().mean(0.1).environment()));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.log()).isEqualTo(run.resolve("engine.log"));
        assertThat(Files.readString(outcome.log())).contains("Running benchmark in " + run);
        assertThat(run.resolve("benchmark_report.json")).isRegularFile();
    }

    @Test
    void discardRemovesOnlyWhatPrepareMadeWhileNothingWasWritten() throws Exception {
        OptimumBenchmarkEngine engine = new OptimumBenchmarkEngine(FakeEngine.command());
        Path unused = dir.resolve("out/unused");
        engine.prepare(unused);
        engine.discard(unused);
        assertThat(unused).doesNotExist();
        assertThat(dir.resolve("out")).as("the parent is the session's").isDirectory();

        Path written = dir.resolve("out/written");
        engine.prepare(written);
        Files.writeString(written.resolve("engine.log"), "output\n");
        engine.discard(written);
        assertThat(written.resolve("engine.log")).hasContent("output");

        Path other = dir.resolve("out/other");
        engine.prepare(other);
        Files.writeString(other.resolve("benchmark_report.json"), "{}");
        engine.discard(other);
        assertThat(other.resolve("engine.log")).doesNotExist();
        assertThat(other.resolve("benchmark_report.json")).isRegularFile();

        engine.discard(dir.resolve("out/never-prepared"));
        assertThat(dir.resolve("out/never-prepared")).doesNotExist();
    }

    @Test
    void prepareNamesTheRunDirectoryItCannotCreate() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        assertThatThrownBy(() -> new OptimumBenchmarkEngine(FakeEngine.command()).prepare(file.resolve("r")))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("Cannot create the run directory " + file.resolve("r"))
                .hasMessageContaining("check that the output directory is writable");
    }

    @Test
    void passesTheRequestsEnvironment() throws Exception {
        RunOutcome outcome = new OptimumBenchmarkEngine(FakeEngine.command())
                .run(request("r", FakeEngine.settings().mean(0.125).cv(0).environment()));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(JSON.readTree(dir.resolve("out/r/benchmark_report.json").toFile())
                .path("prefill").path("latency").path("mean").asDouble()).isEqualTo(0.125);
    }

    @Test
    void expandsWorkspaceShaAndRefInTheExecutableWords() throws Exception {
        Path wrapper = workspace.resolve("venv-ob");
        Files.writeString(wrapper, "#!/bin/sh\necho \"sha=$1 ref=$2\"\nshift 2\nexec '" + FakeEngine.executable()
                + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));

        RunOutcome outcome = new OptimumBenchmarkEngine(List.of("${workspace}/venv-ob", "${sha}", "${ref}"))
                .run(request("r", Map.of()));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(lines).contains("sha=" + COMMIT.sha() + " ref=main");
        assertThat(dir.resolve("out/r/benchmark.json")).exists();
    }

    @Test
    void looksTheExecutableUpOnThePathOfTheRequestsEnvironment() {
        String path = FakeEngine.executable().getParent() + ":/usr/bin:/bin";

        RunOutcome outcome = new OptimumBenchmarkEngine().run(request("r", Map.of("PATH", path)));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
    }

    @Test
    void multirunWritesUnderTheSweepDirectory() {
        RunRequest request = request("sweep", Map.of(), Duration.ofSeconds(20),
                List.of("backend.model=gpt2"), List.of("scenario.input_shapes.batch_size=1,2", "--multirun"));
        OptimumBenchmarkEngine engine = new OptimumBenchmarkEngine(FakeEngine.command());

        // --multirun before every override: argparse rejects overrides after a flag that follows overrides
        assertThat(engine.commandLine(request)).containsSubsequence("--config-name", "generation", "--multirun",
                "hydra/job_logging=disabled", "hydra/hydra_logging=disabled", "backend.model=gpt2",
                "scenario.input_shapes.batch_size=1,2", "hydra.sweep.dir=" + dir.resolve("out/sweep"));
        assertThat(engine.commandLine(request)).containsOnlyOnce("--multirun")
                .last().isEqualTo("hydra.sweep.dir=" + dir.resolve("out/sweep"));
        RunOutcome outcome = engine.run(request);

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(dir.resolve("out/sweep/backend.model=gpt2,scenario.input_shapes.batch_size=1/benchmark.json")).exists();
        assertThat(dir.resolve("out/sweep/backend.model=gpt2,scenario.input_shapes.batch_size=2/benchmark.json")).exists();
        assertThat(dir.resolve("out/sweep/multirun.yaml")).exists();
    }

    @Test
    void exitOneIsAFailedRunNamingTheRunDirectoryAndQuotingTheLastLines() {
        RunOutcome outcome = new OptimumBenchmarkEngine(FakeEngine.command())
                .run(request("r", FakeEngine.settings().mode(Mode.FAIL).environment()));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.lastLines()).contains("RuntimeError: fake failure (FAKE_OB_MODE=fail)");
        assertThat(outcome.message())
                .as("the cause first, then where and how it ran")
                .startsWith("optimum-benchmark failed with exit code 1: RuntimeError: fake failure (FAKE_OB_MODE=fail)\n"
                        + "Run directory: " + dir.resolve("out/r") + "\nCommand: ")
                .contains("Full output: " + dir.resolve("out/r/engine.log"))
                .contains("--config-name generation")
                .contains("Last lines of the output:\n")
                .contains("\n  RuntimeError: fake failure (FAKE_OB_MODE=fail)");
    }

    @Test
    void anUnknownOverrideFailsTheRunWithHydrasMessage() {
        RunOutcome outcome = new OptimumBenchmarkEngine(FakeEngine.command()).run(request("r", Map.of(),
                Duration.ofSeconds(20), List.of("backend.no_such_key=1"), List.of()));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.message()).contains("Could not override 'backend.no_such_key'.");
    }

    @Test
    void keepsOnlyTheLastTwentyLines() throws Exception {
        Path script = workspace.resolve("noisy");
        Files.writeString(script, "#!/bin/sh\ni=1\nwhile [ $i -le 30 ]; do echo \"line $i\"; i=$((i+1)); done\n"
                + "printf 'no newline at the end' >&2\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        RunOutcome outcome = new OptimumBenchmarkEngine(List.of("${workspace}/noisy")).run(request("r", Map.of()));

        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.lastLines()).hasSize(20).startsWith("line 12").endsWith("no newline at the end");
        assertThat(outcome.message()).contains("failed with exit code 3", "  line 12\n", "  line 30\n")
                .doesNotContain("line 11\n");
        assertThat(Files.readAllLines(outcome.log())).hasSize(32).startsWith("line 1").last().asString()
                .matches("\\(commitbench: exit code 3 after \\d+\\.\\d{3} ms\\)");
    }

    @Test
    void exitTwoStopsThePlanWithTheEnginesMessage() {
        OptimumBenchmarkEngine engine = new OptimumBenchmarkEngine(FakeEngine.command());
        RunRequest request = request("r", FakeEngine.settings().mode(Mode.USAGE).environment());

        assertThatThrownBy(() -> engine.run(request))
                .isInstanceOf(EngineUsageException.class)
                .hasMessageStartingWith("optimum-benchmark reported a usage error (exit code 2): optimum-benchmark: error:"
                        + " unrecognized arguments: --fake-usage-error (FAKE_OB_MODE=usage)\nThe plan stops: fix the"
                        + " arguments or the configuration it names.\nRun directory: " + dir.resolve("out/r") + "\n")
                .hasMessageContaining("usage: optimum-benchmark [--help]")
                .hasMessageEndingWith("optimum-benchmark: error: unrecognized arguments: --fake-usage-error"
                        + " (FAKE_OB_MODE=usage)");
    }

    @Test
    void theTimeoutKillsTheWholeProcessTree() throws Exception {
        RunRequest request = request("r", FakeEngine.settings().mode(Mode.HANG).environment(),
                Duration.ofMillis(700), List.of(), List.of());

        long start = System.nanoTime();
        RunOutcome outcome = new OptimumBenchmarkEngine(FakeEngine.command()).run(request);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.exitCode()).isEqualTo(-1);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message())
                .startsWith("optimum-benchmark timed out after 0.7 s; its whole process tree was killed. Raise the"
                        + " `timeout` setting if runs need longer.\nRun directory: " + dir.resolve("out/r") + "\n")
                .contains("hanging (FAKE_OB_MODE=hang)");
        List<Long> pids = Arrays.stream(Files.readString(dir.resolve("out/r/fake-hang.pids")).trim().split("\\s+"))
                .map(Long::valueOf).toList();
        assertThat(pids).hasSize(3);
        Processes.assertGone(pids);
        assertThat(Files.readAllLines(outcome.log())).last().asString()
                .matches("\\(commitbench: killed after \\d+\\.\\d{3} ms\\)");
        assertThat(outcome.lastLines()).noneMatch(line -> line.startsWith("(commitbench: killed"));
    }

    @Test
    void anInterruptKillsTheWholeProcessTreeAndKeepsTheInterruptFlag() throws Exception {
        RunRequest request = request("r", FakeEngine.settings().mode(Mode.HANG).environment(), Duration.ZERO,
                List.of(), List.of());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread runner = new Thread(() -> {
            try {
                new OptimumBenchmarkEngine(FakeEngine.command()).run(request);
            } catch (RuntimeException e) {
                thrown.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        runner.start();
        Path pidFile = dir.resolve("out/r/fake-hang.pids");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(pidFile) && Files.readString(pidFile).trim().split("\\s+").length == 3)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        runner.interrupt();
        runner.join(10_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("Interrupted while running [" + FakeEngine.executable())
                .hasMessageContaining("; its process tree was killed. Full output: " + dir.resolve("out/r/engine.log"));
        assertThat(flagKept).isTrue();
        Processes.assertGone(Arrays.stream(Files.readString(pidFile).trim().split("\\s+")).map(Long::valueOf).toList());
    }

    @Test
    void aMissingExecutableSaysHowToInstallOrPointToIt() {
        RunRequest request = request("r", Map.of("PATH", dir.toString()));

        assertThatThrownBy(() -> new OptimumBenchmarkEngine().run(request))
                .isInstanceOf(EngineNotFoundException.class)
                .hasMessageStartingWith("Executable [optimum-benchmark] not found on the PATH (" + dir + ").")
                .hasMessageContaining("pip install optimum-benchmark")
                .hasMessageContaining("`executable` setting (configuration parameter `commitbench.executable`, or"
                        + " `--executable` on the command line)");
        assertThatThrownBy(() -> new OptimumBenchmarkEngine(List.of("${workspace}/.venv/bin/optimum-benchmark"))
                .run(request))
                .isInstanceOf(EngineNotFoundException.class)
                .hasMessageStartingWith("Executable [" + workspace + "/.venv/bin/optimum-benchmark] not found at "
                        + workspace + "/.venv/bin/optimum-benchmark.");
        assertThat(dir.resolve("out/r")).doesNotExist();
    }

    @Test
    void pythonSayingTheModuleIsMissingIsAMissingEngineWithTheInstallAdvice() throws Exception {
        Path python = Files.writeString(workspace.resolve("python"), "#!/bin/sh\necho 'starting' \n"
                + "echo 'Traceback (most recent call last):' >&2\n"
                + "echo \"ModuleNotFoundError: No module named 'optimum_benchmark'\" >&2\nexit 1\n");
        python.toFile().setExecutable(true);

        assertThatThrownBy(() -> new OptimumBenchmarkEngine(List.of("./python", "/opt/venv/bin/optimum-benchmark"))
                .run(request("r", Map.of())))
                .isInstanceOf(EngineNotFoundException.class)
                .hasMessageStartingWith("optimum-benchmark is not installed where [" + python
                        + " /opt/venv/bin/optimum-benchmark --config-dir ")
                .hasMessageContaining("] looks for it: its output says \"ModuleNotFoundError: No module named"
                        + " 'optimum_benchmark'\" (full output: " + dir.resolve("out/r/engine.log") + "). Install"
                        + " optimum-benchmark with `pip install optimum-benchmark`")
                .hasMessageContaining("`commitbench.executable`, or `--executable` on the command line");
    }

    @Test
    void anotherExit1IsAFailedRunNotAMissingEngine() throws Exception {
        Path python = Files.writeString(workspace.resolve("python"), "#!/bin/sh\n"
                + "echo \"ModuleNotFoundError: No module named 'optimum_benchmark_plugins'\" >&2\nexit 1\n");
        python.toFile().setExecutable(true);

        RunOutcome outcome = new OptimumBenchmarkEngine(List.of("./python")).run(request("r", Map.of()));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).startsWith("optimum-benchmark failed with exit code 1: ");
    }

    @Test
    void aNonExecutableFileIsReportedAsSuch() throws Exception {
        Files.writeString(workspace.resolve("ob"), "#!/bin/sh\n");

        assertThatThrownBy(() -> new OptimumBenchmarkEngine(List.of("./ob")).run(request("r", Map.of())))
                .isInstanceOf(EngineNotFoundException.class)
                .hasMessageStartingWith("Executable [" + workspace + "/ob] is not executable: make it executable"
                        + " (chmod +x) or install optimum-benchmark");
    }

    @Test
    void aRunDirectoryThatCannotBeCreatedIsAnEngineErrorNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        RunRequest request = new RunRequest(COMMIT, workspace, file.resolve("run"), Path.of("benchmark/config"),
                "generation", List.of(), List.of(), Map.of(), Duration.ofSeconds(5), null);

        assertThatThrownBy(() -> new OptimumBenchmarkEngine(FakeEngine.command()).run(request))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("Cannot create the run directory " + file.resolve("run")
                        + ": check that the output directory is writable (");
    }

    @Test
    void aMissingWorkspaceIsAnEngineErrorNamingIt() {
        Path missing = dir.resolve("no-workspace");
        RunRequest request = new RunRequest(COMMIT, missing, dir.resolve("out/r"),
                workspace.resolve("benchmark/config"), "generation", List.of(), List.of(), Map.of(),
                Duration.ofSeconds(5), null);

        assertThatThrownBy(() -> new OptimumBenchmarkEngine(FakeEngine.command()).run(request))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("Cannot start [" + FakeEngine.executable() + ", --config-dir")
                .hasMessageContaining(" in " + missing + ": ")
                .hasMessageEndingWith(". Check that the directory exists and that the executable can run there.");
    }

    @Test
    void aMissingConfigDirectoryOrNameStopsThePlanNamingIt() {
        OptimumBenchmarkEngine engine = new OptimumBenchmarkEngine(FakeEngine.command());
        RunRequest noDir = new RunRequest(COMMIT, workspace, dir.resolve("out/r"), Path.of("conf"), "generation",
                List.of(), List.of(), Map.of(), Duration.ofSeconds(5), null);
        RunRequest noName = new RunRequest(COMMIT, workspace, dir.resolve("out/r"), Path.of("benchmark/config"),
                "nope", List.of(), List.of(), Map.of(), Duration.ofSeconds(5), null);
        RunRequest unset = new RunRequest(COMMIT, workspace, dir.resolve("out/r"), null, "generation",
                List.of(), List.of(), Map.of(), Duration.ofSeconds(5), null);

        assertThatThrownBy(() -> engine.run(noDir)).isInstanceOf(EngineUsageException.class)
                .hasMessage("Configuration error: the config directory [" + workspace.resolve("conf")
                        + "] does not exist in the workspace of main@0123456: set `configDir` to the directory"
                        + " holding generation.yaml (relative to the repository root).");
        assertThatThrownBy(() -> engine.run(noName)).isInstanceOf(EngineUsageException.class)
                .hasMessage("Configuration error: the config [nope] was not found: ["
                        + workspace.resolve("benchmark/config/nope.yaml") + "] does not exist in the workspace of"
                        + " main@0123456. Set `configName` to one of [generation, other].");
        assertThatThrownBy(() -> engine.run(unset)).isInstanceOf(EngineUsageException.class)
                .hasMessageContaining("needs `configDir`");
        for (String name : new String[] {null, " "}) {
            RunRequest unnamed = new RunRequest(COMMIT, workspace, dir.resolve("out/r"), Path.of("benchmark/config"),
                    name, List.of(), List.of(), Map.of(), Duration.ofSeconds(5), null);
            assertThatThrownBy(() -> engine.run(unnamed)).isInstanceOf(EngineUsageException.class)
                    .hasMessage("Configuration error: the optimum-benchmark engine needs `configName`, the name of the"
                            + " Hydra config in `configDir` (e.g. generation for generation.yaml), but none was given.");
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void rejectsAnEmptyExecutable() {
        assertThatThrownBy(() -> new OptimumBenchmarkEngine(List.of(" ")))
                .hasMessage("Configuration error: the optimum-benchmark `executable` must be one or more non-blank"
                        + " words (e.g. [optimum-benchmark] or [/opt/venv/bin/optimum-benchmark]) but was [ ].");
    }

    @Test
    void runsConcurrentlyWithoutMixingLogs() {
        OptimumBenchmarkEngine engine = new OptimumBenchmarkEngine(FakeEngine.command());
        List<RunOutcome> outcomes = IntStream.range(0, 4).parallel()
                .mapToObj(i -> engine.run(request("r" + i, FakeEngine.settings().mode(Mode.INSTANT).environment())))
                .toList();

        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.succeeded()).as(o.message()).isTrue();
            assertThat(o.runDirectory().resolve("benchmark.json")).exists();
            List<String> log = Files.readAllLines(o.log());
            assertThat(log).hasSize(2);
            assertThat(log.get(0)).startsWith("[fake-optimum-benchmark][INFO] - + decode.latency.mean:");
            assertThat(log.get(1)).isEqualTo(String.format(java.util.Locale.ROOT, "(commitbench: exit code 0 after %.3f ms)",
                    o.wallTime().toNanos() / 1e6));
        });
    }

    @Test
    void pythonDashMOfTheCliModuleIsRefusedBecauseItRunsNothing() {
        assertThatThrownBy(() -> new OptimumBenchmarkEngine(List.of("python", "-m", "optimum_benchmark.cli")))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessage("Configuration error: the optimum-benchmark `executable` [python, -m, optimum_benchmark.cli]"
                        + " runs the module optimum_benchmark.cli with -m, which runs nothing: optimum-benchmark has no"
                        + " __main__ module and its cli module no main block, so Python would exit 0 without"
                        + " benchmarking. Give the optimum-benchmark script of that Python environment instead, e.g."
                        + " [/opt/venv/bin/optimum-benchmark].");
    }
}
