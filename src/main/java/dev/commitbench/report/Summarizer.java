package dev.commitbench.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Summary;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import tools.jackson.databind.JsonNode;

/**
 * {@code Summarizer} is used to summarize one run as transformers' {@code benchmark/benchmark.py} does:
 * {@code {model, commit, config, metrics}}, where {@code metrics} maps each requested metric path to the
 * value the report holds there, in the requested order.
 *
 * <p>Unlike benchmark.py, a metric whose path is missing or {@code null} is left out (benchmark.py writes
 * the parent object, or crashes with a {@code TypeError} on {@code null}). {@code NaN} values are kept as
 * read (and written as {@code NaN}, as Python does); {@link CombinedReports} leaves them out of the
 * measurements, so they never take part in a comparison. Thread-safe (stateless).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Summarizer {

    /** benchmark.py's default {@code --metrics}. */
    public static final List<String> DEFAULT_METRICS = List.of("prefill.latency.mean", "prefill.throughput.value",
            "decode.latency.mean", "decode.throughput.value", "per_token.latency.mean", "per_token.throughput.value");

    private Summarizer() {
    }

    /**
     * Summarizes a run that was read as {@code OK}.
     *
     * @param run       the run, as {@link RunReader#read} returned it
     * @param commitSha the full SHA of the commit the run measured
     * @param metrics   the dotted metric paths to keep, in order
     * @param round     the round that produced the run, from 1 (0 when unknown)
     * @throws ReportException when the run is not {@code OK}: the message is the run's problem
     * @throws IllegalArgumentException when a metric is not a dotted path
     * @return the summary
     */
    public static Summary summarize(RunReport run, String commitSha, List<String> metrics, int round) {
        if (!run.isOk()) {
            throw new ReportException("Cannot summarize run directory [" + run.directory() + "]: " + run.problem());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (String metric : metrics) {
            MetricPath.of(metric).find(run.report()).ifPresent(found -> {
                values.put(metric, found.value());
                if (!found.samples().isEmpty()) {
                    samples.put(metric, found.samples());
                }
                if (!found.unit().isEmpty()) {
                    units.put(metric, found.unit());
                }
            });
        }
        return new Summary(run.model(), commitSha, run.configLabel(), values, samples, units, round,
                run.directory().toString());
    }

    /**
     * Returns a warning when some metric paths were found in no {@code OK} report: it names them and lists
     * the metric paths the reports do have (their numeric leaves), so the user can fix {@code --metrics}.
     * Empty when every metric was found somewhere, or when no run is {@code OK}.
     *
     * @param runs the runs read
     * @param metrics the requested metric paths
     * @return the warning, or empty
     */
    public static Optional<String> missingMetricsWarning(List<RunReport> runs, List<String> metrics) {
        List<JsonNode> reports = runs.stream().filter(RunReport::isOk).map(RunReport::report).toList();
        Set<String> found = new LinkedHashSet<>();
        Set<String> existing = new LinkedHashSet<>();
        for (JsonNode report : reports) {
            metrics.stream().filter(m -> MetricPath.of(m).find(report).isPresent()).forEach(found::add);
            addMetricPaths(report, existing);
        }
        return missingMetricsWarning(metrics, found, existing, reports.size());
    }

    /**
     * The same warning from what a caller kept of the reports it read, instead of the reports themselves.
     *
     * @param metrics  the requested metric paths
     * @param found    the requested paths found in at least one report (e.g. the keys of the summaries' metrics)
     * @param existing the metric paths the reports have, as {@link #addMetricPaths} collects them
     * @param reports  how many {@code OK} reports were read; no warning when none was
     * @return the warning, or empty
     */
    public static Optional<String> missingMetricsWarning(List<String> metrics, Set<String> found, Set<String> existing,
            int reports) {
        List<String> missing = metrics.stream().filter(m -> !found.contains(m)).toList();
        if (reports == 0 || missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Metric path(s) " + missing + " found in no report of the " + reports
                + " run(s) read (a missing or null path is absent). Choose metrics the reports have: "
                + String.join(", ", existing));
    }

    /**
     * Adds the report's metric paths, its numeric leaves (not units, not arrays such as {@code values}), to
     * {@code into}.
     *
     * @param report optimum-benchmark's report (the {@code report} object)
     * @param into where the paths go
     */
    public static void addMetricPaths(JsonNode report, Set<String> into) {
        leaves(report, "", into);
    }

    private static void leaves(JsonNode node, String prefix, Set<String> into) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                leaves(e.getValue(), path, into);
            } else if (e.getValue().isNumber()) {
                into.add(path);
            }
        }
    }
}
