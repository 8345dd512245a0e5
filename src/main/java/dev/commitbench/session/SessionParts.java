package dev.commitbench.session;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Summary;
import dev.commitbench.engine.CommandEngine;
import dev.commitbench.engine.Engine;
import dev.commitbench.engine.HydraSyntax;
import dev.commitbench.engine.OptimumBenchmarkEngine;
import dev.commitbench.report.CombinedReports;
import dev.commitbench.report.CommitbenchJsonWriter;
import dev.commitbench.report.EnvironmentInfo;
import dev.commitbench.report.HtmlReportWriter;
import dev.commitbench.report.MarkdownReportWriter;
import dev.commitbench.report.RunDirectories;
import dev.commitbench.report.RunReader;
import dev.commitbench.report.RunReport;
import dev.commitbench.report.Summarizer;
import dev.commitbench.report.SummaryFiles;
import dev.commitbench.stats.ComparisonSettings;
import dev.commitbench.stats.Comparisons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code SessionParts} is used by the session to call the packages below it (engine, report, stats):
 * the one place that knows their entry points.
 */
final class SessionParts {

    private SessionParts() {
    }

    /**
     * The summaries of the run directories under one round's directory whose task overrides include
     * {@code pointOverrides} (all of them when it is empty), what was wrong with the others of those,
     * the optimum-benchmark version the configs record ({@code ""} when none does), and the metric paths
     * the reports have (for the missing-metric warning; empty when not asked for).
     */
    record RoundSummaries(List<Summary> summaries, List<String> problems, String version, Set<String> metricPaths) {
    }

    static Engine engine(BenchmarkPlan plan) {
        return BenchmarkPlan.COMMAND.equals(plan.engine())
                ? new CommandEngine(plan.command(), plan.warmups(), plan.iterations())
                : new OptimumBenchmarkEngine(plan.executable());
    }

    static RoundSummaries summarize(Path runDir, Commit commit, List<String> metrics, int round,
            List<String> pointOverrides, boolean withMetricPaths) {
        List<Summary> summaries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String version = "";
        Set<String> metricPaths = new LinkedHashSet<>();
        if (!Files.isDirectory(runDir)) {
            return new RoundSummaries(summaries, problems, version, metricPaths);
        }
        for (Path dir : RunDirectories.find(runDir)) {
            RunReport report = RunReader.read(dir);
            if (!holdsAll(report.overrides(), pointOverrides)) {
                continue;
            }
            version = version.isEmpty() ? report.version() : version;
            if (report.isOk()) {
                Summary summary = Summarizer.summarize(report, commit.sha(), metrics, round);
                summaries.add(summary);
                if (withMetricPaths) {
                    Summarizer.addMetricPaths(report.report(), metricPaths);
                }
            } else {
                problems.add(report.problem());
            }
        }
        return new RoundSummaries(summaries, problems, version, metricPaths);
    }

    /**
     * Whether a run's task overrides hold every one of the point's, compared as Hydra writes them back into a
     * multirun job's overrides ({@code a=/x/my models} and {@code a=/x/my\ models} are the same override).
     */
    static boolean holdsAll(List<String> runOverrides, List<String> pointOverrides) {
        Set<String> run = new HashSet<>();
        runOverrides.forEach(o -> run.add(HydraSyntax.canonical(o)));
        return pointOverrides.stream().allMatch(o -> run.contains(HydraSyntax.canonical(o)));
    }

    /** Writes each summary's {@code summary.json} into its run directory. */
    static void writeRunSummaries(List<Summary> summaries, boolean expandMetrics) {
        summaries.forEach(summary -> SummaryFiles.writeRunSummary(summary, Path.of(summary.runDirectory()), expandMetrics));
    }

    /** The warning about metrics of the plan found in no summary, listing the {@code metricPaths} the reports have. */
    static Optional<String> missingMetricsWarning(List<String> metrics, List<Summary> summaries, Set<String> metricPaths) {
        Set<String> found = new HashSet<>();
        summaries.forEach(summary -> found.addAll(summary.metrics().keySet()));
        return Summarizer.missingMetricsWarning(metrics, found, metricPaths, summaries.size());
    }

    static CombinedReport combine(List<Commit> commits, List<Summary> summaries, BenchmarkPlan plan) {
        return CombinedReports.from(commits, summaries, plan.thresholdPercent());
    }

    static List<Comparison> compare(CombinedReport report, BenchmarkPlan plan) {
        ComparisonSettings settings = new ComparisonSettings(plan.thresholdPercent(), plan.confidence(),
                ComparisonSettings.defaults().resamples(), plan.seed(), plan.directions(), plan.rounds(),
                plan.maxRounds());
        return Comparisons.compareAll(report, settings);
    }

    /**
     * Writes {@code summaries.json}, the combined {@code summary.json}, {@code commitbench.json}, and of
     * {@code report.md} and {@code report.html} those in {@code formats}, into {@code directory}. The front end
     * appends to the GitHub step summary itself, once per run. The summaries' metrics are nested by their
     * path segments when {@code expandMetrics}. {@code report.html} and {@code commitbench.json}, the longest
     * to render, are written on threads of their own meanwhile; a failure of the others comes first.
     */
    static void writeRunFiles(Path directory, List<Summary> summaries, CombinedReport report, Map<String, Object> plan,
            String optimumBenchmarkVersion, Set<BenchmarkPlan.ReportFormat> formats, boolean expandMetrics) {
        writeRunFiles(directory, summaries, report, Map.of(), plan, optimumBenchmarkVersion, formats, expandMetrics);
    }

    /** As above, with {@code report.md} and {@code report.html} grouped by {@code groups} (e.g. per test method). */
    static void writeRunFiles(Path directory, List<Summary> summaries, CombinedReport report,
            Map<String, CombinedReport> groups, Map<String, Object> plan, String optimumBenchmarkVersion,
            Set<BenchmarkPlan.ReportFormat> formats, boolean expandMetrics) {
        Runnable summaryFiles = () -> {
            SummaryFiles.writeSummaries(summaries, directory, expandMetrics);
            SummaryFiles.writeCombined(summaries, directory, expandMetrics);
            if (formats.contains(BenchmarkPlan.ReportFormat.MARKDOWN)) {
                new MarkdownReportWriter(formats.contains(BenchmarkPlan.ReportFormat.HTML)).write(directory, report, groups);
            }
        };
        Runnable withJson = () -> Beside.run("commitbench-report-json", () -> new CommitbenchJsonWriter().write(directory,
                report, plan, summaries, EnvironmentInfo.collect(report.commits(), optimumBenchmarkVersion)), summaryFiles);
        if (formats.contains(BenchmarkPlan.ReportFormat.HTML)) {
            Beside.run("commitbench-report-html", () -> new HtmlReportWriter().write(directory, report, groups), withJson);
        } else {
            withJson.run();
        }
    }
}
