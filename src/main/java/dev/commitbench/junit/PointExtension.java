package dev.commitbench.junit;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Measurement;
import dev.commitbench.Summary;
import dev.commitbench.report.SummaryFiles;
import dev.commitbench.session.SweepPoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.JUnitException;
import org.opentest4j.TestAbortedException;

/**
 * {@code PointExtension} is used to measure one sweep point before the invocation runs: it runs every
 * commit for the point (through the method's session), publishes the key metrics per commit as report
 * entries, attaches the point's report as {@code commitbench-point.json} and its runs' summaries, each
 * run's {@code summary.json} in run order, as {@code summaries.json} (benchmark.py's format; JUnit 5.12+,
 * where the launcher has an output directory), applies the point's {@link dev.commitbench.Outcome} when the
 * method takes no {@link CombinedReport} or a run failed (so that a failed run is an error whatever the method
 * asserts), and resolves the {@code CombinedReport} parameter otherwise. The point's benchmark time is a report
 * entry ({@code commitbench.benchmarkTime}) and, when the invocation is aborted, the last line of its message:
 * Surefire's XML reports every skipped test as taking 0 s.
 */
final class PointExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {

    private final MethodRun methodRun;
    private final SweepPoint point;
    private final boolean takesReport;
    private CombinedReport report;
    private Duration benchmarked = Duration.ZERO;

    PointExtension(MethodRun methodRun, SweepPoint point, boolean takesReport) {
        this.methodRun = methodRun;
        this.point = point;
        this.takesReport = takesReport;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        long start = System.nanoTime();
        MethodRun.MeasuredPoint measured = methodRun.run(point);
        benchmarked = Duration.ofNanos(System.nanoTime() - start);
        report = measured.report();
        Map<String, String> entries = entries(report);
        entries.put("commitbench.benchmarkTime", seconds(benchmarked));
        context.publishReportEntry(entries);
        attach(context, report, measured.summaries(), methodRun.plan().output().expandMetrics());
        if (!takesReport || !report.failures().isEmpty()) {
            try {
                OutcomeExceptions.apply(report);
            } catch (TestAbortedException aborted) {
                throw withTime(aborted);
            }
        }
    }

    /** An abort from the method's own assertions (an undecided gate) says how long the point took, too. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw throwable instanceof TestAbortedException aborted ? withTime(aborted) : throwable;
    }

    /**
     * The abort with the point's benchmark time as its last line: Surefire's XML gives every skipped test
     * {@code time="0"} (it drops the time of aborted tests), so the skip message is where the time stays.
     */
    private TestAbortedException withTime(TestAbortedException aborted) {
        TestAbortedException timed = new TestAbortedException(aborted.getMessage() + "\nBenchmarking this point took "
                + seconds(benchmarked) + ".");
        timed.setStackTrace(aborted.getStackTrace());
        return timed;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        methodRun.pointFinished();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == CombinedReport.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return report;
    }

    /** {@code commitbench.<commit>.<metric>} → the mean over rounds with its unit, plus each comparison's verdict. */
    static Map<String, String> entries(CombinedReport report) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String model : report.models()) {
            for (String config : report.configs(model)) {
                for (Commit commit : report.commits()) {
                    for (String metric : report.metrics(model, config, commit.sha())) {
                        Measurement m = report.measurement(model, config, commit.sha(), metric).orElseThrow();
                        entries.put("commitbench." + commit.displayName() + "." + metric, String.format(Locale.ROOT,
                                "%.6g%s (%d rounds)", m.value(), m.unit().isEmpty() ? "" : " " + m.unit(), m.rounds()));
                    }
                }
            }
        }
        report.comparisons().forEach(c -> entries.put("commitbench.verdict." + c.candidate().displayName() + "."
                + c.metric(), OutcomeExceptions.describe(c)));
        report.reportDirectory().ifPresent(dir -> entries.put("commitbench.runDirectory", dir));
        return entries;
    }

    /**
     * Attaches the point's report and its runs' summaries where the JUnit Platform supports files (5.12 and
     * later): two files, however many rounds ran.
     */
    private static void attach(ExtensionContext context, CombinedReport report, List<Summary> summaries,
            boolean expandMetrics) {
        try {
            context.publishFile("commitbench-point.json", MediaType.APPLICATION_JSON,
                    path -> Files.writeString(path, report.toJson(), StandardCharsets.UTF_8));
            if (!summaries.isEmpty()) {
                context.publishFile(SummaryFiles.SUMMARIES, MediaType.APPLICATION_JSON, path -> Files.writeString(path,
                        SummaryFiles.summariesJson(summaries, expandMetrics), StandardCharsets.US_ASCII));
            }
        } catch (NoSuchMethodError | NoClassDefFoundError olderJUnit) {
            // JUnit before 5.12 cannot attach files; the report entries and the run folder remain
        } catch (JUnitException outputsDisabled) {
            // the launcher has no output directory (e.g. EngineTestKit by default): the run folder remains
        }
    }
}
