package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies that, given the optimum-benchmark outputs transformers' benchmark.py summarized (recorded in
 * {@code ../shared/fixtures/optimum-benchmark-cpu/transformers-benchmark-py/_benchmark/}), the command line
 * writes the same {@code summary.json} per job, {@code summaries.json} and combined {@code summary.json},
 * in the same layout, for benchmark.py's own command lines: run mode, a multirun over two commits, and
 * {@code diff} with a model override.
 *
 * <p>A real git repository is made with two commits ({@code main}, and {@code slower} checked out) whose SHAs
 * are mapped to the recorded ones; a replaying stand-in for optimum-benchmark copies the recorded outputs
 * of the mapped commit into the directory it is asked to write to. The recorded SHAs are replaced by the
 * new ones before comparing.
 */
class BenchmarkPyGoldenTests {

    private static final String RECORDED_MAIN = "bfc25d552b7c5816ec112e89016fa3efaaff5818";
    private static final String RECORDED_SLOWER = "a7c66fede307877fefdcbf8fffb30157c539c5ee";
    private static final String RECORDED_MODEL = "/srv/realob/models/tiny-gpt2";
    /** The second model of the several-models test, replayed from {@link #RECORDED_MODEL}'s outputs. */
    private static final String SECOND_MODEL = "/srv/realob/models/tiny-gpt2-second";
    private static final String FIVE_METRICS = "--metrics=prefill.latency.mean,prefill.throughput.value,"
            + "decode.latency.mean,decode.throughput.value,per_token.latency.mean";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    private Path repository;
    private String main;
    private String slower;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void repositoryWithMainAndSlower() throws IOException, GitAPIException {
        repository = temp.resolve("repo");
        try (Git git = Git.init().setDirectory(repository.toFile()).setInitialBranch("main").call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("user", null, "name", "commitbench test");
            config.setString("user", null, "email", "test@commitbench.dev");
            config.setBoolean("commit", null, "gpgsign", false);
            config.save();
            Files.createDirectories(repository.resolve("benchmark/config"));
            Files.writeString(repository.resolve("benchmark/config/generation.yaml"), "# replayed, not read\n");
            Files.writeString(repository.resolve(".gitignore"), "_benchmark/\n");
            git.add().addFilepattern(".").call();
            main = git.commit().setMessage("main: 16 new tokens").call().getName();
            git.checkout().setCreateBranch(true).setName("slower").call();
            Files.writeString(repository.resolve("benchmark/config/generation.yaml"), "# replayed, slower\n");
            git.add().addFilepattern(".").call();
            slower = git.commit().setMessage("slower: 64 new tokens").call().getName();
        }
    }

    private static Path recorded(String runFolder) {
        String fixtures = System.getProperty("commitbench.fixtures");
        assumeTrue(fixtures != null && Files.isDirectory(Path.of(fixtures)),
                "the shared fixtures (../shared/fixtures) are absent; the golden tests need benchmark.py's recorded runs");
        Path recorded = Path.of(fixtures, "optimum-benchmark-cpu", "transformers-benchmark-py", "_benchmark", runFolder);
        assumeTrue(Files.isDirectory(recorded), "the recorded benchmark.py run " + recorded + " is absent");
        return recorded;
    }

    private int run(Path recorded, String... args) throws IOException, URISyntaxException {
        Path map = Files.writeString(temp.resolve("sha-map.txt"),
                main + " " + RECORDED_MAIN + "\n" + slower + " " + RECORDED_SLOWER + "\n"
                        + "model " + SECOND_MODEL + " " + RECORDED_MODEL + "\n");
        Path script = Path.of(BenchmarkPyGoldenTests.class.getResource("/cli/replay-optimum-benchmark.sh").toURI());
        String executable = "sh '" + script + "' '" + recorded + "' '" + map + "' ${sha}";
        List<String> all = new ArrayList<>(List.of("--config-dir", "benchmark/config", "--config-name", "generation",
                "--executable", executable, "--report", "none"));
        all.addAll(List.of(args));
        return new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, Map.of())
                .run(all.toArray(String[]::new));
    }

    @Test
    void run_mode_on_the_current_head() throws Exception {
        Path recorded = recorded("tmpqg8xxdyv");

        int code = run(recorded, FIVE_METRICS);

        assertThat(code).as(err.toString()).isZero();
        assertSameFiles(recorded, onlyRunFolder(repository.resolve("_benchmark")), true);
    }

    @Test
    void multirun_over_two_commits() throws Exception {
        Path recorded = recorded("tmpaqo3lej4");

        int code = run(recorded, "--commit=" + main + "," + slower, FIVE_METRICS, "--rounds", "1", "--max-rounds", "1",
                "scenario.input_shapes.batch_size=1,2", "hydra.sweep.dir=" + temp.resolve("sweeps"), "--multirun");

        assertThat(code).as(err.toString()).isIn(0, 1, 4);
        assertSameFiles(recorded, onlyRunFolder(temp.resolve("sweeps")), true);
    }

    @Test
    void diff_with_a_model_override_and_nested_job_directories() throws Exception {
        Path recorded = recorded("tmp_xbz63p5");

        int code = run(recorded, "--commit=diff", FIVE_METRICS, "--rounds", "1", "--max-rounds", "1",
                "backend.model=/srv/realob/models/tiny-gpt2", "scenario.input_shapes.batch_size=1,2",
                "hydra.sweep.dir=" + temp.resolve("sweeps"), "--multirun");

        assertThat(code).as(err.toString()).isIn(0, 1, 4);
        // benchmark.py lists the jobs in the order the file system returns them (glob), which no tool can
        // reproduce; here it was batch_size=2 first. The run-level files are compared regardless of order.
        assertSameFiles(recorded, onlyRunFolder(temp.resolve("sweeps")), false);
    }

    @Test
    void several_models_in_a_multirun_share_the_commit_sweep_dir_as_in_benchmark_py() throws Exception {
        Path recorded = recorded("tmp_xbz63p5");

        int code = run(recorded, "--commit=" + main + "," + slower, FIVE_METRICS, "--rounds", "1", "--max-rounds", "1",
                "backend.model=" + RECORDED_MODEL + "," + SECOND_MODEL, "scenario.input_shapes.batch_size=1,2",
                "hydra.sweep.dir=" + temp.resolve("sweeps"), "--multirun");

        assertThat(code).as(err.toString()).isIn(0, 1, 4);
        // benchmark.py ran one multirun per model with commit=<sha>/ as the sweep dir of both, so the jobs of
        // both models sit side by side: commit=<sha>/backend.model=<model>,scenario.input_shapes.batch_size=<n>/
        Path actual = onlyRunFolder(temp.resolve("sweeps"));
        Map<String, String> first = summaryFiles(recorded, true);
        Map<String, String> expected = new TreeMap<>();
        first.forEach((path, text) -> {
            if (path.contains("/")) {
                expected.put(path, text);
                expected.put(path.replace(RECORDED_MODEL, SECOND_MODEL), text.replace(RECORDED_MODEL, SECOND_MODEL));
            }
        });
        Map<String, String> written = summaryFiles(actual, false);
        Map<String, String> jobFiles = new TreeMap<>(written);
        jobFiles.keySet().removeIf(path -> !path.contains("/"));
        assertThat(jobFiles).hasSize(8).isEqualTo(expected);
        assertThat(written.keySet()).contains("summaries.json", "summary.json").hasSize(10);
        // the run-level files hold both models' entries (benchmark.py lists them in glob order)
        List<String> summaries = new ArrayList<>();
        for (String text : List.of(first.get("summaries.json"), bothModels(first.get("summaries.json")))) {
            summaries.addAll(castList(sorted(JSON.readTree(text))));
        }
        summaries.sort(null);
        assertThat(sorted(JSON.readTree(written.get("summaries.json")))).isEqualTo(summaries);
        Map<String, Object> combined = new TreeMap<>(castMap(sorted(JSON.readTree(first.get("summary.json")))));
        combined.putAll(castMap(sorted(JSON.readTree(bothModels(first.get("summary.json"))))));
        assertThat(combined).hasSize(2);
        assertThat(sorted(JSON.readTree(written.get("summary.json")))).isEqualTo(combined);
        // each model summarized its own jobs only: 2 commits x 2 batch sizes x 2 models
        assertThat(JSON.readTree(written.get("summaries.json")).size()).isEqualTo(8);
    }

    @Test
    void several_models_in_run_mode_nest_in_hydras_override_dirname_as_in_benchmark_py() throws Exception {
        Path recorded = recorded("tmpqg8xxdyv");

        int code = run(recorded, FIVE_METRICS, "backend.model=" + RECORDED_MODEL + "," + SECOND_MODEL);

        assertThat(code).as(err.toString()).isZero();
        // benchmark.py passes hydra.run.dir=commit=<sha>/${hydra.job.override_dirname}: here backend.model=<model>
        Map<String, String> recordedFiles = summaryFiles(recorded, true);
        String job = recordedFiles.get("commit=" + slower + "/summary.json");
        String first = "commit=" + slower + "/backend.model=" + RECORDED_MODEL + "/summary.json";
        Map<String, String> expected = new TreeMap<>(Map.of(first, job, bothModels(first), bothModels(job),
                "summaries.json", twoEntries(recordedFiles.get("summaries.json")),
                "summary.json", twoEntries(recordedFiles.get("summary.json"))));
        assertThat(summaryFiles(onlyRunFolder(repository.resolve("_benchmark")), false)).isEqualTo(expected);
    }

    @Test
    void one_model_in_run_mode_nests_in_hydras_override_dirname_too() throws Exception {
        Path recorded = recorded("tmpqg8xxdyv");

        int code = run(recorded, FIVE_METRICS, "backend.model=" + RECORDED_MODEL);

        assertThat(code).as(err.toString()).isZero();
        Map<String, String> expected = new TreeMap<>();
        summaryFiles(recorded, true).forEach((path, text) -> expected.put(
                path.replace("/summary.json", "/backend.model=" + RECORDED_MODEL + "/summary.json"), text));
        assertThat(summaryFiles(onlyRunFolder(repository.resolve("_benchmark")), false)).isEqualTo(expected);
    }

    /**
     * The recorded run-level file ({@code [entry]} or {@code {model: ...}}, as {@code json.dump(indent=4)}
     * writes it) with a second entry, the first one for {@link #SECOND_MODEL}, after the first.
     */
    private static String twoEntries(String recordedText) {
        int end = recordedText.lastIndexOf('\n');
        String body = recordedText.substring(2, end);
        return recordedText.substring(0, 2) + body + ",\n" + bothModels(body) + recordedText.substring(end);
    }

    private static String bothModels(String recordedText) {
        return recordedText.replace(RECORDED_MODEL, SECOND_MODEL);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object sorted) {
        return (List<String>) sorted;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object sorted) {
        return (Map<String, Object>) sorted;
    }

    private static Path onlyRunFolder(Path parent) throws IOException {
        try (Stream<Path> folders = Files.list(parent)) {
            List<Path> all = folders.filter(Files::isDirectory).toList();
            assertThat(all).as("run folders in " + parent).hasSize(1);
            assertThat(all.get(0).getFileName().toString()).matches("tmp[a-z0-9_]{8}");
            return all.get(0);
        }
    }

    /**
     * Asserts that every {@code summary.json} and {@code summaries.json} benchmark.py wrote has its twin, with
     * the same bytes once the SHAs are mapped, and that commitbench wrote no other ones.
     */
    private void assertSameFiles(Path recorded, Path actual, boolean runFilesInSameOrder) throws IOException {
        Map<String, String> expected = summaryFiles(recorded, true);
        Map<String, String> written = summaryFiles(actual, false);

        assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((path, text) -> {
            boolean runLevel = !path.contains("/");
            if (runLevel && !runFilesInSameOrder) {
                assertThat(sorted(JSON.readTree(written.get(path)))).as(path).isEqualTo(sorted(JSON.readTree(text)));
            } else {
                assertThat(written.get(path)).as(path).isEqualTo(text);
            }
        });
    }

    private Map<String, String> summaryFiles(Path root, boolean mapShas) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.equals("summary.json") || name.equals("summaries.json")) {
                    String path = root.relativize(file).toString().replace('\\', '/');
                    String text = read(file);
                    files.put(mapShas ? mapShas(path) : path, mapShas ? mapShas(text) : text);
                }
            }
        }
        return files;
    }

    private String mapShas(String text) {
        return text.replace(RECORDED_MAIN, main).replace(RECORDED_SLOWER, slower);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON with arrays sorted by their items' text (objects compare regardless of key order). */
    private static Object sorted(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(String.valueOf(sorted(item))));
            items.sort(null);
            return items;
        }
        if (node.isObject()) {
            Map<String, Object> fields = new TreeMap<>();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                fields.put(property.getKey(), sorted(property.getValue()));
            }
            return fields;
        }
        return node;
    }
}
