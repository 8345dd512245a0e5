package dev.commitbench.session;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.RunFailure;
import dev.commitbench.Summary;
import dev.commitbench.engine.RunOutcome;
import dev.commitbench.report.CombinedReports;
import dev.commitbench.report.RunDirectories;
import dev.commitbench.report.RunReader;
import dev.commitbench.report.RunReport;
import dev.commitbench.report.Summarizer;
import dev.commitbench.stats.Comparisons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code SessionResults} is used by the session to keep what its runs gave: each point's summaries and failed runs,
 * read from the run directories, and the reports compared from them (once per new result). It also says once when a
 * metric of the plan is in no report. Only the thread that does what follows the runs changes it.
 */
final class SessionResults {

    private final BenchmarkPlan plan;
    private final List<Commit> commits;
    private final Path runDirectory;
    private final ProgressListener progress;
    private final Map<SweepPoint, PointResults> points = new LinkedHashMap<>();
    private final List<Summary> summaries = new ArrayList<>();
    private final Set<String> metricPaths = new LinkedHashSet<>();
    private String optimumBenchmarkVersion;
    private CombinedReport report;
    private boolean failed;
    /** Whether the missing-metric check has read a report: then its answer is final (found metrics only grow). */
    private boolean metricsChecked;

    SessionResults(BenchmarkPlan plan, List<Commit> commits, Path runDirectory, ProgressListener progress) {
        this.plan = plan;
        this.commits = commits;
        this.runDirectory = runDirectory;
        this.progress = progress;
    }

    PointResults of(SweepPoint point) {
        return points.computeIfAbsent(point, p -> new PointResults(point));
    }

    boolean has(SweepPoint point) {
        return points.containsKey(point);
    }

    List<Summary> summaries() {
        return summaries;
    }

    boolean failed() {
        return failed;
    }

    String optimumBenchmarkVersion() {
        return optimumBenchmarkVersion;
    }

    /**
     * Everything measured so far, with comparisons and failures: the points' own reports merged, as every point has
     * its own cells; only where two points share a cell (a model and config) is everything compared again.
     */
    CombinedReport report() {
        if (report == null) {
            List<CombinedReport> pointReports = points.values().stream().map(PointResults::report).toList();
            Set<String> cells = new HashSet<>();
            boolean ownCells = pointReports.stream().allMatch(r -> r.models().stream()
                    .allMatch(model -> r.configs(model).stream().allMatch(config -> cells.add(model + '\n' + config))));
            report = ownCells && !pointReports.isEmpty() ? pointReports.stream().reduce(CombinedReport::merge).orElseThrow()
                    : allCompared();
        }
        return report;
    }

    /**
     * Reads the run's report into {@code into} and the results; records what went wrong as failures.
     *
     * @return whether the run produced a report
     */
    boolean read(PointResults point, Commit commit, int round, Path runDir, RunOutcome outcome, String engineName,
            List<Summary> into) {
        // in a shared directory, the other points' jobs are there too: read only this point's
        RoundSummaries read = summarize(runDir, commit, round,
                plan.output().pointDirectories() == OutputSettings.PointDirectories.SHARED
                        ? point.point.overrides() : List.of(), !metricsChecked);
        into.addAll(read.summaries());
        point.changed();
        summaries.addAll(read.summaries());
        metricPaths.addAll(read.metricPaths());
        read.summaries().forEach(summary -> summary.metrics().forEach((metric, value) -> {
            if (value instanceof Double number && number.isNaN()) {
                progress.note("metric " + metric + " is NaN in [" + summary.runDirectory()
                        + "]: it is left out of the comparison; see the engine's log there");
            }
        }));
        if (optimumBenchmarkVersion == null && !read.version().isEmpty()) {
            optimumBenchmarkVersion = read.version();
        }
        point.summaries.addAll(read.summaries());
        if (!outcome.succeeded()) {
            return fail(point, commit, round, runDir, read.problems().isEmpty() ? outcome.message()
                    : outcome.message() + "\nAlso: " + String.join("\n", read.problems()));
        }
        if (read.summaries().isEmpty() && read.problems().isEmpty()) {
            return fail(point, commit, round, runDir, engineName + " exited 0 but wrote no report in ["
                    + runDir.toAbsolutePath() + "]; see [" + outcome.log() + "]");
        }
        read.problems().forEach(problem -> fail(point, commit, round, runDir, problem));
        return read.problems().isEmpty();
    }

    /** Records a failed run; {@return false} */
    boolean fail(PointResults point, Commit commit, int round, Path runDir, String message) {
        failed = true;
        point.changed();
        point.failures.add(new RunFailure(commit, point.point.label(), round, runDir.toAbsolutePath().toString(),
                message));
        return false;
    }

    /** Once per session: the metrics of the plan that no report read so far has, and the paths they do have. */
    void warnAboutMissingMetrics() {
        if (metricsChecked) {
            return;
        }
        Set<String> found = new HashSet<>();
        summaries.forEach(summary -> found.addAll(summary.metrics().keySet()));
        Summarizer.missingMetricsWarning(plan.metrics(), found, metricPaths, summaries.size()).ifPresent(progress::note);
        metricsChecked = !summaries.isEmpty();
    }

    /**
     * The summaries of the run directories under one round's directory whose task overrides include
     * {@code pointOverrides} (all of them when it is empty), what was wrong with the others of those,
     * the optimum-benchmark version the configs record ({@code ""} when none does), and the metric paths
     * the reports have (for the missing-metric warning; empty when not asked for).
     */
    private record RoundSummaries(List<Summary> summaries, List<String> problems, String version,
            Set<String> metricPaths) {
    }

    private RoundSummaries summarize(Path runDir, Commit commit, int round, List<String> pointOverrides,
            boolean withMetricPaths) {
        List<Summary> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String version = "";
        Set<String> paths = new LinkedHashSet<>();
        if (!Files.isDirectory(runDir)) {
            return new RoundSummaries(found, problems, version, paths);
        }
        for (Path dir : RunDirectories.find(runDir)) {
            RunReport runReport = RunReader.read(dir);
            if (!runReport.overrides().containsAll(pointOverrides)) {
                continue;
            }
            version = version.isEmpty() ? runReport.version() : version;
            if (runReport.isOk()) {
                found.add(Summarizer.summarize(runReport, commit.sha(), plan.metrics(), round));
                if (withMetricPaths) {
                    Summarizer.addMetricPaths(runReport.report(), paths);
                }
            } else {
                problems.add(runReport.problem());
            }
        }
        return new RoundSummaries(found, problems, version, paths);
    }

    private CombinedReport allCompared() {
        PointResults all = new PointResults(SweepPoint.empty());
        points.values().forEach(r -> {
            all.summaries.addAll(r.summaries);
            all.failures.addAll(r.failures);
        });
        return all.report();
    }

    private CombinedReport compared(List<Summary> pointSummaries, List<RunFailure> failures) {
        CombinedReport combined = CombinedReports.from(commits, pointSummaries, plan.comparison().thresholdPercent());
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

    /** What one point has produced so far, and its report (compared once per new result). */
    final class PointResults {
        private final SweepPoint point;
        private final List<Summary> summaries = new ArrayList<>();
        private final List<RunFailure> failures = new ArrayList<>();
        private CombinedReport pointReport;
        /** The rounds planned so far. */
        int rounds;

        private PointResults(SweepPoint point) {
            this.point = point;
        }

        CombinedReport report() {
            if (pointReport == null) {
                pointReport = compared(summaries, failures);
            }
            return pointReport;
        }

        List<Summary> summaries() {
            return summaries;
        }

        /** The cached reports are computed again after a new result. */
        private void changed() {
            report = null;
            pointReport = null;
        }
    }
}
