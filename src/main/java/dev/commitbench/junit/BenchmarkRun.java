package dev.commitbench.junit;

import dev.commitbench.CombinedReport;
import dev.commitbench.internal.OutcomeText;
import dev.commitbench.Summary;
import dev.commitbench.session.OutputSettings.ReportFormat;
import dev.commitbench.session.RunFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code BenchmarkRun} is used to hold one test run: a fresh run folder
 * {@code <outputDir>/run-<timestamp>-<random>/} (unique across JVMs), one sub-folder per method
 * ({@code <fully.qualified.TestClass>.<method>/}, see
 * {@link BenchmarkAcrossCommitsExtension#methodFolder}, the method's session layout), and, when the run ends, the run-level
 * files over every method: {@code summaries.json}, the combined
 * {@code summary.json}, {@code commitbench.json}, {@code report.md} and {@code report.html} (the last two with a
 * section per method, named, so that the rows of two methods never mix); {@code report.md}
 * is also appended, once, to the GitHub job summary when {@code GITHUB_STEP_SUMMARY} is set. At the end it
 * prints one block listing every comparison whose gate stayed undecided (probable regressions and inconclusive
 * ones, with their intervals; {@link OutcomeText#undecided}), since the console shows them only as skipped
 * tests, then the folder, which is uploaded when {@code commitbench.upload.repoId} is set ({@link UploadSettings}).
 *
 * <p>The run ends when the launcher session closes ({@link BenchmarkRunListener}, once per test run across
 * all classes and engines); where no launcher session listener runs ({@code EngineTestKit}) the run lives in
 * the root store instead and ends when that store closes. Thread-safe; {@link #close()} is idempotent.
 */
final class BenchmarkRun implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private final Path outputDir;
    private final Optional<UploadSettings> upload;
    private final List<Summary> summaries = new ArrayList<>();
    private final Map<String, Object> plans = new LinkedHashMap<>();
    private final Map<String, CombinedReport> methodReports = new LinkedHashMap<>();
    private CombinedReport report;
    private String optimumBenchmarkVersion;
    private Path folder;
    private boolean closed;

    private BenchmarkRun(Path outputDir, Optional<UploadSettings> upload) {
        this.outputDir = outputDir;
        this.upload = upload;
    }

    static BenchmarkRun of(ExtensionContext context) {
        Path outputDir = Path.of(context.getConfigurationParameter(BenchmarkSettings.OUTPUT_DIR_PROPERTY_NAME)
                .orElse(BenchmarkSettings.DEFAULT_OUTPUT_DIR));
        Optional<UploadSettings> upload = UploadSettings.configured(context);
        return BenchmarkRunListener.sessionRun(context)
                .map(sessionRun -> sessionRun.getOrCreate(() -> new BenchmarkRun(outputDir, upload)))
                .orElseGet(() -> context.getRoot().getStore(BenchmarkAcrossCommitsExtension.NAMESPACE)
                        .getOrComputeIfAbsent(BenchmarkRun.class, k -> new BenchmarkRun(outputDir, upload), BenchmarkRun.class));
    }

    /** The run folder, created on first use. */
    synchronized Path folder() {
        if (folder == null) {
            folder = RunFiles.createRunFolder(outputDir);
        }
        return folder;
    }

    /**
     * Adds a finished method's results.
     *
     * @param method the method as messages name it ({@code Tests#decoding(CombinedReport)})
     * @param folder the method's folder in the run folder, unique in the run: its section in the reports
     */
    synchronized void add(String method, String folder, Map<String, Object> plan, List<Summary> methodSummaries,
            CombinedReport methodReport, String version) {
        optimumBenchmarkVersion = optimumBenchmarkVersion == null ? version : optimumBenchmarkVersion;
        plans.put(method, plan);
        methodReports.put(folder, methodReport);
        summaries.addAll(methodSummaries);
        report = report == null ? methodReport : report.merge(methodReport);
    }

    @Override
    public synchronized void close() {
        if (closed || report == null) {
            return;
        }
        closed = true;
        CombinedReport runReport = report.toBuilder().reportDirectory(folder.toString()).build();
        Set<ReportFormat> formats = EnumSet.allOf(ReportFormat.class);
        RunFiles.write(folder, summaries, runReport, methodReports, Map.of("methods", plans), optimumBenchmarkVersion,
                formats, false);
        RunFiles.appendStepSummary(runReport, methodReports, formats, System.getenv());
        String undecided = OutcomeText.undecided(runReport);
        if (!undecided.isEmpty()) {
            System.out.println(undecided);
        }
        System.out.println("commitbench: reports in " + folder.resolve("report.md") + " and "
                + folder.resolve("report.html"));
        upload.ifPresent(u -> System.out.println(u.upload(folder)));
    }
}
