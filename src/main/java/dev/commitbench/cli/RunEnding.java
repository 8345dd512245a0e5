package dev.commitbench.cli;

import dev.commitbench.CombinedReport;
import dev.commitbench.Outcome;
import dev.commitbench.internal.OutcomeText;
import dev.commitbench.report.MarkdownReportWriter;
import dev.commitbench.session.OutputSettings.ReportFormat;
import dev.commitbench.session.RunFiles;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;

/**
 * {@code RunEnding} is used to end a run whose report is made apart from one session (on several devices, merged from
 * shards, from a Slurm array) as a single-machine run ends: the GitHub step summary, the undecided gates, the exit
 * code from the one {@link Outcome} and its reason, and the Markdown report on standard output.
 */
final class RunEnding {

    private RunEnding() {
    }

    static int finish(CombinedReport report, Set<ReportFormat> formats, Map<String, String> environment,
            PrintWriter out, PrintWriter err) {
        RunFiles.appendStepSummary(report, Map.of(), formats, environment);
        MarkdownReportWriter markdown = new MarkdownReportWriter(formats.contains(ReportFormat.HTML));
        Outcome outcome = Outcome.of(report);
        String undecided = OutcomeText.undecided(report);
        if (!undecided.isEmpty()) {
            err.println(undecided);
        }
        err.println(ExitCode.explain(outcome));
        err.flush();
        out.print(markdown.render(report));
        out.flush();
        return ExitCode.of(outcome).code();
    }

    /** A usage error's message and the help line; exit 2. */
    static int usage(PrintWriter err, String message) {
        err.println(message.startsWith("Usage error: ") ? message : "Usage error: " + message);
        err.println("Run commitbench --help for the flags and examples.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** An error that is not the user's input; exit 3. */
    static int failure(PrintWriter err, String message) {
        err.println("Error: " + message);
        err.flush();
        return ExitCode.FAILURE.code();
    }
}
