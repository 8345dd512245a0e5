package dev.commitbench.report;

import dev.commitbench.internal.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ReportJson} is used to read optimum-benchmark's JSON files (which Python writes, so {@code NaN},
 * {@code Infinity} and {@code -Infinity} may appear) and to turn Jackson trees into plain Java values.
 */
final class ReportJson {

    static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private ReportJson() {
    }

    /**
     * Converts a tree into JSON-like Java values: {@code Map} (insertion-ordered), {@code List}, {@code String},
     * {@code Boolean}, {@code Double} (floats, {@code NaN} kept), {@code Long} or {@code BigInteger} (integers),
     * and {@code null}.
     */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            var map = new LinkedHashMap<String, Object>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), toJava(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        return JsonValues.scalar(node);
    }
}
