package dev.commitbench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code CombinedReportJson} is the JSON round trip of a {@link CombinedReport} ({@link CombinedReport#toJson()},
 * {@link CombinedReport#fromJson(String)}): commitbench's own shape, not benchmark.py's.
 */
final class CombinedReportJson {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private CombinedReportJson() {
    }

    static String write(CombinedReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("thresholdPercent", report.thresholdPercent());
        root.put("inconclusivePolicy", report.inconclusivePolicy().name());
        root.put("probableRegressionPolicy", report.probableRegressionPolicy().name());
        report.reportDirectory().ifPresent(directory -> root.put("reportDirectory", directory));
        ArrayNode commitsNode = root.putArray("commits");
        report.commits().forEach(c -> {
            var node = commitsNode.addObject().put("sha", c.sha()).put("label", c.label());
            if (c.isWorkingTree()) {
                node.put("tree", c.tree());
            }
        });
        ObjectNode cellsNode = root.putObject("cells");
        report.contents.cells().forEach((model, config, sha, m) ->
                child(child(child(cellsNode, model), config), sha).set(m.metric(), JSON.valueToTree(m)));
        root.set("comparisons", JSON.valueToTree(report.comparisons()));
        root.set("failures", JSON.valueToTree(report.failures()));
        return JSON.writeValueAsString(root);
    }

    static CombinedReport read(String json) {
        JsonNode root = JSON.readTree(json);
        var defaults = ReportSettings.DEFAULTS;
        var b = CombinedReport.builder()
                .thresholdPercent(root.path("thresholdPercent").asDouble(defaults.thresholdPercent()))
                .inconclusivePolicy(policy(root, "inconclusivePolicy", defaults.inconclusivePolicy()))
                .probableRegressionPolicy(policy(root, "probableRegressionPolicy", defaults.probableRegressionPolicy()));
        if (root.hasNonNull("reportDirectory")) {
            b.reportDirectory(root.get("reportDirectory").asString());
        }
        root.path("commits").forEach(c -> b.commit(new Commit(c.get("sha").asString(), c.get("label").asString(),
                c.hasNonNull("tree") ? c.get("tree").asString() : null)));
        for (var model : root.path("cells").properties()) {
            for (var config : model.getValue().properties()) {
                for (var commit : config.getValue().properties()) {
                    for (var metric : commit.getValue().properties()) {
                        b.put(model.getKey(), config.getKey(), commit.getKey(),
                                JSON.treeToValue(metric.getValue(), Measurement.class));
                    }
                }
            }
        }
        root.path("comparisons").forEach(c -> b.comparison(JSON.treeToValue(c, Comparison.class)));
        root.path("failures").forEach(f -> b.failure(JSON.treeToValue(f, RunFailure.class)));
        return b.build();
    }

    private static InconclusivePolicy policy(JsonNode root, String field, InconclusivePolicy absent) {
        return InconclusivePolicy.valueOf(root.path(field).asString(absent.name()));
    }

    /** {@return the object {@code parent} holds under {@code name}, added (last) when absent} */
    private static ObjectNode child(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode node ? node : parent.putObject(name);
    }
}
