package dev.commitbench.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Commit;
import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.Measurement;
import dev.commitbench.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * {@code Comparisons} is used to compare every metric of a {@link CombinedReport}: each candidate with
 * the baseline (the report's first commit), for every model and config (sweep point) and every metric
 * that both commits measured with samples. Thread-safe (no state).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Comparisons {

    private Comparisons() {
    }

    /**
     * The default settings with the report's threshold.
     *
     * @param report the report
     * @return the settings
     */
    public static ComparisonSettings settingsFor(CombinedReport report) {
        return ComparisonSettings.defaults().withThreshold(report.thresholdPercent());
    }

    /**
     * Every comparison the report allows, in report order (model, config, candidate, metric). A metric
     * is left out when either commit lacks it or has no samples, or when the baseline's statistic is 0
     * (a relative change is undefined). The comparisons run in parallel (each has its own seeded generator,
     * so the result is the same as one after the other).
     *
     * @param report the report
     * @param settings how to compare
     * @return the comparisons
     */
    public static List<Comparison> compareAll(CombinedReport report, ComparisonSettings settings) {
        List<Supplier<Comparison>> all = new ArrayList<>();
        Optional<Commit> baseline = report.baseline();
        if (baseline.isEmpty()) {
            return List.of();
        }
        Commit base = baseline.get();
        for (String model : report.models()) {
            for (String config : report.configs(model)) {
                for (Commit candidate : report.candidates()) {
                    for (String metric : report.metrics(model, config, base.sha())) {
                        Optional<Measurement> b = report.measurement(model, config, base.sha(), metric);
                        Optional<Measurement> c = report.measurement(model, config, candidate.sha(), metric);
                        if (b.isPresent() && c.isPresent() && comparable(metric, b.get()) && hasSamples(c.get())) {
                            all.add(() -> MetricComparator.compare(model, config, metric, base, b.get(), candidate,
                                    c.get(), settings));
                        }
                    }
                }
            }
        }
        return all.size() < 2 ? all.stream().map(Supplier::get).toList()
                : all.parallelStream().map(Supplier::get).toList();
    }

    /**
     * Every metric that the baseline's report has at a sweep point and a candidate's lacks, or the
     * reverse, in report order (model, config, candidate; the baseline's metrics first): such a metric is
     * never compared, so a check that nothing regressed must not pass over it. Empty without a candidate.
     *
     * @param report the report
     * @return the missing metrics
     */
    public static List<MissingMetric> missingMetrics(CombinedReport report) {
        List<MissingMetric> missing = new ArrayList<>();
        Optional<Commit> baseline = report.baseline();
        if (baseline.isEmpty()) {
            return missing;
        }
        Commit base = baseline.get();
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

    /**
     * A copy of {@code report} whose comparisons are {@link #compareAll} with {@code settings}.
     *
     * @param report the report
     * @param settings how to compare
     * @return the copy
     */
    public static CombinedReport withComparisons(CombinedReport report, ComparisonSettings settings) {
        return report.toBuilder().comparisons(compareAll(report, settings)).build();
    }

    /**
     * True when any comparison is {@link Verdict#INCONCLUSIVE}: the session should run more rounds.
     *
     * @param comparisons the comparisons
     * @return whether any is inconclusive
     */
    public static boolean anyInconclusive(List<Comparison> comparisons) {
        return comparisons.stream().anyMatch(c -> c.verdict() == Verdict.INCONCLUSIVE);
    }

    private static boolean comparable(String metric, Measurement baseline) {
        if (!hasSamples(baseline)) {
            return false;
        }
        Statistic statistic = Statistic.of(metric);
        double[] all = statistic.samples(baseline).stream().flatMap(List::stream).mapToDouble(Double::doubleValue)
                .toArray();
        return statistic.compute(all, all.length) != 0;
    }

    private static boolean hasSamples(Measurement m) {
        return m.roundSamples().stream().anyMatch(r -> !r.isEmpty());
    }
}
