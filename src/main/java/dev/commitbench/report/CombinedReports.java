package dev.commitbench.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Measurement;
import dev.commitbench.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * {@code CombinedReports} is used to combine summaries into a {@link CombinedReport} (without comparisons;
 * the {@code stats} package adds those).
 *
 * <p>For each (model, config, commit), the summaries ordered by round give each numeric metric one
 * {@link Measurement}: one value per round, and per round the samples (the latency's {@code values}, or
 * {@code [value]} for a single-valued metric). Non-numeric metrics and non-finite values ({@code NaN},
 * {@code Infinity}) are left out, as are non-finite samples, so they never take part in a comparison.
 * Models and configs keep the order of the summaries; commits follow the plan. Thread-safe (stateless).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CombinedReports {

    private CombinedReports() {
    }

    /**
     * Combines {@code summaries} of the planned {@code commits}.
     *
     * @param commits          the plan's commits, baseline first
     * @param summaries        every run's summary, in any order
     * @param thresholdPercent the plan's regression threshold, in percent
     * @return the report, without comparisons
     */
    public static CombinedReport from(List<Commit> commits, List<Summary> summaries, double thresholdPercent) {
        Map<String, Integer> planIndex = new HashMap<>();
        commits.forEach(c -> planIndex.putIfAbsent(c.sha(), planIndex.size()));
        Comparator<Summary> byPlanThenRound = Comparator
                .<Summary>comparingInt(s -> planIndex.getOrDefault(s.commit(), commits.size()))
                .thenComparingInt(Summary::round);
        // models and configs in the order the summaries first give them
        Map<List<String>, List<Summary>> byPoint = new LinkedHashMap<>();
        summaries.forEach(s -> byPoint.computeIfAbsent(List.of(s.model(), s.config()), k -> new ArrayList<>()).add(s));

        var builder = CombinedReport.builder().commits(commits).thresholdPercent(thresholdPercent);
        byPoint.forEach((point, pointSummaries) -> {
            Map<String, List<Summary>> byCommit = new LinkedHashMap<>();
            pointSummaries.stream().sorted(byPlanThenRound)
                    .forEach(s -> byCommit.computeIfAbsent(s.commit(), k -> new ArrayList<>()).add(s));
            byCommit.forEach((sha, rounds) ->
                    measurements(rounds).forEach(m -> builder.put(point.get(0), point.get(1), sha, m)));
        });
        return builder.build();
    }

    private static List<Measurement> measurements(List<Summary> rounds) {
        Set<String> metrics = new LinkedHashSet<>();
        rounds.forEach(s -> metrics.addAll(s.metrics().keySet()));
        List<Measurement> measurements = new ArrayList<>();
        for (String metric : metrics) {
            List<Double> values = new ArrayList<>();
            List<List<Double>> samples = new ArrayList<>();
            String unit = "";
            for (Summary round : rounds) {
                if (round.metrics().get(metric) instanceof Number number && Double.isFinite(number.doubleValue())) {
                    double value = number.doubleValue();
                    values.add(value);
                    List<Double> raw = round.samples().getOrDefault(metric, List.of(value));
                    samples.add(raw.stream().filter(Double::isFinite).toList());
                    unit = unit.isEmpty() ? round.units().getOrDefault(metric, "") : unit;
                }
            }
            if (!values.isEmpty()) {
                measurements.add(new Measurement(metric, unit, values, samples));
            }
        }
        return measurements;
    }
}
