package dev.commitbench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commitbench.testing.FakeEngine;
import dev.commitbench.testing.FakeEngine.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Verifies that the fake optimum-benchmark takes the real argv and writes the real layout and failures. */
class FakeOptimumBenchmarkTests {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    @TempDir
    Path dir;

    private Path configDir;

    @BeforeEach
    void writeConfig() throws IOException {
        configDir = Files.createDirectories(dir.resolve("config"));
        Files.writeString(configDir.resolve("gen.yaml"), """
                defaults:
                  - benchmark
                  - _self_
                name: gen # the benchmark name
                backend:
                  device: cpu
                  model: my-org/tiny-model
                scenario:
                  iterations: 4
                  input_shapes:
                    batch_size: 1
                hydra:
                  run:
                    dir: runs/${name}
                """);
    }

    @Test
    void writesTheRealFilesWithTheRealKeys() throws Exception {
        Path run = dir.resolve("run");
        Result result = run(Map.of(), "scenario.input_shapes.batch_size=2", "hydra.run.dir=" + run);

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(run.resolve(".hydra")).isDirectoryContaining(p -> p.endsWith("config.yaml"))
                .isDirectoryContaining(p -> p.endsWith("hydra.yaml"));
        assertThat(run.resolve(".hydra/overrides.yaml")).hasContent("- scenario.input_shapes.batch_size=2");
        assertThat(run.resolve("benchmark_report.txt")).exists();
        assertThat(run.resolve("benchmark.log")).exists();
        assertThat(run.resolve("cli.log")).as("Hydra's job log, off with hydra/job_logging=disabled").doesNotExist();
        JsonNode config = JSON.readTree(run.resolve("benchmark_config.json").toFile());
        assertThat(config.path("name").asString()).isEqualTo("gen");
        assertThat(config.path("backend").path("model").asString()).isEqualTo("my-org/tiny-model");
        assertThat(config.path("scenario").path("input_shapes").path("batch_size").asInt()).isEqualTo(2);
        JsonNode report = JSON.readTree(run.resolve("benchmark_report.json").toFile());
        assertThat(report.propertyNames())
                .containsExactly("load_model", "first_generate", "generate", "prefill", "decode", "per_token");
        JsonNode latency = report.path("decode").path("latency");
        assertThat(latency.propertyNames()).containsExactly(
                "unit", "values", "count", "total", "mean", "p50", "p90", "p95", "p99", "stdev", "stdev_");
        assertThat(latency.path("values")).hasSize(4);
        assertThat(latency.path("count").asInt()).isEqualTo(4);
        assertThat(report.path("decode").path("throughput").path("unit").asString()).isEqualTo("tokens/s");
        assertThat(report.path("decode").path("memory").isNull()).isTrue();
        assertThat(report.path("per_token").path("throughput").isNull()).isTrue();
        // 4 iterations of 7 decode tokens, earlier iterations counted again: 7 * (1 + 2 + 3 + 4)
        assertThat(report.path("per_token").path("latency").path("values")).hasSize(70);
        JsonNode both = JSON.readTree(run.resolve("benchmark.json").toFile());
        assertThat(both.propertyNames()).containsExactly("config", "report");
        assertThat(both.path("report")).isEqualTo(report);
        assertThat(both.path("config")).isEqualTo(config);
    }

    @Test
    void hasTheLayoutOfARealOptimumBenchmarkRun() throws Exception {
        String fixtures = System.getProperty("commitbench.fixtures");
        Path real = fixtures == null ? null
                : Path.of(fixtures, "optimum-benchmark-cpu/single/ob-0.7.0.dev0-b263af46_tf-4.57.6/runs/tiny_cpu_gpt2");
        assumeTrue(real != null && Files.isDirectory(real),
                "needs ../shared/fixtures/optimum-benchmark-cpu (outputs of a real optimum-benchmark run)");
        Path run = dir.resolve("run");
        run(Map.of(), "hydra.run.dir=" + run);

        assertThat(files(run)).isSubsetOf(files(real));
        JsonNode fake = JSON.readTree(run.resolve("benchmark_report.json").toFile());
        JsonNode original = JSON.readTree(real.resolve("benchmark_report.json").toFile());
        assertThat(fake.propertyNames()).containsExactlyElementsOf(original.propertyNames());
        for (String section : fake.propertyNames()) {
            assertThat(fake.path(section).propertyNames()).as(section)
                    .containsExactlyElementsOf(original.path(section).propertyNames());
            assertThat(fake.path(section).path("latency").propertyNames()).as(section)
                    .containsExactlyElementsOf(original.path(section).path("latency").propertyNames());
            assertThat(fake.path(section).path("throughput").isNull()).as(section)
                    .isEqualTo(original.path(section).path("throughput").isNull());
        }
        JsonNode fakeConfig = JSON.readTree(run.resolve("benchmark_config.json").toFile());
        JsonNode realConfig = JSON.readTree(real.resolve("benchmark_config.json").toFile());
        assertThat(fakeConfig.propertyNames()).containsExactlyElementsOf(realConfig.propertyNames());
        for (String group : List.of("backend", "scenario", "launcher", "environment")) {
            assertThat(fakeConfig.path(group).propertyNames()).as(group)
                    .isSubsetOf(realConfig.path(group).propertyNames());
        }
    }

    private static List<String> files(Path run) throws IOException {
        try (Stream<Path> files = Files.walk(run)) {
            return files.filter(Files::isRegularFile).map(f -> run.relativize(f).toString()).sorted().toList();
        }
    }

    @Test
    void takesTheModelFromTheOverridesThenTheConfigThenADefault() throws Exception {
        run(Map.of(), "backend.model=gpt2", "hydra.run.dir=" + dir.resolve("a"));
        assertThat(model(dir.resolve("a"))).isEqualTo("gpt2");
        Files.writeString(configDir.resolve("bare.yaml"), "name: bare\n");
        Result result = runWith(Map.of(), List.of("--config-dir", configDir.toString(), "--config-name", "bare",
                "hydra.run.dir=" + dir.resolve("b")));
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(model(dir.resolve("b"))).isEqualTo("fake-org/tiny-gpt2");
    }

    @Test
    void multirunWritesOneJobDirectoryPerCombinationNamedByOverrideDirname() throws Exception {
        Path sweep = dir.resolve("sweep");
        Result result = runWith(Map.of(), List.of("--config-dir", configDir.toString(), "--config-name", "gen",
                "--multirun", "scenario.input_shapes.sequence_length=8,16", "backend.model=a,b",
                "hydra.sweep.dir=" + sweep));

        assertThat(result.exitCode).as(result.output).isZero();
        try (Stream<Path> jobs = Files.list(sweep)) {
            assertThat(jobs.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "multirun.yaml",
                    "backend.model=a,scenario.input_shapes.sequence_length=8",
                    "backend.model=b,scenario.input_shapes.sequence_length=8",
                    "backend.model=a,scenario.input_shapes.sequence_length=16",
                    "backend.model=b,scenario.input_shapes.sequence_length=16");
        }
        Path job = sweep.resolve("backend.model=b,scenario.input_shapes.sequence_length=16");
        assertThat(model(job)).isEqualTo("b");
        assertThat(job.resolve(".hydra/overrides.yaml"))
                .hasContent("- scenario.input_shapes.sequence_length=16\n- backend.model=b");
        assertThat(Files.readString(job.resolve(".hydra/hydra.yaml")))
                .contains("override_dirname: 'backend.model=b,scenario.input_shapes.sequence_length=16'", "num: 3");
        assertThat(Files.readString(sweep.resolve("multirun.yaml"))).contains("mode: MULTIRUN");
    }

    @Test
    void drawsLatenciesFromTheConfiguredDistribution() throws Exception {
        Map<String, String> env = FakeEngine.settings().mean(0.25).cv(0).iterations(3).environment();
        run(env, "hydra.run.dir=" + dir.resolve("r"));

        JsonNode decode = report(dir.resolve("r")).path("decode").path("latency");
        assertThat(decode.path("values")).hasSize(3).allSatisfy(v -> assertThat(v.asDouble()).isEqualTo(0.25));
        assertThat(decode.path("stdev").asDouble()).isZero();
    }

    @Test
    void aPerProcessOffsetScalesEveryValueOfARunAlikeAndDiffersBetweenRuns() throws Exception {
        Map<String, String> env = FakeEngine.settings().mean(0.25).cv(0).processCv(0.2).iterations(4).environment();
        run(env, "hydra.run.dir=" + dir.resolve("a"));
        run(env, "hydra.run.dir=" + dir.resolve("b"));

        List<Double> a = decodeValues(dir.resolve("a"));
        List<Double> b = decodeValues(dir.resolve("b"));
        assertThat(a).hasSize(4).containsOnly(a.get(0)).doesNotContain(0.25);
        assertThat(b).hasSize(4).containsOnly(b.get(0));
        assertThat(a.get(0)).as("another process, another offset").isNotEqualTo(b.get(0));
    }

    @Test
    void aSettingsFileInTheWorkingDirectoryWinsOverTheEnvironment() throws Exception {
        FakeEngine.settings().mean(0.5).cv(0).writeTo(dir);
        run(FakeEngine.settings().mean(0.1).cv(0).environment(), "hydra.run.dir=" + dir.resolve("r"));

        assertThat(report(dir.resolve("r")).path("prefill").path("latency").path("mean").asDouble()).isEqualTo(0.5);
    }

    @Test
    void theSameSeedGivesTheSameValuesAndDriftSlowsLaterRuns() throws Exception {
        Map<String, String> seeded = FakeEngine.settings().seed(42).cv(0.3).environment();
        run(seeded, "hydra.run.dir=" + dir.resolve("a"));
        run(seeded, "hydra.run.dir=" + dir.resolve("b"));
        assertThat(report(dir.resolve("a"))).isEqualTo(report(dir.resolve("b")));

        Map<String, String> drifting = FakeEngine.settings().mean(1).cv(0).drift(0.5, dir.resolve("counter"))
                .environment();
        run(drifting, "hydra.run.dir=" + dir.resolve("c"));
        run(drifting, "hydra.run.dir=" + dir.resolve("d"));
        assertThat(meanDecode(dir.resolve("c"))).isEqualTo(1.0);
        assertThat(meanDecode(dir.resolve("d"))).isEqualTo(1.5);
        assertThat(dir.resolve("counter")).hasContent("2");
    }

    @Test
    void outliersMultiplyIterations() throws Exception {
        run(FakeEngine.settings().mean(1).cv(0).outliers(1, 4).iterations(2).environment(),
                "hydra.run.dir=" + dir.resolve("r"));

        assertThat(meanDecode(dir.resolve("r"))).isEqualTo(4.0);
    }

    @Test
    void failModeExitsOneAfterWritingOnlyTheConfig() throws Exception {
        Path run = dir.resolve("r");
        Result result = run(FakeEngine.settings().mode(Mode.FAIL).environment(), "hydra.run.dir=" + run);

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.output).contains("RuntimeError: fake failure");
        assertThat(run.resolve("benchmark_config.json")).exists();
        assertThat(run.resolve(".hydra/config.yaml")).exists();
        assertThat(run.resolve("benchmark_report.json")).doesNotExist();
        assertThat(run.resolve("benchmark.json")).doesNotExist();
    }

    @Test
    void aMultirunWithOneFailingJobRunsEveryJobAndExitsOne() throws Exception {
        Path sweep = dir.resolve("sweep");
        Result result = runWith(FakeEngine.settings().mode(Mode.FAIL).failOnly("batch_size=2").environment(),
                List.of("--config-dir", configDir.toString(), "--config-name", "gen", "-m",
                        "scenario.input_shapes.batch_size=1,2,3", "hydra.sweep.dir=" + sweep));

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(sweep.resolve("scenario.input_shapes.batch_size=1/benchmark_report.json")).exists();
        assertThat(sweep.resolve("scenario.input_shapes.batch_size=2/benchmark_report.json")).doesNotExist();
        assertThat(sweep.resolve("scenario.input_shapes.batch_size=3/benchmark_report.json")).exists();
    }

    @Test
    void usageModeAndUnknownFlagsExitTwoWithHydrasUsage() throws Exception {
        Result forced = run(FakeEngine.settings().mode(Mode.USAGE).environment(), "hydra.run.dir=" + dir.resolve("r"));
        assertThat(forced.exitCode).isEqualTo(2);
        assertThat(forced.output).contains("usage: optimum-benchmark [--help]", "optimum-benchmark: error:");
        assertThat(dir.resolve("r")).doesNotExist();

        Result flag = run(Map.of(), "--no-such-flag");
        assertThat(flag.exitCode).isEqualTo(2);
        assertThat(flag.output).contains("optimum-benchmark: error: unrecognized arguments: --no-such-flag");
    }

    @Test
    void aFlagBetweenOverridesLeavesTheOverridesAfterItUnrecognizedLikeArgparse() throws Exception {
        Result between = run(Map.of(), "--multirun", "scenario.input_shapes.batch_size=1,2", "hydra.sweep.dir=" + dir.resolve("s"));

        assertThat(between.exitCode).isEqualTo(2);
        assertThat(between.output).endsWith("optimum-benchmark: error: unrecognized arguments:"
                + " scenario.input_shapes.batch_size=1,2 hydra.sweep.dir=" + dir.resolve("s") + "\n");
        assertThat(dir.resolve("s")).doesNotExist();
    }

    @Test
    void anUnescapedEqualsInAValueIsHydrasParseErrorWithoutFiles() throws Exception {
        Path run = dir.resolve("commit=1a2b");
        Result result = run(Map.of(), "hydra.run.dir=" + run);

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.output).isEqualTo("mismatched input '=' expecting <EOF>\n"
                + "See https://hydra.cc/docs/1.2/advanced/override_grammar/basic for details\n\n"
                + "Set the environment variable HYDRA_FULL_ERROR=1 for a complete stack trace.\n");
        assertThat(run).doesNotExist();
    }

    @Test
    void aCharacterHydraOnlyTakesQuotedIsHydrasLexerErrorPointingAtIt() throws Exception {
        Result result = run(Map.of(), "backend.model=tiny#gpt2", "hydra.run.dir=" + dir.resolve("r"));

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.output).startsWith("LexerNoViableAltException: backend.model=tiny#gpt2\n"
                + " ".repeat(27 + "backend.model=tiny".length()) + "^\n"
                + "See https://hydra.cc/docs/1.2/advanced/override_grammar/basic for details\n");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void anUnclosedQuoteOrAMissingEqualsIsAParseErrorToo() throws Exception {
        assertThat(run(Map.of(), "name='open", "hydra.run.dir=" + dir.resolve("r")).output)
                .startsWith("LexerNoViableAltException: name='open\n" + " ".repeat(27 + 5) + "^\n");
        assertThat(run(Map.of(), "gpt2", "hydra.run.dir=" + dir.resolve("r")).output)
                .startsWith("Error parsing override 'gpt2'\nmissing EQUAL at '<EOF>'\nSee https://hydra.cc/");
        assertThat(run(Map.of(), "name==x", "hydra.run.dir=" + dir.resolve("r")).output)
                .startsWith("Error parsing override 'name==x'\nextraneous input '=' expecting {<EOF>, ':',");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void escapedAndQuotedValuesAreReadAsHydraReadsThem() throws Exception {
        Path model = Files.createDirectories(dir.resolve("my models/tiny gpt2=1"));
        Path run = dir.resolve("out/commit=1a2b/run #1");
        Result result = run(Map.of(), "backend.model=" + HydraSyntax.value(model.toString()), "name='it\\'s'",
                "hydra.run.dir=" + HydraSyntax.value(run.toString()));

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(run.resolve("benchmark_report.json")).exists();
        JsonNode config = JSON.readTree(run.resolve("benchmark_config.json").toFile());
        assertThat(config.path("backend").path("model").asString()).isEqualTo(model.toString());
        assertThat(config.path("name").asString()).isEqualTo("it's");
        assertThat(run.resolve(".hydra/overrides.yaml")).hasContent("- backend.model=" + HydraSyntax.value(model.toString())
                + "\n- name='it\\'s'");
    }

    @Test
    void aMultirunNamesItsJobsWithTheOverridesAsHydraWritesThemBack() throws Exception {
        Path sweep = dir.resolve("commit=1a2b");
        Result result = runWith(Map.of(), List.of("--config-dir", configDir.toString(), "--config-name", "gen",
                "--multirun", "scenario.input_shapes.batch_size=1,2", "name=a:b c",
                "hydra.sweep.dir=" + HydraSyntax.value(sweep.toString())));

        assertThat(result.exitCode).as(result.output).isZero();
        try (Stream<Path> jobs = Files.list(sweep)) {
            assertThat(jobs.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("multirun.yaml",
                    "name=a\\:b\\ c,scenario.input_shapes.batch_size=1", "name=a\\:b\\ c,scenario.input_shapes.batch_size=2");
        }
        assertThat(sweep.resolve("name=a\\:b\\ c,scenario.input_shapes.batch_size=2/.hydra/overrides.yaml"))
                .hasContent("- scenario.input_shapes.batch_size=2\n- name=a\\:b\\ c");
    }

    @Test
    void anUnknownOverrideKeyExitsOneWithoutFiles() throws Exception {
        Result builtIn = run(Map.of(), "backend.no_such_key=1", "hydra.run.dir=" + dir.resolve("r"));
        assertThat(builtIn.exitCode).isEqualTo(1);
        assertThat(builtIn.output).contains("Could not override 'backend.no_such_key'.",
                "Key 'no_such_key' not in 'PyTorchConfig'");
        assertThat(dir.resolve("r")).doesNotExist();

        Result listed = run(FakeEngine.settings().unknownKeys("scenario.bogus").environment(), "scenario.bogus=2",
                "hydra.run.dir=" + dir.resolve("r"));
        assertThat(listed.exitCode).isEqualTo(1);
        assertThat(listed.output).contains("Could not override 'scenario.bogus'.");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void aModelPathThatDoesNotExistExitsOneAfterWritingOnlyHydrasFiles() throws Exception {
        Path run = dir.resolve("r");
        Result result = run(Map.of(), "backend.model=" + dir.resolve("no-model"), "hydra.run.dir=" + run);

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.output).contains("KeyError: '`" + dir.resolve("no-model")
                + "` is neither an hf hub repo nor a local directory.'");
        assertThat(files(run)).containsExactly(".hydra/config.yaml", ".hydra/hydra.yaml", ".hydra/overrides.yaml",
                "benchmark.log");
        Path logged = dir.resolve("logged");
        runWith(Map.of(), List.of("--config-dir", configDir.toString(), "--config-name", "gen",
                "backend.model=" + dir.resolve("no-model"), "hydra.run.dir=" + logged));
        assertThat(files(logged)).as("with Hydra's job log").containsExactly(".hydra/config.yaml", ".hydra/hydra.yaml",
                ".hydra/overrides.yaml", "benchmark.log", "cli.log");
    }

    @Test
    void aMissingConfigExitsOneNamingIt() throws Exception {
        Result result = runWith(Map.of(), List.of("--config-dir", configDir.toString(), "--config-name", "nope"));
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.output).contains("Cannot find primary config 'nope'");
    }

    @Test
    void corruptReportModesWriteBrokenReportsAndExitZero() throws Exception {
        run(FakeEngine.settings().mode(Mode.TRUNCATED).environment(), "hydra.run.dir=" + dir.resolve("t"));
        run(FakeEngine.settings().mode(Mode.NOTJSON).environment(), "hydra.run.dir=" + dir.resolve("n"));
        for (String file : List.of("benchmark_report.json", "benchmark.json")) {
            assertThatThrownBy(() -> JSON.readTree(dir.resolve("t").resolve(file).toFile()))
                    .isInstanceOf(JacksonException.class);
            assertThatThrownBy(() -> JSON.readTree(dir.resolve("n").resolve(file).toFile()))
                    .isInstanceOf(JacksonException.class);
        }

        Result nan = run(FakeEngine.settings().mode(Mode.NAN).environment(), "hydra.run.dir=" + dir.resolve("x"));
        assertThat(nan.exitCode).isZero();
        assertThat(meanDecode(dir.resolve("x"))).isNaN();
    }

    @Test
    void instantModeWritesOnlyTheJsonFiles() throws Exception {
        Path run = dir.resolve("r");
        Result result = run(FakeEngine.settings().mode(Mode.INSTANT).sleepSeconds(30).environment(),
                "hydra.run.dir=" + run);

        assertThat(result.exitCode).isZero();
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    ".hydra", "benchmark_config.json", "benchmark_report.json", "benchmark.json");
        }
    }

    @Test
    void hangModeSleepsWithAChildProcess() throws Exception {
        List<String> command = new ArrayList<>(FakeEngine.command());
        command.addAll(List.of("--config-dir", configDir.toString(), "--config-name", "gen",
                "hydra.run.dir=" + dir.resolve("r")));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
        builder.environment().putAll(FakeEngine.settings().mode(Mode.HANG).environment());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(300, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(process.descendants().count()).isGreaterThanOrEqualTo(2);
            assertThat(dir.resolve("r/benchmark_config.json")).exists();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    private String model(Path run) {
        return JSON.readTree(run.resolve("benchmark_config.json").toFile()).path("backend").path("model").asString();
    }

    private JsonNode report(Path run) {
        return JSON.readTree(run.resolve("benchmark_report.json").toFile());
    }

    private List<Double> decodeValues(Path run) {
        List<Double> values = new ArrayList<>();
        report(run).path("decode").path("latency").path("values").forEach(v -> values.add(v.asDouble()));
        return values;
    }

    private double meanDecode(Path run) {
        return report(run).path("decode").path("latency").path("mean").asDouble();
    }

    private Result run(Map<String, String> env, String... overrides) throws Exception {
        List<String> args = new ArrayList<>(List.of("--config-dir", configDir.toString(), "--config-name", "gen",
                "hydra/job_logging=disabled", "hydra/hydra_logging=disabled"));
        args.addAll(List.of(overrides));
        return runWith(env, args);
    }

    private Result runWith(Map<String, String> env, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(FakeEngine.command());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("FAKE_OB_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the fake finishes").isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
