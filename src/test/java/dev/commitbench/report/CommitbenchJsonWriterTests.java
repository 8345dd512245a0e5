package dev.commitbench.report;

import static dev.commitbench.report.MarkdownReportWriterTestData.FEATURE;
import static dev.commitbench.report.MarkdownReportWriterTestData.HEAD;
import static dev.commitbench.report.MarkdownReportWriterTestData.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.Measurement;
import dev.commitbench.Summary;
import dev.commitbench.Verdict;
import dev.commitbench.testing.ProjectVersion;
import dev.commitbench.testing.TestComparisons;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Verifies that {@code commitbench.json} is strict, versioned JSON holding every sample, comparison and failure. */
class CommitbenchJsonWriterTests {

    private static final Instant NOW = Instant.parse("2026-11-27T15:30:00Z");
    private static final EnvironmentInfo ENVIRONMENT = new EnvironmentInfo("Linux", "6.1.0", "amd64", "AMD EPYC 7B13", 16,
            68_719_476_736L, "17.0.13", "Eclipse Adoptium", List.of(MAIN, HEAD, FEATURE),
            List.of(new EnvironmentInfo.Gpu("NVIDIA H100 80GB HBM3", "550.54.15")), "0.6.0");

    private final CommitbenchJsonWriter writer = new CommitbenchJsonWriter(Clock.fixed(NOW, ZoneOffset.UTC));
    private final CombinedReport report = MarkdownReportWriterTestData.report();

    @Test
    void writes_schema_version_1_with_the_time_threshold_and_commits(@TempDir Path tmp) throws Exception {
        JsonNode json = parse(writer.write(tmp.resolve("run"), report, Map.of(), List.of(), ENVIRONMENT));

        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("createdAt").asString()).isEqualTo("2026-11-27T15:30:00Z");
        assertThat(json.get("thresholdPercent").asDouble()).isEqualTo(5.0);
        assertThat(json.get("inconclusivePolicy").asString()).isEqualTo("ABORT");
        assertThat(json.get("commits").values()).extracting(c -> c.get("label").asString() + "/" + c.get("role").asString())
                .containsExactly("main/baseline", "HEAD/candidate", "feature/kv-cache/candidate");
        assertThat(json.get("commits").get(0).get("sha").asString()).isEqualTo(MAIN.sha());
    }

    @Test
    void the_file_written_is_the_rendered_text_byte_for_byte(@TempDir Path tmp) throws Exception {
        Path file = writer.write(tmp.resolve("run"), report, Map.of("points", List.of("a")), List.of(), ENVIRONMENT);

        assertThat(file).isEqualTo(tmp.resolve("run/commitbench.json"));
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo(writer.render(report, Map.of("points", List.of("a")), List.of(), ENVIRONMENT))
                .endsWith("}\n");
    }

    @Test
    void records_the_version_of_commitbench_that_wrote_it() {
        JsonNode json = JsonMapper.builder().build().readTree(writer.render(report, Map.of(), List.of(), ENVIRONMENT));

        assertThat(json.get("commitbenchVersion").asString()).isEqualTo(ProjectVersion.fromPom());
        assertThat(json.propertyNames()).startsWith("schemaVersion", "commitbenchVersion", "createdAt");
    }

    @Test
    void leaves_the_version_out_when_the_build_recorded_none() {
        var unversioned = new CommitbenchJsonWriter(Clock.fixed(NOW, ZoneOffset.UTC), Optional.empty());

        JsonNode json = JsonMapper.builder().build().readTree(unversioned.render(report, Map.of(), List.of(), ENVIRONMENT));

        assertThat(json.has("commitbenchVersion")).isFalse();
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void holds_every_sample_per_commit_point_metric_and_round() {
        JsonNode json = JsonMapper.builder().build().readTree(writer.render(report, Map.of(), List.of(), ENVIRONMENT));

        int cells = 0;
        for (String model : report.models()) {
            for (String config : report.configs(model)) {
                for (var commit : report.commits()) {
                    for (String metric : report.metrics(model, config, commit.sha())) {
                        Measurement expected = report.measurement(model, config, commit.sha(), metric).orElseThrow();
                        JsonNode entry = find(json.get("measurements"), model, config, commit.sha(), metric);
                        assertThat(entry.get("unit").asString()).isEqualTo(expected.unit());
                        assertThat(entry.get("rounds").size()).isEqualTo(expected.rounds());
                        for (int r = 0; r < expected.rounds(); r++) {
                            JsonNode round = entry.get("rounds").get(r);
                            assertThat(round.get("round").asInt()).isEqualTo(r + 1);
                            assertThat(round.get("value").asDouble()).isEqualTo(expected.roundValues().get(r));
                            assertThat(round.get("samples").values()).extracting(JsonNode::asDouble)
                                    .containsExactlyElementsOf(expected.roundSamples().get(r));
                        }
                        cells++;
                    }
                }
            }
        }
        assertThat(json.get("measurements").size()).isEqualTo(cells).isEqualTo(10);
    }

    @Test
    void holds_how_much_the_iterations_alone_would_make_the_rounds_vary() {
        Comparison c = TestComparisons.withIterationCv(report.comparisons().get(0), 0.002, 0.03);
        CombinedReport withIterations = CombinedReport.builder().commits(List.of(MAIN, HEAD)).comparisons(List.of(c))
                .build();

        JsonNode node = JsonMapper.builder().build().readTree(writer.render(withIterations, Map.of(), List.of(),
                ENVIRONMENT)).get("comparisons").get(0);

        assertThat(node.get("baselineCv").asDouble()).isEqualTo(0.012);
        assertThat(node.get("baselineIterationCv").asDouble()).isEqualTo(0.002);
        assertThat(node.get("candidateIterationCv").asDouble()).isEqualTo(0.03);
        assertThat(node.get("noiseIsBetweenProcesses").asBoolean()).isTrue();
    }

    @Test
    void holds_every_comparison_with_its_interval_and_verdict() {
        JsonNode json = JsonMapper.builder().build().readTree(writer.render(report, Map.of(), List.of(), ENVIRONMENT));

        assertThat(json.get("comparisons").size()).isEqualTo(report.comparisons().size());
        for (int i = 0; i < report.comparisons().size(); i++) {
            Comparison c = report.comparisons().get(i);
            JsonNode node = json.get("comparisons").get(i);
            assertThat(node.get("model").asString()).isEqualTo(c.model());
            assertThat(node.get("config").asString()).isEqualTo(c.config());
            assertThat(node.get("metric").asString()).isEqualTo(c.metric());
            assertThat(node.get("unit").asString()).isEqualTo(c.unit());
            assertThat(node.get("baseline").get("sha").asString()).isEqualTo(c.baseline().sha());
            assertThat(node.get("candidate").get("label").asString()).isEqualTo(c.candidate().label());
            assertThat(node.get("baselineValue").asDouble()).isEqualTo(c.baselineValue());
            assertThat(node.get("candidateValue").asDouble()).isEqualTo(c.candidateValue());
            assertThat(node.get("changePercent").asDouble()).isEqualTo(c.changePercent());
            assertThat(node.get("lowerPercent").asDouble()).isEqualTo(c.lowerPercent());
            assertThat(node.get("upperPercent").asDouble()).isEqualTo(c.upperPercent());
            assertThat(node.get("confidence").asDouble()).isEqualTo(c.confidence());
            assertThat(node.get("thresholdPercent").asDouble()).isEqualTo(c.thresholdPercent());
            assertThat(node.get("verdict").asString()).isEqualTo(c.verdict().name());
            assertThat(node.get("baselineCv").asDouble()).isEqualTo(c.baselineCv());
            assertThat(node.get("candidateCv").asDouble()).isEqualTo(c.candidateCv());
            assertThat(node.get("baselineIterationCv").isNull()).isTrue();
            assertThat(node.get("candidateIterationCv").isNull()).isTrue();
            assertThat(node.get("noiseIsBetweenProcesses").asBoolean()).isFalse();
            assertThat(node.get("resolvablePercent").asDouble()).isEqualTo(c.resolvablePercent());
            assertThat(node.get("thresholdBelowResolution").asBoolean()).isEqualTo(c.thresholdBelowResolution());
            assertThat(node.get("baselineRounds").asInt()).isEqualTo(c.baselineRounds());
            assertThat(node.get("candidateRounds").asInt()).isEqualTo(c.candidateRounds());
        }
        assertThat(json.get("comparisons").values()).extracting(n -> n.get("verdict").asString())
                .containsExactly("REGRESSED", "INCONCLUSIVE", "IMPROVED", "UNCHANGED", "UNCHANGED");
    }

    @Test
    void holds_failures_runs_plan_and_environment() {
        var plan = new LinkedHashMap<String, Object>();
        plan.put("commits", List.of("main", "HEAD"));
        plan.put("rounds", 5);
        plan.put("timeout", Duration.ofMinutes(10));
        plan.put("configDir", Path.of("/work/benchmark/config"));
        var summary = new Summary("gpt2", HEAD.sha(), "batch_size=1", Map.of("decode.latency.mean", 0.0139),
                Map.of("decode.latency.mean", List.of(0.0138, 0.014)), Map.of("decode.latency.mean", "s"), 2, "/runs/r2");

        JsonNode json = JsonMapper.builder().build().readTree(writer.render(report, plan, List.of(summary), ENVIRONMENT));

        JsonNode failure = json.get("failures").get(0);
        assertThat(failure.get("commit").get("sha").asString()).isEqualTo(HEAD.sha());
        assertThat(failure.get("round").asInt()).isEqualTo(3);
        assertThat(failure.get("runDirectory").asString()).isEqualTo(MarkdownReportWriterTestData.FAILED_RUN_DIR);
        assertThat(failure.get("message").asString()).startsWith("optimum-benchmark exited with code 1 <oom> & more\nTraceback");
        JsonNode run = json.get("runs").get(0);
        assertThat(run.get("commit").asString()).isEqualTo(HEAD.sha());
        assertThat(run.get("round").asInt()).isEqualTo(2);
        assertThat(run.get("runDirectory").asString()).isEqualTo("/runs/r2");
        assertThat(run.get("metrics").get("decode.latency.mean").asDouble()).isEqualTo(0.0139);
        assertThat(run.get("units").get("decode.latency.mean").asString()).isEqualTo("s");
        assertThat(json.get("plan").get("commits").values()).extracting(JsonNode::asString).containsExactly("main", "HEAD");
        assertThat(json.get("plan").get("rounds").asInt()).isEqualTo(5);
        assertThat(json.get("plan").get("timeout").asString()).isEqualTo("PT10M");
        assertThat(json.get("plan").get("configDir").asString()).isEqualTo("/work/benchmark/config");
        JsonNode env = json.get("environment");
        assertThat(env.get("os").get("name").asString()).isEqualTo("Linux");
        assertThat(env.get("cpu").get("model").asString()).isEqualTo("AMD EPYC 7B13");
        assertThat(env.get("cpu").get("count").asInt()).isEqualTo(16);
        assertThat(env.get("memoryBytes").asLong()).isEqualTo(68_719_476_736L);
        assertThat(env.get("java").get("version").asString()).isEqualTo("17.0.13");
        assertThat(env.get("gpus").get(0).get("name").asString()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(env.get("gpus").get(0).get("driverVersion").asString()).isEqualTo("550.54.15");
        assertThat(env.get("optimumBenchmarkVersion").asString()).isEqualTo("0.6.0");
        assertThat(env.get("commits").values()).extracting(c -> c.get("sha").asString())
                .containsExactly(MAIN.sha(), HEAD.sha(), FEATURE.sha());
    }

    @Test
    void redacts_plan_entries_named_like_secrets_at_any_depth_and_keeps_look_alikes() {
        String token = "hf_" + "abcdefghijklmnopqrstuvwxyz123456";
        var env = new LinkedHashMap<String, Object>();
        env.put("HF_TOKEN", token);
        env.put("CUDA_VISIBLE_DEVICES", "0");
        Map<String, Object> plan = Map.of("commitEnvironment", Map.of("main", env), "hub", Map.of("token", token,
                "apiKey", token, "repoId", "org/results"), "sweep", Map.of("max_new_tokens", 64, "hubAccessToken", token));

        String json = writer.render(report, plan, List.of(), ENVIRONMENT);

        assertThat(json).doesNotContain(token).contains("\"HF_TOKEN\" : \"<redacted>\"", "\"token\" : \"<redacted>\"",
                "\"apiKey\" : \"<redacted>\"", "\"hubAccessToken\" : \"<redacted>\"", "\"CUDA_VISIBLE_DEVICES\" : \"0\"",
                "\"repoId\" : \"org/results\"", "\"max_new_tokens\" : 64");
    }

    @Test
    void writes_numbers_that_are_not_finite_as_null_so_the_file_stays_strict_json() {
        var c = MarkdownReportWriterTestData.comparison("m", "", "x.latency.mean", "s", HEAD, 1.0, Double.NaN, Double.NaN,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Verdict.INCONCLUSIVE, 2, 1, 0);
        var nan = CombinedReport.builder().commits(List.of(MAIN, HEAD)).comparison(c)
                .put("m", "", MAIN.sha(), new Measurement("x.latency.mean", "s", List.of(Double.NaN), List.of(List.of(Double.NaN, 1.0))))
                .build();

        String text = writer.render(nan, Map.of("warmup", Double.NaN), List.of(), ENVIRONMENT);
        JsonNode json = JsonMapper.builder().build().readTree(text);

        assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(json.get("comparisons").get(0).get("candidateValue").isNull()).isTrue();
        assertThat(json.get("comparisons").get(0).get("lowerPercent").isNull()).isTrue();
        assertThat(json.get("measurements").get(0).get("rounds").get(0).get("samples").get(0).isNull()).isTrue();
        assertThat(json.get("plan").get("warmup").isNull()).isTrue();
    }

    @Test
    void names_the_file_when_it_cannot_be_written(@TempDir Path tmp) throws Exception {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file, not a folder");

        assertThatThrownBy(() -> writer.write(blocker, report, Map.of(), List.of(), ENVIRONMENT))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not write the run record [" + blocker.resolve("commitbench.json")
                        + "]: check that the folder exists or can be created and is writable.");
    }

    @Test
    void documents_every_field_it_writes_with_an_example_of_the_same_shape() throws Exception {
        Path doc = Path.of("docs/commitbench-json.md");
        assertThat(doc).as("the schema documentation, read from the project folder").exists();
        String markdown = Files.readString(doc);
        String example = markdown.substring(markdown.indexOf("```json\n") + 8, markdown.lastIndexOf("```"));
        String prose = markdown.substring(0, markdown.indexOf("## Example"));
        JsonNode documented = JsonMapper.builder().build().readTree(example);
        JsonNode written = JsonMapper.builder().build().readTree(writer.render(report.toBuilder().reportDirectory("/runs").build(),
                Map.of("rounds", 5), List.of(new Summary("gpt2", MAIN.sha(), "c", Map.of(), Map.of(), Map.of(), 1, "/r")),
                ENVIRONMENT));

        assertThat(documented.get("schemaVersion").asInt()).isEqualTo(CommitbenchJsonWriter.SCHEMA_VERSION);
        for (String section : List.of("", "environment", "commits", "measurements", "comparisons", "failures", "runs")) {
            JsonNode w = section.isEmpty() ? written : first(written.get(section));
            JsonNode d = section.isEmpty() ? documented : first(documented.get(section));
            assertThat(d.propertyNames()).as("example keys of %s", section).containsExactlyElementsOf(w.propertyNames());
            w.propertyNames().forEach(key -> assertThat(prose.contains("`" + key) || prose.contains("\"" + key + "\""))
                    .as("field %s is documented", key).isTrue());
        }
    }

    private static JsonNode first(JsonNode node) {
        return node.isArray() ? node.get(0) : node;
    }

    private static JsonNode parse(Path file) throws Exception {
        assertThat(file.getFileName()).hasToString("commitbench.json");
        return JsonMapper.builder().build().readTree(Files.readString(file));
    }

    private static JsonNode find(JsonNode measurements, String model, String config, String sha, String metric) {
        for (JsonNode m : measurements) {
            if (m.get("model").asString().equals(model) && m.get("config").asString().equals(config)
                    && m.get("commit").asString().equals(sha) && m.get("metric").asString().equals(metric)) {
                return m;
            }
        }
        throw new AssertionError("no measurement for " + model + " " + config + " " + sha + " " + metric);
    }
}
