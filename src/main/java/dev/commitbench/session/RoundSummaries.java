package dev.commitbench.session;

import dev.commitbench.Commit;
import dev.commitbench.Summary;
import dev.commitbench.engine.HydraSyntax;
import dev.commitbench.report.RunDirectories;
import dev.commitbench.report.RunReader;
import dev.commitbench.report.RunReport;
import dev.commitbench.report.Summarizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code RoundSummaries} is what one round's directory holds, read for the session and the bisection alike: the
 * summaries of the run directories under it whose task overrides include a point's overrides (all of them when
 * those are empty), what was wrong with the others of those, the optimum-benchmark version the configs record
 * ({@code ""} when none does), and the metric paths the reports have (for the missing-metric warning; empty when
 * not asked for).
 */
record RoundSummaries(List<Summary> summaries, List<String> problems, String version, Set<String> metricPaths) {

    /** Reads the run directories under {@code runDir}; see the type's description. */
    static RoundSummaries read(Path runDir, Commit commit, List<String> metrics, int round,
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
                summaries.add(Summarizer.summarize(report, commit.sha(), metrics, round));
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
}
