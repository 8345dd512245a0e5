package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.engine.HydraSyntax;
import dev.commitbench.testing.RealEngine;
import dev.commitbench.testing.RealEngineNoise;
import dev.commitbench.testing.RealEngineRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies the command line against the real optimum-benchmark, transformers style: {@code benchmark.py}'s
 * arguments on the repository it was run on ({@link RealEngineRepository}), two commits of which the second
 * generates 4 times as many tokens. Each real run takes about 40 s on 2 cores (mostly Python start-up), so the runs
 * are few: 2 commits x 2 rounds, and more rounds (up to 4) only while a comparison is inconclusive (two rounds give
 * an interval 9 times as wide as their bootstrap, three 2.7 times, four 1.9 times). Torch runs on one
 * thread ({@code OMP_NUM_THREADS=1}): with two, the CPU time other processes take makes decode times vary several
 * fold.
 */
@RealEngine.Test
class CliRealEngineTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String METRIC = "decode.latency.mean";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    private Path repository;
    private Path argv;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void repository() {
        repository = RealEngineRepository.create(temp.resolve("repo"));
        argv = temp.resolve("argv.txt");
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--config-dir", "benchmark/config", "--config-name", "generation",
                "--executable", RealEngineRepository.recordingExecutable(temp, argv).toString(),
                "--env", "HF_HUB_OFFLINE=1", "--env", "OMP_NUM_THREADS=1", "--metrics", METRIC + ",prefill.latency.mean",
                "--rounds", "2", "--max-rounds", "4"));
        all.addAll(List.of(args));
        return new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, Map.of())
                .run(all.toArray(String[]::new));
    }

    @Test
    void theSlowerCommitRegressesWithBenchmarkPysFiles() throws Exception {
        String base = RealEngineRepository.sha(repository, "base");
        String slower = RealEngineRepository.sha(repository, "slower");

        int code = run("--commit", "base,slower");

        Path runFolder = runFolder();
        List<List<String>> invocations = RealEngineRepository.invocations(argv);
        assertThat(invocations).as(err.toString()).hasSizeBetween(4, 8);
        List<String> first = invocations.get(0);
        System.out.println("argv of the first run: " + first);
        assertThat(first.get(0)).isEqualTo("--config-dir");
        assertThat(first.get(1)).endsWith("/benchmark/config");
        assertThat(first.subList(2, first.size())).containsExactly("--config-name", "generation",
                "hydra/job_logging=disabled", "hydra/hydra_logging=disabled",
                "hydra.run.dir=" + escaped(runFolder.resolve("commit=" + base).toAbsolutePath().toString()));
        assertThat(first.get(first.size() - 1)).contains("/commit\\=" + base);
        for (String sha : List.of(base, slower)) {
            for (Path dir : List.of(runFolder.resolve("commit=" + sha), runFolder.resolve("round-2/commit=" + sha))) {
                assertThat(dir.resolve("benchmark_report.json")).as("the real report").isRegularFile();
                assertThat(dir.resolve("summary.json")).isRegularFile();
                assertThat(dir.resolve(".hydra/overrides.yaml")).hasContent("[]");
            }
        }
        JsonNode summaries = JSON.readTree(runFolder.resolve("summaries.json").toFile());
        assertThat(summaries).hasSize(invocations.size());
        assertThat(summaries.get(0).propertyNames()).containsExactly("model", "commit", "config", "metrics");
        assertThat(summaries.get(0).path("model").asString()).isEqualTo(RealEngineRepository.MODEL);
        assertThat(summaries.get(0).path("metrics").path(METRIC).isNumber()).isTrue();
        JsonNode combined = JSON.readTree(runFolder.resolve("summary.json").toFile());
        JsonNode configs = combined.path(RealEngineRepository.MODEL);
        assertThat(configs.isObject()).as(combined.toString()).isTrue();
        assertThat(configs.path(configs.propertyNames().iterator().next()).propertyNames())
                .containsExactlyInAnyOrder(base, slower);

        RealEngineNoise.abortWhenTooBusyToDecide(comparisonsIn(runFolder), METRIC);
        assertThat(code).as("%s%s", err, comparisons(runFolder)).isEqualTo(1);
        assertThat(comparison(runFolder).path("verdict").asString()).isEqualTo("REGRESSED");
        assertThat(err.toString()).contains("Exit 1: ").contains(METRIC);
    }

    @Test
    void aMultirunWritesHydrasSweepAndJobDirectoriesAndRegressesAtEachBatchSize() throws Exception {
        String base = RealEngineRepository.sha(repository, "base");
        String slower = RealEngineRepository.sha(repository, "slower");
        String model = "backend.model=" + escaped(RealEngineRepository.MODEL);

        int code = run("--commit", "base,slower", model, "scenario.input_shapes.batch_size=1,2", "--multirun");

        Path runFolder = runFolder();
        List<List<String>> invocations = RealEngineRepository.invocations(argv);
        assertThat(invocations).as(err.toString()).hasSizeBetween(4, 8);
        List<String> first = invocations.get(0);
        // --multirun before every override: argparse rejects overrides after a flag that follows overrides
        assertThat(first.subList(2, first.size())).containsExactly("--config-name", "generation", "--multirun",
                "hydra/job_logging=disabled", "hydra/hydra_logging=disabled", model,
                "scenario.input_shapes.batch_size=1,2",
                "hydra.sweep.dir=" + escaped(runFolder.resolve("commit=" + base).toAbsolutePath().toString()));
        for (String sha : List.of(base, slower)) {
            for (Path sweep : List.of(runFolder.resolve("commit=" + sha), runFolder.resolve("round-2/commit=" + sha))) {
                assertThat(sweep.resolve("multirun.yaml")).isRegularFile();
                // Hydra names each job by its override_dirname, values escaped; the model's / nests folders
                assertThat(jobDirectories(sweep)).containsExactlyInAnyOrder(
                        model + ",scenario.input_shapes.batch_size=1", model + ",scenario.input_shapes.batch_size=2");
            }
        }
        assertThat(JSON.readTree(runFolder.resolve("summaries.json").toFile())).hasSize(2 * invocations.size());

        JsonNode comparisons = comparisonsIn(runFolder);
        RealEngineNoise.abortWhenTooBusyToDecide(comparisons, METRIC);
        assertThat(code).as("%s%s", err, comparisons(runFolder)).isEqualTo(1);
        List<String> decodeVerdicts = new ArrayList<>();
        comparisons.forEach(c -> {
            if (c.path("metric").asString().equals(METRIC)) {
                decodeVerdicts.add(c.path("verdict").asString());
            }
        });
        assertThat(decodeVerdicts).as(comparisons.toString()).containsExactly("REGRESSED", "REGRESSED");
    }

    @Test
    void anOverrideHydraCannotParseStopsThePlanQuotingHydra() throws Exception {
        int code = run("--commit", "base,slower", "name=x=y");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("optimum-benchmark could not parse an override on its command line (Hydra"
                + " says \"mismatched input '=' expecting <EOF>\"; see " + HydraSyntax.GRAMMAR_URL + "), so the plan"
                + " stops. What looks wrong: [name=x=y] has the = inside its value: escape it with a backslash (\\=,"
                + " \\,, \\ ) or quote the value; as literal text it is written name=x\\=y (passed through unchanged).");
        assertThat(RealEngineRepository.invocations(argv)).hasSize(1);
    }

    @Test
    void aModelThatDoesNotExistIsAFailedRunSayingSo() throws Exception {
        String missing = RealEngineRepository.MODEL + " (missing)";

        int code = run("--commit", "base", "backend.model=" + escaped(missing));

        assertThat(code).as(err.toString()).isEqualTo(3);
        JsonNode failures = JSON.readTree(runFolder().resolve("commitbench.json").toFile()).path("failures");
        assertThat(failures).isNotEmpty().allSatisfy(failure -> assertThat(failure.path("message").asString())
                .startsWith("optimum-benchmark failed with exit code 1: the model [" + missing + "] is neither a Hugging"
                        + " Face Hub repository nor a local directory: set backend.model to a model folder that exists"));
        assertThat(out.toString()).contains("| optimum-benchmark failed with exit code 1: the model \\[");
    }

    @Test
    void bisectNamesTheCommitThatMadeDecodingSlower() throws Exception {
        String slower = RealEngineRepository.sha(repository, "slower");

        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, Map.of()).run(
                "bisect", "--good", "base", "--bad", "slower", "--metric", METRIC,
                "--config-dir", "benchmark/config", "--config-name", "generation",
                "--executable", RealEngineRepository.recordingExecutable(temp, argv).toString(),
                "--env", "HF_HUB_OFFLINE=1", "--env", "OMP_NUM_THREADS=1", "--max-runs", "24");

        Path runFolder = runFolder();
        for (String file : List.of("bisect.json", "report.md", "report.html", "summaries.json")) {
            assertThat(runFolder.resolve(file)).as(err.toString()).isRegularFile();
        }
        List<List<String>> invocations = RealEngineRepository.invocations(argv);
        assertThat(invocations).isNotEmpty().allSatisfy(args -> assertThat(args.get(args.size() - 1))
                .startsWith("hydra.run.dir=").contains("/commit\\="));
        JsonNode result = JSON.readTree(runFolder.resolve("bisect.json").toFile());
        assertThat(result.path("engineRuns").asInt()).isEqualTo(invocations.size())
                .isEqualTo(result.path("measurements").size());
        Assumptions.assumeFalse(code == 4, () -> "The machine was too busy to pin the culprit down within 24 real"
                + " runs: " + err);
        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(result.path("culprit").asString()).isEqualTo(slower);
        assertThat(err.toString()).contains("slower: 64 new tokens instead of 16");
    }

    /** Each comparison of {@code commitbench.json} on a line: point, metric, verdict, change, interval, noise. */
    private static String comparisons(Path runFolder) throws IOException {
        StringBuilder lines = new StringBuilder("\nComparisons (" + runFolder + "):");
        for (JsonNode c : JSON.readTree(runFolder.resolve("commitbench.json").toFile()).path("comparisons")) {
            lines.append("\n  ").append(c.path("config").asString()).append(' ').append(c.path("metric").asString())
                    .append(' ').append(c.path("verdict").asString()).append(' ').append(c.path("changePercent"))
                    .append("% [").append(c.path("lowerPercent")).append(", ").append(c.path("upperPercent"))
                    .append("] baseline ").append(c.path("baselineValue")).append(" candidate ")
                    .append(c.path("candidateValue"));
        }
        return lines.toString();
    }

    /** The job directories of a sweep (those holding a report), relative to it. */
    private static List<String> jobDirectories(Path sweep) throws IOException {
        try (Stream<Path> files = Files.walk(sweep)) {
            return files.filter(f -> f.getFileName().toString().equals("benchmark_report.json"))
                    .map(f -> sweep.relativize(f.getParent()).toString()).toList();
        }
    }

    private Path runFolder() throws IOException {
        try (Stream<Path> folders = Files.list(repository.resolve("_benchmark"))) {
            List<Path> all = folders.filter(Files::isDirectory).toList();
            assertThat(all).as("run folders").hasSize(1);
            assertThat(repository.resolve("_benchmark/.gitignore")).as("the results folder ignores itself").content().endsWith("\n*\n");
            return all.get(0);
        }
    }

    private static JsonNode comparisonsIn(Path runFolder) throws IOException {
        return JSON.readTree(runFolder.resolve("commitbench.json").toFile()).path("comparisons");
    }

    /** The comparison of {@value #METRIC} in {@code commitbench.json}. */
    private static JsonNode comparison(Path runFolder) throws IOException {
        JsonNode json = JSON.readTree(runFolder.resolve("commitbench.json").toFile());
        for (JsonNode comparison : json.path("comparisons")) {
            if (comparison.path("metric").asString().equals(METRIC)) {
                return comparison;
            }
        }
        throw new AssertionError("no comparison of " + METRIC + " in " + json.path("comparisons"));
    }

    private static String escaped(String path) {
        return HydraSyntax.value(path);
    }
}
