package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verifies that {@link PythonJson} writes what Python's {@code json.dump(obj, f, indent=4)} writes. */
class PythonJsonTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "|", textBlock = """
            1.624666809082031      | 1.624666809082031
            0.00001                | 1e-05
            0.0001                 | 0.0001
            0.00012                | 0.00012
            1e16                   | 1e+16
            1e15                   | 1000000000000000.0
            100                    | 100.0
            0.1                    | 0.1
            -2.5                   | -2.5
            0                      | 0.0
            -0.0                   | -0.0
            2e23                   | 2e+23
            5.684341886080802E-14  | 5.684341886080802e-14
            1.7976931348623157E308 | 1.7976931348623157e+308
            4.9E-324               | 5e-324
            123456789012345678     | 1.2345678901234568e+17
            0.06098417700002301    | 0.06098417700002301
            0.0072237743157888635  | 0.0072237743157888635
            NaN                    | NaN
            Infinity               | Infinity
            -Infinity              | -Infinity
            """)
    void writes_floats_as_python_repr(String javaLiteral, String python) {
        assertThat(PythonJson.dump(Double.parseDouble(javaLiteral))).isEqualTo(python);
    }

    @Test
    void writes_the_float_repr_python_gave_for_thousands_of_doubles() throws Exception {
        var mismatches = new ArrayList<String>();
        int checked = 0;
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("python-float-repr.txt")), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ");
                double value = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
                checked++;
                String actual = PythonJson.dump(value);
                if (!actual.equals(parts[1])) {
                    mismatches.add(parts[0] + ": python " + parts[1] + ", ours " + actual);
                }
            }
        }
        assertThat(checked).isGreaterThan(3000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void writes_nested_containers_escapes_and_literals_like_python() {
        var nested = new LinkedHashMap<String, Object>();
        nested.put("a", Arrays.asList(1L, 2.5, null, true, false));
        nested.put("b", Map.of("c", "tab\tnl\nquote\"back\\slash\u007f\u0001"));
        var value = new LinkedHashMap<String, Object>();
        value.put("model", "gpt2/é");
        value.put("empty", Map.of());
        value.put("list", List.of());
        value.put("nested", nested);
        value.put("emoji", "😀 ü");
        value.put("nan", Double.NaN);
        value.put("inf", Double.POSITIVE_INFINITY);
        value.put("ninf", Double.NEGATIVE_INFINITY);
        value.put("big", new BigInteger("12345678901234567890"));
        value.put("f", 1e-05);
        value.put("g", 1e16);
        value.put("h", 100.0);
        value.put("i", 0.0001);

        // json.dumps(obj, indent=4) in Python 3.11 for the same object
        String python = "{\n    \"model\": \"gpt2/\\u00e9\",\n    \"empty\": {},\n    \"list\": [],\n    \"nested\": {\n"
                + "        \"a\": [\n            1,\n            2.5,\n            null,\n            true,\n"
                + "            false\n        ],\n        \"b\": {\n"
                + "            \"c\": \"tab\\tnl\\nquote\\\"back\\\\slash\\u007f\\u0001\"\n        }\n    },\n"
                + "    \"emoji\": \"\\ud83d\\ude00 \\u00fc\",\n    \"nan\": NaN,\n    \"inf\": Infinity,\n"
                + "    \"ninf\": -Infinity,\n    \"big\": 12345678901234567890,\n    \"f\": 1e-05,\n    \"g\": 1e+16,\n"
                + "    \"h\": 100.0,\n    \"i\": 0.0001\n}";
        assertThat(PythonJson.dump(value)).isEqualTo(python);
    }

    @Test
    void writes_empty_top_level_containers_without_newline() {
        assertThat(PythonJson.dump(List.of())).isEqualTo("[]");
        assertThat(PythonJson.dump(Map.of())).isEqualTo("{}");
        assertThat(PythonJson.dump(List.of(Map.of()))).isEqualTo("[\n    {}\n]");
    }

    @Test
    void rejects_values_and_keys_python_json_would_not_write_the_same_way() {
        assertThatThrownBy(() -> PythonJson.dump(Map.of("k", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot write a value of type [java.lang.Object]")
                .hasMessageContaining("use Map, Collection");
        assertThatThrownBy(() -> PythonJson.dump(Map.of(1, "v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PythonJson writes only String keys, but got [1]: convert the map's keys to strings first.");
    }
}
