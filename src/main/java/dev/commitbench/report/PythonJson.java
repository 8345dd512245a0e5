package dev.commitbench.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * {@code PythonJson} is used to write JSON exactly as Python's {@code json.dump(obj, f, indent=4)} writes it,
 * so that commitbench's {@code summary.json} and {@code summaries.json} are byte for byte those of
 * transformers' {@code benchmark/benchmark.py}.
 *
 * <p>That is: 4 spaces per level, {@code ": "} between key and value, {@code ","} at line ends, {@code {}} and
 * {@code []} for empty containers, no trailing newline, non-ASCII and control characters escaped as
 * lower-case {@code \\uXXXX} ({@code ensure_ascii}), floats in Python's {@code repr} (the shortest digits
 * that read back to the same double, e.g. {@code 1e-05}, {@code 0.0001}, {@code 100.0}, {@code 1e+16}),
 * {@code NaN}, {@code Infinity} and {@code -Infinity} as Python writes them, integers without {@code .0}.
 *
 * <p>Accepted values: {@code Map} with {@code String} keys (in iteration order), {@code Collection},
 * {@code String}, {@code Boolean}, {@code Double}, {@code Float}, {@code Long}, {@code Integer},
 * {@code Short}, {@code Byte}, {@code BigInteger} and {@code null}. Thread-safe (stateless).
 */
@API(status = INTERNAL, since = "0.1")
public final class PythonJson {

    private static final String INDENT = "    ";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Finding the shortest digits costs microseconds, and the same values are written into three files. */
    private static final int REPR_CACHE_LIMIT = 100_000;
    private static final Map<Double, String> REPR_CACHE = new ConcurrentHashMap<>();

    private PythonJson() {
    }

    /**
     * Returns the text {@code json.dump(value, f, indent=4)} writes for {@code value}.
     *
     * @param value JSON-like values: maps, lists, strings, numbers, booleans, {@code null}
     * @return the text, without a trailing newline
     */
    public static String dump(Object value) {
        var out = new StringBuilder(256);
        write(value, out, 0);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int level) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float) {
            out.append(floatRepr(((Number) value).doubleValue()));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            object(map, out, level);
        } else if (value instanceof Collection<?> list) {
            array(list, out, level);
        } else {
            throw new IllegalArgumentException("PythonJson cannot write a value of type [" + value.getClass().getName()
                    + "]: use Map, Collection, String, Boolean, Double, Long, Integer, BigInteger or null.");
        }
    }

    private static void object(Map<?, ?> map, StringBuilder out, int level) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<?, ?> entry = entries.next();
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("PythonJson writes only String keys, but got [" + entry.getKey()
                        + "]: convert the map's keys to strings first.");
            }
            newline(out, level + 1);
            string(key, out);
            out.append(": ");
            write(entry.getValue(), out, level + 1);
            if (entries.hasNext()) {
                out.append(',');
            }
        }
        newline(out, level);
        out.append('}');
    }

    private static void array(Collection<?> list, StringBuilder out, int level) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        Iterator<?> items = list.iterator();
        while (items.hasNext()) {
            newline(out, level + 1);
            write(items.next(), out, level + 1);
            if (items.hasNext()) {
                out.append(',');
            }
        }
        newline(out, level);
        out.append(']');
    }

    private static void newline(StringBuilder out, int level) {
        out.append('\n');
        for (int i = 0; i < level; i++) {
            out.append(INDENT);
        }
    }

    /** Writes a string as Python's {@code json} does with {@code ensure_ascii=True}. */
    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= ' ' && c <= '~') {
                        out.append(c);
                    } else {
                        // Outside printable ASCII (control characters, DEL, non-ASCII); a supplementary
                        // character is two UTF-16 chars here, which gives Python's surrogate pair.
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Returns Python's {@code repr} of a float as {@code json} writes it: {@code NaN}, {@code Infinity},
     * {@code -Infinity}, or the shortest decimal that reads back to the same double (the closest such
     * decimal when several have that length), in fixed notation when the decimal exponent is in
     * {@code [-4, 16)} and in exponent notation ({@code 1e-05}, {@code 1.5e+16}) otherwise.
     */
    static String floatRepr(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        String cached = REPR_CACHE.get(value);
        if (cached != null) {
            return cached;
        }
        ShortestDecimal.Decimal shortest = ShortestDecimal.of(Math.abs(value));
        String repr = (value < 0 ? "-" : "") + format(shortest.digits(), shortest.decimalPoint());
        if (REPR_CACHE.size() >= REPR_CACHE_LIMIT) {
            REPR_CACHE.clear();
        }
        REPR_CACHE.put(value, repr);
        return repr;
    }

    /** Lays out {@code 0.digits × 10^decimalPoint} as CPython's {@code float_repr} does. */
    private static String format(String digits, int decimalPoint) {
        if (decimalPoint <= -4 || decimalPoint > 16) {
            int exponent = decimalPoint - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int abs = Math.abs(exponent);
            return mantissa + "e" + (exponent < 0 ? '-' : '+') + (abs < 10 ? "0" : "") + abs;
        }
        if (decimalPoint <= 0) {
            return "0." + "0".repeat(-decimalPoint) + digits;
        }
        if (decimalPoint >= digits.length()) {
            return digits + "0".repeat(decimalPoint - digits.length()) + ".0";
        }
        return digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }
}
