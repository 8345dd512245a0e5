package dev.commitbench.report;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code MarkdownReportWriterPoints} is used to group a report by sweep point (model · config) for the
 * human-readable reports: points in the order first measured (then those only compared), and each
 * point's comparisons grouped by metric in first-seen order, candidates in plan order.
 */
final class MarkdownReportWriterPoints {

    private MarkdownReportWriterPoints() {
    }

    /**
     * One sweep point of a report.
     *
     * @param model       the model
     * @param config      the config label, or {@code ""}
     * @param comparisons the point's comparisons, grouped by metric
     */
    record Point(String model, String config, List<Comparison> comparisons) {

        /** {@code model · config}, or just the model when the config label is empty. */
        String label() {
            return config.isEmpty() ? model : model + " · " + config;
        }

        /** The metrics of this point in first-seen order: compared ones first, then measured ones. */
        List<String> metrics(CombinedReport report) {
            var metrics = new LinkedHashSet<String>();
            comparisons.forEach(c -> metrics.add(c.metric()));
            report.commits().forEach(commit -> metrics.addAll(report.metrics(model, config, commit.sha())));
            return List.copyOf(metrics);
        }

        /** The metrics measured at this point that no comparison covers. */
        List<String> uncomparedMetrics(CombinedReport report) {
            var compared = comparisons.stream().map(Comparison::metric).toList();
            return metrics(report).stream().filter(m -> !compared.contains(m)).toList();
        }
    }

    /** The report's points, in order. */
    static List<Point> of(CombinedReport report) {
        Map<List<String>, List<Comparison>> byPoint = new LinkedHashMap<>();
        report.models().forEach(model -> report.configs(model)
                .forEach(config -> byPoint.put(List.of(model, config), new ArrayList<>())));
        report.comparisons().forEach(c ->
                byPoint.computeIfAbsent(List.of(c.model(), c.config()), k -> new ArrayList<>()).add(c));
        var points = new ArrayList<Point>();
        byPoint.forEach((key, comparisons) -> points.add(new Point(key.get(0), key.get(1), grouped(report, comparisons))));
        return points;
    }

    private static List<Comparison> grouped(CombinedReport report, List<Comparison> comparisons) {
        var metricOrder = comparisons.stream().map(Comparison::metric).distinct().toList();
        return comparisons.stream()
                .sorted(Comparator.<Comparison>comparingInt(c -> metricOrder.indexOf(c.metric()))
                        .thenComparingInt(c -> planIndex(report, c)))
                .toList();
    }

    private static int planIndex(CombinedReport report, Comparison c) {
        int index = report.commits().indexOf(c.candidate());
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    /** The coefficient of variation (sample standard deviation over mean) of values; NaN below 2 values. */
    static double cv(List<Double> values) {
        if (values.size() < 2) {
            return Double.NaN;
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(squares / (values.size() - 1)) / Math.abs(mean);
    }
}
