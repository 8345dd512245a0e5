package dev.commitbench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ReportCells} holds the cells of a {@link CombinedReport}: benchmark.py's nesting {@code model → config
 * → commit SHA → metric path → measurement}, each level in the order first put. {@link CombinedReport.Builder} fills
 * a mutable one; {@link #frozen()} gives the report its immutable copy. Everything that walks the nesting lives
 * here: the lookups, the visit of every measurement, the metrics and units over the whole report, and the metrics
 * one commit has and another lacks.
 *
 * @param byModel the cells by model, config, commit SHA and metric path
 */
record ReportCells(Map<String, Map<String, Map<String, Map<String, Measurement>>>> byModel) {

    /** Receives one measurement of one cell. */
    @FunctionalInterface
    interface Visitor {
        void accept(String model, String config, String sha, Measurement measurement);
    }

    /** An empty, mutable set of cells. */
    ReportCells() {
        this(new LinkedHashMap<>());
    }

    /** Puts (or replaces) one measurement of a cell. */
    void put(String model, String config, String sha, Measurement measurement) {
        metricsOf(model, config, sha).put(measurement.metric(), measurement);
    }

    /** Puts a measurement unless the cell already has that metric (first wins). */
    void putIfAbsent(String model, String config, String sha, Measurement measurement) {
        metricsOf(model, config, sha).putIfAbsent(measurement.metric(), measurement);
    }

    /** {@return an immutable copy, in the same order} */
    ReportCells frozen() {
        var copy = new LinkedHashMap<String, Map<String, Map<String, Map<String, Measurement>>>>();
        byModel.forEach((model, byConfig) -> {
            var configs = new LinkedHashMap<String, Map<String, Map<String, Measurement>>>();
            byConfig.forEach((config, byCommit) -> {
                var commitsCopy = new LinkedHashMap<String, Map<String, Measurement>>();
                byCommit.forEach((sha, metrics) ->
                        commitsCopy.put(sha, Collections.unmodifiableMap(new LinkedHashMap<>(metrics))));
                configs.put(config, Collections.unmodifiableMap(commitsCopy));
            });
            copy.put(model, Collections.unmodifiableMap(configs));
        });
        return new ReportCells(Collections.unmodifiableMap(copy));
    }

    /** Visits every measurement, in order: model, config, commit, metric. */
    void forEach(Visitor visitor) {
        byModel.forEach((model, byConfig) -> byConfig.keySet().forEach(config -> forEach(model, config, visitor)));
    }

    /** Visits every measurement of one sweep point (model and config), in order: commit, metric. */
    void forEach(String model, String config, Visitor visitor) {
        point(model, config).forEach((sha, metrics) ->
                metrics.values().forEach(m -> visitor.accept(model, config, sha, m)));
    }

    boolean isEmpty() {
        return byModel.isEmpty();
    }

    List<String> models() {
        return List.copyOf(byModel.keySet());
    }

    List<String> configs(String model) {
        return List.copyOf(byModel.getOrDefault(model, Map.of()).keySet());
    }

    /** {@return one cell's measurements by metric path; empty when absent} */
    Map<String, Measurement> cell(String model, String config, String sha) {
        return point(model, config).getOrDefault(sha, Map.of());
    }

    /** {@return every metric path present anywhere, in first-seen order} */
    List<String> metrics() {
        var all = new LinkedHashSet<String>();
        byModel.values().forEach(byConfig -> byConfig.values().forEach(
                byCommit -> byCommit.values().forEach(metrics -> all.addAll(metrics.keySet()))));
        return List.copyOf(all);
    }

    /** {@return the unit of a metric from the first cell that gives one} */
    Optional<String> unit(String metric) {
        for (var byConfig : byModel.values()) {
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

    /**
     * The metrics that the baseline has at a sweep point and a candidate lacks, or the reverse, in order (model,
     * config, candidate; the baseline's metrics first); empty with fewer than two commits.
     */
    List<MissingMetric> missingMetrics(List<Commit> commits) {
        List<MissingMetric> missing = new ArrayList<>();
        if (commits.size() < 2) {
            return missing;
        }
        Commit base = commits.get(0);
        byModel.forEach((model, byConfig) -> byConfig.keySet().forEach(config -> {
            var baseMetrics = cell(model, config, base.sha()).keySet();
            for (Commit candidate : commits.subList(1, commits.size())) {
                var candMetrics = cell(model, config, candidate.sha()).keySet();
                baseMetrics.stream().filter(m -> !candMetrics.contains(m))
                        .forEach(m -> missing.add(new MissingMetric(model, config, m, candidate, base, false)));
                candMetrics.stream().filter(m -> !baseMetrics.contains(m))
                        .forEach(m -> missing.add(new MissingMetric(model, config, m, base, candidate, true)));
            }
        }));
        return missing;
    }

    private Map<String, Map<String, Measurement>> point(String model, String config) {
        return byModel.getOrDefault(model, Map.of()).getOrDefault(config, Map.of());
    }

    private Map<String, Measurement> metricsOf(String model, String config, String sha) {
        return byModel.computeIfAbsent(model, k -> new LinkedHashMap<>())
                .computeIfAbsent(config, k -> new LinkedHashMap<>())
                .computeIfAbsent(sha, k -> new LinkedHashMap<>());
    }
}
