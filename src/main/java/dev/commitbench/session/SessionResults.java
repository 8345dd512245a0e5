package dev.commitbench.session;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.RunFailure;
import dev.commitbench.Summary;
import dev.commitbench.engine.RunOutcome;
import dev.commitbench.report.Summarizer;
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
            List<Summary> all = new ArrayList<>();
            List<RunFailure> failures = new ArrayList<>();
            points.values().forEach(r -> {
                all.addAll(r.summaries);
                failures.addAll(r.failures);
            });
            report = PointAnalysis.run(points.values().stream().map(PointResults::report).toList(), commits, all,
                    failures, plan, runDirectory);
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
        RoundSummaries read = RoundSummaries.read(runDir, commit, plan.metrics(), round,
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
                pointReport = PointAnalysis.point(commits, summaries, failures, plan, runDirectory);
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
