package dev.commitbench.report;

import static dev.commitbench.report.MarkdownReportWriterFormat.counts;
import static dev.commitbench.report.MarkdownReportWriterFormat.cv;
import static dev.commitbench.report.MarkdownReportWriterFormat.headline;
import static dev.commitbench.report.MarkdownReportWriterFormat.interval;
import static dev.commitbench.report.MarkdownReportWriterFormat.percent;
import static dev.commitbench.report.MarkdownReportWriterFormat.plainPercent;
import static dev.commitbench.report.MarkdownReportWriterFormat.resolutionWarning;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Gate;
import dev.commitbench.Measurement;
import dev.commitbench.RunFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code MarkdownReportWriter} is used to write {@code report.md}: a headline and a summary line (how
 * many comparisons regressed, improved, stayed unchanged or were inconclusive, and how many runs
 * failed), then (in a section per group where the report is grouped, e.g. per test method of a test run)
 * per sweep point (model · config) a table with one row per metric and candidate:
 * baseline and candidate values with units, the change, its confidence interval, the verdict, the
 * noise (CV per commit) and the rounds; a warning where the threshold is below the change the rounds
 * can resolve; and the failed runs with their run directories.
 *
 * <p>The same text is appended to GitHub's job summary when {@code GITHUB_STEP_SUMMARY} is set. Model,
 * config and metric names are shown as code; every other text from the report is escaped. Stateless
 * and thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class MarkdownReportWriter {

    /** The file name written into the run folder. */
    public static final String FILE_NAME = "report.md";

    /** The environment variable naming GitHub Actions' job summary file. */
    public static final String GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY";

    private static final int MESSAGE_LENGTH = 160;
    /** Any line break ({@code \R}); compiled once, as a report applies it to every code span. */
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");
    /** Markdown's and HTML's special characters, each escaped with a backslash. */
    private static final Pattern SPECIAL = Pattern.compile("([\\\\`*_\\[\\]<>&|#!~])");

    private final boolean htmlWritten;

    /** A writer for a run folder that holds {@code report.html} too. */
    public MarkdownReportWriter() {
        this(true);
    }

    /**
     * A writer whose text points to {@code report.html} only when {@code htmlWritten} (the run folder
     * holds it).
     *
     * @param htmlWritten whether the run folder holds {@code report.html}
     */
    public MarkdownReportWriter(boolean htmlWritten) {
        this.htmlWritten = htmlWritten;
    }

    /**
     * Renders the report as Markdown.
     *
     * @param report the report
     * @return the Markdown text
     */
    public String render(CombinedReport report) {
        return render(report, Map.of());
    }

    /**
     * Renders the report as Markdown, its body grouped: under the headline, counts and settings of {@code report}
     * (everything), one section per group (a test method of a test run), named, with its own counts, commits,
     * points and failed runs. Without groups, as {@link #render(CombinedReport)}.
     *
     * @param report everything, for the headline and the counts
     * @param groups the parts of {@code report} by name, in order
     * @return the Markdown
     */
    public String render(CombinedReport report, Map<String, CombinedReport> groups) {
        var md = new StringBuilder();
        MarkdownReportWriterFormat.Headline headline = headline(report);
        md.append("## commitbench: ").append(marker(headline)).append(headline.text).append("\n\n");
        md.append("**").append(counts(report)).append("**\n\n");
        md.append(settings(report, htmlWritten)).append("\n");
        if (groups.isEmpty()) {
            body(md, report, "### ");
        }
        groups.forEach((name, group) -> {
            md.append("### ").append(code(name)).append("\n\n").append(counts(group)).append('.');
            group.baseline().ifPresent(b -> md.append(" Baseline ").append(code(b.displayName())));
            if (!group.candidates().isEmpty()) {
                md.append(group.candidates().size() == 1 ? ", candidate " : ", candidates ").append(group.candidates()
                        .stream().map(c -> code(c.displayName())).collect(Collectors.joining(", "))).append('.');
            }
            md.append("\n\n");
            body(md, group, "#### ");
        });
        return md.toString();
    }

    private static void body(StringBuilder md, CombinedReport report, String heading) {
        MarkdownReportWriterPoints.of(report).forEach(point -> point(md, report, point, heading));
        failures(md, report.failures(), heading);
    }

    /**
     * Writes {@code report.md} into {@code runDir} (created when missing), replacing an older one.
     *
     * @param runDir the run folder
     * @param report the report
     * @return the written file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Path write(Path runDir, CombinedReport report) {
        return write(runDir, report, Map.of());
    }

    /**
     * {@link #write(Path, CombinedReport)} with the body grouped, as {@link #render(CombinedReport, Map)}.
     *
     * @param runDir the run folder
     * @param report everything, for the headline and the counts
     * @param groups the parts of {@code report} by name, in order
     * @return the written file
     */
    public Path write(Path runDir, CombinedReport report, Map<String, CombinedReport> groups) {
        return ReportFiles.write(runDir, FILE_NAME, render(report, groups), "the Markdown report");
    }

    /**
     * Appends the report to the file {@code GITHUB_STEP_SUMMARY} names in {@code env} (GitHub Actions
     * sets it for every step), creating the file when missing; does nothing when the variable is unset
     * or blank.
     *
     * @param env the environment, usually {@code System.getenv()}
     * @param report the report
     * @return the file appended to, or empty when {@code GITHUB_STEP_SUMMARY} is not set
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Optional<Path> appendToGithubStepSummary(CombinedReport report, Map<String, String> env) {
        return appendToGithubStepSummary(report, Map.of(), env);
    }

    /**
     * {@link #appendToGithubStepSummary(CombinedReport, Map)} with the body grouped, as
     * {@link #render(CombinedReport, Map)}.
     *
     * @param report everything, for the headline and the counts
     * @param groups the parts of {@code report} by name, in order
     * @param env    the environment, usually {@code System.getenv()}
     * @return the file appended to, or empty when {@code GITHUB_STEP_SUMMARY} is not set
     */
    public Optional<Path> appendToGithubStepSummary(CombinedReport report, Map<String, CombinedReport> groups,
            Map<String, String> env) {
        String name = env.get(GITHUB_STEP_SUMMARY);
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(name);
        try {
            Files.writeString(file, render(report, groups) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not append the report to the GitHub job summary [" + file
                    + "] named by " + GITHUB_STEP_SUMMARY + ": check that its folder exists and is writable,"
                    + " or unset " + GITHUB_STEP_SUMMARY + ".", e);
        }
    }

    private static String settings(CombinedReport report, boolean htmlWritten) {
        var s = new StringBuilder("Threshold ±").append(plainPercent(report.thresholdPercent()));
        s.append("; a positive change is worse. The gate asks whether a candidate is slower than the baseline by"
                + " more than the threshold: it fails when the whole interval lies above +")
                .append(plainPercent(report.thresholdPercent())).append(", passes when it lies below.");
        report.baseline().ifPresent(b -> s.append(" Baseline ").append(code(b.displayName())));
        if (!report.candidates().isEmpty()) {
            s.append(report.candidates().size() == 1 ? ", candidate " : ", candidates ")
                    .append(report.candidates().stream().map(c -> code(c.displayName())).collect(Collectors.joining(", ")));
        }
        report.baseline().ifPresent(b -> s.append('.'));
        report.commits().stream().filter(Commit::isWorkingTree).forEach(w -> s.append('\n').append(code(w.displayName()))
                .append(" is the working tree with its uncommitted changes, as it was when the run started (tree ")
                .append(code(w.tree())).append("; ").append(code("git show " + w.shortSha())).append(" shows the changes)."));
        report.reportDirectory().ifPresent(dir -> s.append("\nRun folder ").append(code(dir)).append(": ")
                .append(htmlWritten ? "charts in " + code(HtmlReportWriter.FILE_NAME) + ", every sample in "
                        : "every sample in ")
                .append(code(CommitbenchJsonWriter.FILE_NAME)).append('.'));
        return s.append('\n').toString();
    }

    private static void point(StringBuilder md, CombinedReport report, MarkdownReportWriterPoints.Point point,
            String heading) {
        md.append(heading).append(code(point.model()));
        if (!point.config().isEmpty()) {
            md.append(" · ").append(code(point.config()));
        }
        md.append("\n\n");
        List<Comparison> comparisons = point.comparisons();
        if (!comparisons.isEmpty()) {
            md.append("| metric | candidate | baseline value | candidate value | change | interval (confidence)"
                    + " | verdict | gate | noise (CV) baseline / candidate | rounds baseline / candidate |\n");
            md.append("| --- | --- | ---: | ---: | ---: | :---: | --- | --- | ---: | ---: |\n");
            for (Comparison c : comparisons) {
                var scale = MarkdownReportWriterFormat.scale(c.unit(), c.baselineValue());
                var values = MarkdownReportWriterFormat.formatTogether(scale, List.of(c.baselineValue(), c.candidateValue()));
                md.append("| ").append(code(c.metric()))
                        .append(" | ").append(code(c.candidate().displayName()))
                        .append(" | ").append(values.get(0))
                        .append(" | ").append(values.get(1))
                        .append(" | ").append(percent(c.changePercent(), c.thresholdPercent()))
                        .append(" | ").append(interval(c))
                        .append(" | ").append(verdict(c))
                        .append(" | ").append(gate(c))
                        .append(" | ").append(cv(c.baselineCv())).append(" / ").append(cv(c.candidateCv()))
                        .append(" | ").append(c.baselineRounds()).append(" / ").append(c.candidateRounds())
                        .append(" |\n");
            }
            md.append('\n');
            for (Comparison c : comparisons) {
                if (c.gate() == Gate.INCONCLUSIVE && c.thresholdBelowResolution()) {
                    md.append("> ⚠️ ").append(escape(resolutionWarning(c))).append("\n\n");
                }
            }
        }
        List<String> uncompared = point.uncomparedMetrics(report);
        if (!uncompared.isEmpty()) {
            md.append("Measured, not compared:\n\n| metric | commit | value (mean of rounds) | noise (CV) | rounds |\n");
            md.append("| --- | --- | ---: | ---: | ---: |\n");
            for (String metric : uncompared) {
                for (var commit : report.commits()) {
                    Optional<Measurement> m = report.measurement(point.model(), point.config(), commit.sha(), metric);
                    m.ifPresent(measurement -> md.append("| ").append(code(metric))
                            .append(" | ").append(code(commit.displayName()))
                            .append(" | ").append(MarkdownReportWriterFormat.scale(measurement.unit(), measurement.value())
                                    .format(measurement.value()))
                            .append(" | ").append(cv(MarkdownReportWriterPoints.cv(measurement.roundValues())))
                            .append(" | ").append(measurement.rounds())
                            .append(" |\n"));
                }
            }
            md.append('\n');
        }
    }

    private static void failures(StringBuilder md, List<RunFailure> failures, String heading) {
        if (failures.isEmpty()) {
            return;
        }
        md.append(heading).append("Failed runs\n\n| commit | point | round | what went wrong | run directory |\n");
        md.append("| --- | --- | ---: | --- | --- |\n");
        for (RunFailure f : failures) {
            md.append("| ").append(code(f.commit().displayName()))
                    .append(" | ").append(f.point().isEmpty() ? "" : code(f.point()))
                    .append(" | ").append(f.round())
                    .append(" | ").append(escape(firstLine(f.message())))
                    .append(" | ").append(f.runDirectory().isEmpty() ? "" : code(f.runDirectory()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static String verdict(Comparison c) {
        String text = MarkdownReportWriterFormat.verdictText(c);
        return switch (c.verdict()) {
            case REGRESSED -> "🔴 **" + text + "**";
            case IMPROVED -> "🟢 " + text;
            case UNCHANGED -> "⚪ " + text;
            case INCONCLUSIVE -> "🟡 " + text;
        };
    }

    private static String gate(Comparison c) {
        String text = MarkdownReportWriterFormat.gateText(c);
        return c.gate() == Gate.PASS ? text : "**" + text + "**";
    }

    private static String marker(MarkdownReportWriterFormat.Headline headline) {
        return switch (headline) {
            case REGRESSION_FOUND, RUNS_FAILED, MISSING_METRICS, PROBABLE_REGRESSION -> "🔴 ";
            case INCONCLUSIVE -> "🟡 ";
            case NO_REGRESSION -> "🟢 ";
            case NOTHING_COMPARED -> "";
        };
    }

    /** The first line of a message, shortened to {@value #MESSAGE_LENGTH} characters. */
    static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() <= MESSAGE_LENGTH ? line : line.substring(0, MESSAGE_LENGTH - 1) + "…";
    }

    /** Text as a code span that survives a table cell: no line breaks, {@code |} escaped, backticks fenced. */
    private static String code(String text) {
        String oneLine = LINE_BREAK.matcher(text).replaceAll(" ").replace("|", "\\|");
        return oneLine.contains("`") ? "`` " + oneLine + " ``" : "`" + oneLine + "`";
    }

    /** Text with Markdown's and HTML's special characters backslash-escaped, on one line. */
    private static String escape(String text) {
        return SPECIAL.matcher(LINE_BREAK.matcher(text).replaceAll(" ")).replaceAll("\\\\$1");
    }
}
