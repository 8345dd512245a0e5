package dev.commitbench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies that a scalar JSON value becomes the same Java value whether it is read from a tree's node (the run reports)
 * or from a parser's token (a shard's summaries), and which value that is.
 */
class JsonValuesTests {

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0                    | java.lang.Long       | 0",
        "-17                  | java.lang.Long       | -17",
        "9223372036854775807  | java.lang.Long       | 9223372036854775807",
        "-9223372036854775808 | java.lang.Long       | -9223372036854775808",
        "9223372036854775808  | java.math.BigInteger | 9223372036854775808",
        "1.5                  | java.lang.Double     | 1.5",
        "1e-3                 | java.lang.Double     | 0.001",
        "NaN                  | java.lang.Double     | NaN",
        "true                 | java.lang.Boolean    | true",
        "false                | java.lang.Boolean    | false",
        "'\"x.y\"'            | java.lang.String     | x.y"})
    void aTreesNodeAndAParsersTokenGiveTheSameValue(String json, Class<?> type, String text) throws Exception {
        Object fromNode = JsonValues.scalar(JSON.readTree(json));
        Object fromToken;
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            fromToken = JsonValues.scalar(parser);
        }

        assertThat(fromNode).isInstanceOf(type).isEqualTo(fromToken).hasToString(text);
        if (type == BigInteger.class) {
            assertThat(fromToken).isEqualTo(new BigInteger(text));
        }
    }
}
