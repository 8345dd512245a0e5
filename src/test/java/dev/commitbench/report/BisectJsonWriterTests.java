package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.bisect.BisectResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BisectJsonWriterTests {

    private static final BisectJsonWriter WRITER = new BisectJsonWriter(
            Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC), Optional.of("0.1.0"));

    @Test
    void writes_the_culprit_its_probability_candidates_runs_and_every_measurement(@TempDir Path dir) throws Exception {
        BisectResult result = BisectResults.step(33, 20, 0.10, BisectResults.settings(), Set.of(7));

        Path file = WRITER.write(dir, result);

        assertThat(file).isEqualTo(dir.resolve("bisect.json"));
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(file));
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("commitbenchVersion").asString()).isEqualTo("0.1.0");
        assertThat(json.get("createdAt").asString()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(json.get("model").asString()).isEqualTo("gpt2");
        assertThat(json.get("config").asString()).isEqualTo("batch_size=1");
        assertThat(json.get("metric").asString()).isEqualTo("decode.latency.mean");
        assertThat(json.get("unit").asString()).isEqualTo("s");
        assertThat(json.get("thresholdPercent").asDouble()).isEqualTo(5.0);
        assertThat(json.get("good").get("sha").asString()).isEqualTo(BisectResults.commit(0).sha());
        assertThat(json.get("bad").get("label").asString()).isEqualTo("v32");
        assertThat(json.get("kind").asString()).isEqualTo(result.kind().name()).isEqualTo("SINGLE_STEP");
        assertThat(json.get("culprit").asString()).isEqualTo(BisectResults.commit(20).sha()).hasSize(40);
        assertThat(json.get("probability").asDouble()).isEqualTo(result.probability()).isGreaterThanOrEqualTo(0.95);
        assertThat(json.get("summary").asString()).isEqualTo(result.summary());
        assertThat(json.get("steps")).hasSize(1);
        assertThat(json.get("steps").get(0).asString()).isEqualTo(BisectResults.commit(20).sha());
        assertThat(json.get("range")).isEmpty();
        assertThat(json.get("candidates")).hasSize(result.candidates().size());
        assertThat(json.get("candidates").get(0).get("sha").asString()).isEqualTo(BisectResults.commit(20).sha());
        assertThat(json.get("candidates").get(0).get("index").asInt()).isEqualTo(20);
        assertThat(json.get("candidates").get(0).get("probability").asDouble())
                .isEqualTo(result.candidates().get(0).probability());
        assertThat(json.get("engineRuns").asInt()).isEqualTo(result.engineRuns());
        assertThat(json.get("commitsMaterialized").asInt()).isEqualTo(result.commitsMaterialized());
        assertThat(json.get("confirmations")).hasSize(1);
        assertThat(json.get("confirmations").get(0).get("candidate").get("sha").asString())
                .isEqualTo(BisectResults.commit(20).sha());
        assertThat(json.get("confirmations").get(0).get("verdict").asString())
                .isEqualTo(result.confirmations().get(0).verdict().name());
        assertThat(json.get("endToEnd").get("baseline").get("label").asString()).isEqualTo("v0");
        assertThat(json.get("estimates")).hasSize(result.estimates().size());
        assertThat(json.get("settings").get("maxRuns").asInt()).isEqualTo(120);
        assertThat(json.get("settings").get("direction").asString()).isEqualTo("LOWER_IS_BETTER");

        JsonNode runs = json.get("measurements");
        assertThat(runs).hasSize(result.engineRuns());
        for (int i = 0; i < runs.size(); i++) {
            BisectResult.Run expected = result.measurements().get(i);
            JsonNode run = runs.get(i);
            assertThat(run.get("sequence").asInt()).isEqualTo(expected.sequence());
            assertThat(run.get("sha").asString()).isEqualTo(expected.commit().sha());
            assertThat(run.get("index").asInt()).isEqualTo(expected.index());
            assertThat(run.get("round").asInt()).isEqualTo(expected.round());
            assertThat(run.get("role").asString()).isEqualTo(expected.role().name());
            assertThat(run.get("samples")).hasSize(expected.samples().size());
            if (expected.failure() == null) {
                assertThat(run.get("value").asDouble()).isEqualTo(expected.value());
                assertThat(run.get("failure").isNull()).isTrue();
            } else {
                assertThat(run.get("value").isNull()).isTrue();
                assertThat(run.get("failure").asString()).startsWith("exit code 1: ModuleNotFoundError");
            }
        }
    }

    @Test
    void a_result_without_culprit_writes_null(@TempDir Path dir) throws Exception {
        BisectResult result = BisectResults.step(9, 4, 0.0, BisectResults.settings(), Set.of());

        JsonNode json = JsonMapper.builder().build().readTree(WRITER.render(result));

        assertThat(json.get("kind").asString()).isEqualTo("NO_REGRESSION");
        assertThat(json.get("culprit").isNull()).isTrue();
        assertThat(json.get("confirmations").get(0).get("candidate").get("label").asString()).isEqualTo("v8");
    }
}
