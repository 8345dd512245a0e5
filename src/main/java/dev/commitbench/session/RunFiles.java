package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Summary;
import dev.commitbench.report.CommitbenchJsonWriter;
import dev.commitbench.report.EnvironmentInfo;
import dev.commitbench.report.HtmlReportWriter;
import dev.commitbench.report.MarkdownReportWriter;
import dev.commitbench.report.SummaryFiles;
import dev.commitbench.session.OutputSettings.ReportFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * {@code RunFiles} is the run folder and the files in it, the same for both front ends (the command line per
 * invocation, the JUnit extension per test run). The folder's layout, written down once:
 *
 * <pre>
 * &lt;run&gt;/
 *   commit=&lt;sha&gt;/[&lt;point-dir&gt;/]      round 1 of each commit and point ({@link RunLayout} places it)
 *   round-&lt;r&gt;/commit=&lt;sha&gt;/...       rounds 2 and later, same shape
 *     .../summary.json                 one per job directory, written after its run ({@link #writeRunSummaries})
 *   summaries.json  summary.json     benchmark.py's list of summaries and its combined summary
 *   commitbench.json                 everything: the plan ({@link PlanRecord}), environment, samples, comparisons
 *   report.md  report.html           the readable reports ({@link OutputSettings#reportFormats()})
 * </pre>
 *
 * <p>After the files, a front end appends the GitHub step summary once ({@link #appendStepSummary}) and uploads the
 * folder when asked ({@link RunUpload}). Thread-safe.
 */
@API(status = INTERNAL, since = "0.1")
public final class RunFiles {

    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFiles() {
    }

    /**
     * Creates a fresh, uniquely named folder {@code <outputDir>/run-<timestamp>-<random>/}; two JVMs never
     * get the same one.
     *
     * @param outputDir where run folders go
     * @throws UncheckedIOException naming the folder when it cannot be created
     * @return the new folder
     */
    public static Path createRunFolder(Path outputDir) {
        Path output = outputDir.toAbsolutePath();
        try {
            Files.createDirectories(output);
            SecureRandom random = new SecureRandom();
            while (true) {
                String name = "run-" + LocalDateTime.now().format(RUN_STAMP) + "-"
                        + Integer.toHexString(0x100000 + random.nextInt(0xF00000));
                try {
                    return Files.createDirectory(output.resolve(name));
                } catch (FileAlreadyExistsException taken) {
                    // another JVM took the name in the same second: draw again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run folder under [" + output
                    + "]: check that it is writable, or set another output directory", e);
        }
    }

    /** The run folder of a plan's output: a fresh one inside it, or the folder itself (created when missing). */
    static Path runFolder(OutputSettings output) {
        if (output.ensureEmpty()) {
            return createRunFolder(output.directory());
        }
        Path folder = output.directory().toAbsolutePath();
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory [" + folder
                    + "]: check that it is writable, or set another output directory", e);
        }
    }

    /** Writes each summary's {@code summary.json} into its run directory. */
    static void writeRunSummaries(List<Summary> summaries, boolean expandMetrics) {
        summaries.forEach(summary -> SummaryFiles.writeRunSummary(summary, Path.of(summary.runDirectory()), expandMetrics));
    }

    /**
     * Writes {@code summaries.json}, the combined {@code summary.json}, {@code commitbench.json}, and of
     * {@code report.md} and {@code report.html} those in {@code formats}, into {@code directory}. {@code report.html}
     * and {@code commitbench.json}, the longest to render, are written on threads of their own meanwhile
     * ({@link Beside}); a failure of the others comes first. Never touches the GitHub step summary.
     *
     * @param directory               the run folder
     * @param summaries               every run's summary, in run order
     * @param report                  everything measured, for the headline and the JSON files
     * @param groups                  the parts of {@code report} by section name, in order (the JUnit extension: one
     *                                per test method, so that rows of two methods never mix); empty for none
     * @param plan                    the plan as {@code commitbench.json} records it ({@link PlanRecord})
     * @param optimumBenchmarkVersion the optimum-benchmark version the reports record, or {@code null}
     * @param formats                 the readable reports to write
     * @param expandMetrics           whether the summaries' metrics are nested by their path segments
     */
    public static void write(Path directory, List<Summary> summaries, CombinedReport report,
            Map<String, CombinedReport> groups, Map<String, Object> plan, String optimumBenchmarkVersion,
            Set<ReportFormat> formats, boolean expandMetrics) {
        Runnable summaryFiles = () -> {
            SummaryFiles.writeSummaries(summaries, directory, expandMetrics);
            SummaryFiles.writeCombined(summaries, directory, expandMetrics);
            if (formats.contains(ReportFormat.MARKDOWN)) {
                new MarkdownReportWriter(formats.contains(ReportFormat.HTML)).write(directory, report, groups);
            }
        };
        Runnable withJson = () -> Beside.run("commitbench-report-json", () -> new CommitbenchJsonWriter().write(directory,
                report, plan, summaries, EnvironmentInfo.collect(report.commits(), optimumBenchmarkVersion)), summaryFiles);
        if (formats.contains(ReportFormat.HTML)) {
            Beside.run("commitbench-report-html", () -> new HtmlReportWriter().write(directory, report, groups), withJson);
        } else {
            withJson.run();
        }
    }

    /**
     * Appends {@code report.md}'s text to the GitHub job summary ({@code GITHUB_STEP_SUMMARY}) when the run writes
     * {@code report.md}: once per test run or command line, by the front end.
     *
     * @param report      everything measured
     * @param groups      the parts of {@code report} by section name, as {@link #write}; empty for none
     * @param formats     the run's readable reports
     * @param environment the environment that names the summary file
     */
    public static void appendStepSummary(CombinedReport report, Map<String, CombinedReport> groups,
            Set<ReportFormat> formats, Map<String, String> environment) {
        if (formats.contains(ReportFormat.MARKDOWN)) {
            new MarkdownReportWriter(formats.contains(ReportFormat.HTML)).appendToGithubStepSummary(report, groups,
                    environment);
        }
    }
}
