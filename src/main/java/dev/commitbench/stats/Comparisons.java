package dev.commitbench.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Commit;
import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.Gate;
import dev.commitbench.Measurement;
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
     * True when any comparison's {@link Gate} is inconclusive: the session should run more rounds.
     *
     * @param comparisons the comparisons
     * @return whether any gate is undecided
     */
    public static boolean anyUndecided(List<Comparison> comparisons) {
        return comparisons.stream().anyMatch(c -> c.gate() == Gate.INCONCLUSIVE);
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
