package dev.commitbench.session;

import dev.commitbench.CombinedReport;
import dev.commitbench.Comparison;
import dev.commitbench.Commit;
import dev.commitbench.RunFailure;
import dev.commitbench.Summary;
import dev.commitbench.report.CombinedReports;
import dev.commitbench.stats.Comparisons;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code PointAnalysis} is used to analyse runs that were measured apart (on several devices, or on several machines
 * as shards) exactly as one session analyses its own: each point's report from that point's summaries and failures,
 * then the run's report from the points' reports ({@link BenchmarkSession#report()}'s rule: merged where every point
 * has cells of its own, compared again as a whole where two points share a cell). The session's own
 * {@link SessionResults} uses the same two rules.
 */
final class PointAnalysis {

    private PointAnalysis() {
    }

    /** One point's report: its cells, comparisons (when there is a candidate) and failures. */
    static CombinedReport point(List<Commit> commits, List<Summary> summaries, List<RunFailure> failures,
            BenchmarkPlan plan, Path runDirectory) {
        CombinedReport combined = CombinedReports.from(commits, summaries, plan.comparison().thresholdPercent());
        List<Comparison> comparisons = commits.size() < 2 ? List.of()
                : Comparisons.compareAll(combined, plan.comparison());
        CombinedReport.Builder builder = combined.toBuilder()
                .comparisons(comparisons)
                .thresholdPercent(plan.comparison().thresholdPercent())
                .inconclusivePolicy(plan.policies().inconclusive())
                .probableRegressionPolicy(plan.policies().probableRegression())
                .reportDirectory(runDirectory.toAbsolutePath().toString());
        failures.forEach(builder::failure);
        return builder.build();
    }

    /**
     * The run's report from its points' reports (in plan order), with the summaries and failures they were made of
     * for the case where two points share a cell.
     */
    static CombinedReport run(List<CombinedReport> pointReports, List<Commit> commits, List<Summary> summaries,
            List<RunFailure> failures, BenchmarkPlan plan, Path runDirectory) {
        Set<String> cells = new HashSet<>();
        boolean ownCells = pointReports.stream().allMatch(r -> r.models().stream()
                .allMatch(model -> r.configs(model).stream().allMatch(config -> cells.add(model + '\n' + config))));
        if (ownCells && !pointReports.isEmpty()) {
            CombinedReport.Builder merged = pointReports.get(0).toBuilder();
            pointReports.subList(1, pointReports.size()).forEach(merged::merge);
            return merged.build();
        }
        return point(commits, new ArrayList<>(summaries), failures, plan, runDirectory);
    }
}
