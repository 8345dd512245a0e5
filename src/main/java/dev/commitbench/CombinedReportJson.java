package dev.commitbench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code CombinedReportJson} is used by {@link CombinedReport} for what works on its cells as a whole: the JSON round
 * trip ({@link CombinedReport#toJson()}, {@link CombinedReport#fromJson(String)}), the immutable copy of the cells,
 * and the metrics one commit has and another lacks.
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
        report.cells.forEach((model, byConfig) -> {
            ObjectNode modelNode = cellsNode.putObject(model);
            byConfig.forEach((config, byCommit) -> {
                ObjectNode configNode = modelNode.putObject(config);
                byCommit.forEach((sha, metrics) -> {
                    ObjectNode commitNode = configNode.putObject(sha);
                    metrics.forEach((path, m) -> commitNode.set(path, JSON.valueToTree(m)));
                });
            });
        });
        root.set("comparisons", JSON.valueToTree(report.comparisons()));
        root.set("failures", JSON.valueToTree(report.failures()));
        return JSON.writeValueAsString(root);
    }

    static CombinedReport read(String json) {
        JsonNode root = JSON.readTree(json);
        var b = CombinedReport.builder().thresholdPercent(root.path("thresholdPercent").asDouble(5.0))
                .inconclusivePolicy(InconclusivePolicy.valueOf(root.path("inconclusivePolicy").asString("ABORT")))
                .probableRegressionPolicy(InconclusivePolicy.valueOf(root.path("probableRegressionPolicy").asString("FAIL")));
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

    static List<MissingMetric> missingMetrics(CombinedReport report) {
        List<MissingMetric> missing = new ArrayList<>();
        if (report.commits().size() < 2) {
            return missing;
        }
        Commit base = report.commits().get(0);
        for (String model : report.models()) {
            for (String config : report.configs(model)) {
                List<String> baseMetrics = report.metrics(model, config, base.sha());
                for (Commit candidate : report.candidates()) {
                    List<String> candMetrics = report.metrics(model, config, candidate.sha());
                    baseMetrics.stream().filter(m -> !candMetrics.contains(m))
                            .forEach(m -> missing.add(new MissingMetric(model, config, m, candidate, base, false)));
                    candMetrics.stream().filter(m -> !baseMetrics.contains(m))
                            .forEach(m -> missing.add(new MissingMetric(model, config, m, base, candidate, true)));
                }
            }
        }
        return missing;
    }

    static Map<String, Map<String, Map<String, Map<String, Measurement>>>> deepCopy(
            Map<String, Map<String, Map<String, Map<String, Measurement>>>> source) {
        var copy = new LinkedHashMap<String, Map<String, Map<String, Map<String, Measurement>>>>();
        source.forEach((model, byConfig) -> {
            var configs = new LinkedHashMap<String, Map<String, Map<String, Measurement>>>();
            byConfig.forEach((config, byCommit) -> {
                var commitsCopy = new LinkedHashMap<String, Map<String, Measurement>>();
                byCommit.forEach((sha, metrics) ->
                        commitsCopy.put(sha, Collections.unmodifiableMap(new LinkedHashMap<>(metrics))));
                configs.put(config, Collections.unmodifiableMap(commitsCopy));
            });
            copy.put(model, Collections.unmodifiableMap(configs));
        });
        return Collections.unmodifiableMap(copy);
    }

    static Optional<String> unit(Map<String, Map<String, Map<String, Map<String, Measurement>>>> cells, String metric) {
        for (var byConfig : cells.values()) {
            for (var byCommit : byConfig.values()) {
                for (var metrics : byCommit.values()) {
                    var m = metrics.get(metric);
                    if (m != null && !m.unit().isEmpty()) {
                        return Optional.of(m.unit());
                    }
                }
            }
        }
        return Optional.empty();
    }

    static List<String> metrics(Map<String, Map<String, Map<String, Map<String, Measurement>>>> cells) {
        var all = new LinkedHashSet<String>();
        cells.values().forEach(byConfig -> byConfig.values().forEach(
                byCommit -> byCommit.values().forEach(metrics -> all.addAll(metrics.keySet()))));
        return List.copyOf(all);
    }
}
