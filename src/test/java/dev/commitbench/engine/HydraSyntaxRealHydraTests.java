package dev.commitbench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.testing.RealEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies {@link HydraSyntax}'s tables ({@link HydraSyntaxTests}) with Hydra's own override parser, from the
 * real optimum-benchmark's environment: every written value parses back to the literal and is the text Hydra
 * writes for it, the keys are accepted or rejected alike, and {@link HydraSyntax#problem} finds something exactly
 * in what Hydra rejects.
 */
@RealEngine.Test
class HydraSyntaxRealHydraTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void hydraParsesEveryWrittenValueBackToTheLiteral() throws Exception {
        List<String> overrides = HydraSyntaxTests.VALUES.stream().map(c -> "x=" + c.text()).toList();
        List<JsonNode> parsed = parse(overrides);

        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < overrides.size(); i++) {
            HydraSyntaxTests.Case c = HydraSyntaxTests.VALUES.get(i);
            JsonNode result = parsed.get(i);
            softly.assertThat(result.path("ok").asBoolean()).as("%s: %s", overrides.get(i), result).isTrue();
            softly.assertThat(result.path("value").asString()).as(overrides.get(i)).isEqualTo(c.literal());
            softly.assertThat(result.path("canonical").asString()).as(overrides.get(i)).isEqualTo(c.text());
        }
        softly.assertAll();
    }

    @Test
    void hydraTypesNumbersBooleansAndNullWrittenAsTheyAre() throws Exception {
        List<JsonNode> parsed = parse(HydraSyntaxTests.TYPED.stream().map(v -> "x=" + HydraSyntax.value(v)).toList());

        assertThat(parsed).extracting(r -> r.path("type").asString())
                .containsExactly("int", "int", "float", "float", "bool", "bool", "NoneType", "float", "float");
    }

    @Test
    void hydraAcceptsAndRejectsTheSameKeys() throws Exception {
        List<JsonNode> good = parse(HydraSyntaxTests.KEYS.stream().map(k -> k + "=1").toList());
        List<JsonNode> bad = parse(HydraSyntaxTests.BAD_KEYS.stream().map(k -> k + "=1").toList());

        assertThat(good).allSatisfy(r -> assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue());
        assertThat(bad).allSatisfy(r -> assertThat(r.path("ok").asBoolean()).as(r.toString()).isFalse());
    }

    @Test
    void whatProblemFindsIsWhatHydraRejects() throws Exception {
        List<JsonNode> valid = parse(HydraSyntaxTests.VALID_OVERRIDES);
        List<JsonNode> invalid = parse(HydraSyntaxTests.INVALID_OVERRIDES);

        assertThat(valid).allSatisfy(r -> assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue());
        assertThat(invalid).allSatisfy(r -> assertThat(r.path("ok").asBoolean()).as(r.toString()).isFalse());
    }

    /** Parses each override with Hydra's {@code OverridesParser}, one result per override. */
    private static List<JsonNode> parse(List<String> overrides) throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(HydraSyntaxRealHydraTests.class.getResource("/hydra/parse-overrides.py").toURI());
        ProcessBuilder builder = new ProcessBuilder(RealEngine.python().toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PYTHONUTF8", "1");
        Process process = builder.start();
        try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String override : overrides) {
                in.write(JSON.writeValueAsString(override) + "\n");
            }
        }
        List<JsonNode> results = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                results.add(JSON.readTree(line));
            }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the parser finished").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(results).hasSameSizeAs(overrides);
        return results;
    }
}
