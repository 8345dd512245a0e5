package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.math.BigInteger;
import org.apiguardian.api.API;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

/**
 * {@code JsonValues} is used to turn a JSON value that is not a container into the Java value a summary holds, in one
 * way for the run reports read from optimum-benchmark's files (a tree's node) and the summaries read back from a
 * shard's file (a parser's token):
 * integers as {@code Long} (or {@code BigInteger} past 64 bits), other numbers as {@code Double} ({@code NaN} kept),
 * booleans as {@code Boolean}, anything else as its text.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * The Java value of a scalar JSON node.
     *
     * @param node a number, boolean or string node (not null, not a container)
     * @return {@code Long}, {@code BigInteger}, {@code Double}, {@code Boolean} or {@code String}
     */
    public static Object scalar(JsonNode node) {
        if (node.isIntegralNumber()) {
            BigInteger big = node.bigIntegerValue();
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asString();
    }

    /**
     * The Java value of the scalar token {@code parser} is at, as {@link #scalar(JsonNode)} gives it for the same JSON.
     *
     * @param parser a parser at a number, boolean or string token (not null, not a container)
     * @return {@code Long}, {@code BigInteger}, {@code Double}, {@code Boolean} or {@code String}
     */
    public static Object scalar(JsonParser parser) {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> parser.getString();
        };
    }
}
