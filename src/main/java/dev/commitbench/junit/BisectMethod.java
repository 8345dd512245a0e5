package dev.commitbench.junit;

import dev.commitbench.Commit;
import dev.commitbench.Gate;
import dev.commitbench.bisect.BisectResult;
import dev.commitbench.bisect.BisectSettings;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.BisectRun;
import dev.commitbench.session.ConsoleProgress;
import dev.commitbench.session.ProgressListener;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * {@code BisectMethod} is used for a {@code @BenchmarkAcrossCommits(bisect = true)} method: it checks that the
 * method bisects one range, one metric and one sweep point, resolves the range's first-parent path before any
 * engine runs ({@link BisectRun#start}), and provides one invocation that runs the bisection and maps its
 * answer: a named culprit (or steps, range, drift) fails the test with a message naming each commit's full
 * and short SHA, subject and author; bad not worse passes; not pinned down within the budget aborts, or fails
 * when bad's regression itself is certain; an end that could not be measured errs. The method's folder gets
 * {@code bisect.json}, {@code report.md}, {@code report.html} and {@code summaries.json}. The bisection (its
 * workspaces) is closed after the invocation, or when the template's store closes.
 */
final class BisectMethod implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    /** The engine-run budget of a bisection (default {@value BisectSettings#DEFAULT_MAX_RUNS}). */
    static final String MAX_RUNS_PROPERTY_NAME = BenchmarkSettings.PREFIX + "bisect.maxRuns";

    private final BisectRun bisection;
    private boolean closed;

    private BisectMethod(BisectRun bisection) {
        this.bisection = bisection;
    }

    /**
     * Checks the method, starts its bisection (resolving the range) and provides its one invocation.
     *
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException when the method is not one range,
     *         one metric and one point, or takes a {@code CombinedReport}
     */
    static Stream<TestTemplateInvocationContext> provide(ExtensionContext context, BenchmarkSettings settings,
            BenchmarkPlan plan, String pattern, BenchmarkRun run, String folder) {
        Method method = context.getRequiredTestMethod();
        List<String> commits = plan.commits();
        if (commits.size() != 1 || !commits.get(0).contains("..") || commits.get(0).contains("...")
                || commits.get(0).endsWith(".." + Commit.WORKTREE)) {
            throw settings.misuseOf("sets bisect = true, which needs one range commits = \"A..B\" (A a good commit,"
                    + " B a later one to check, e.g. \"v1.2..main\"), but 'commits' was " + commits + ".");
        }
        if (plan.metrics().size() != 1) {
            throw settings.misuseOf("sets bisect = true, which follows one metric, but 'metrics' was " + plan.metrics()
                    + "; name the one to bisect, e.g. metrics = \"" + plan.metrics().get(0) + "\".");
        }
        if (plan.points().size() != 1) {
            throw settings.misuseOf("sets bisect = true, which bisects one sweep point, but the @Sweep annotations give "
                    + plan.points().size() + "; keep one value per key.");
        }
        if (BenchmarkSettings.takesReport(method)) {
            throw settings.misuseOf("sets bisect = true, so the bisection decides the test and there is no"
                    + " CombinedReport to pass; remove the parameter.");
        }
        int maxRuns = settings.configurationParameter(MAX_RUNS_PROPERTY_NAME).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw settings.misuseOf("cannot use configuration parameter [" + MAX_RUNS_PROPERTY_NAME + "]: it must"
                        + " be a number of engine runs, such as " + BisectSettings.DEFAULT_MAX_RUNS + ", but was ["
                        + value + "].");
            }
        }).orElse(BisectSettings.DEFAULT_MAX_RUNS);
        String[] ends = commits.get(0).split("\\.\\.", -1);
        if (ends.length != 2 || ends[0].isBlank() || ends[1].isBlank()) {
            throw settings.misuseOf("sets bisect = true, which needs 'commits' as \"A..B\" with both ends named, but it"
                    + " was [" + commits.get(0) + "].");
        }
        BenchmarkPlan methodPlan = plan.toBuilder().outputDir(run.folder().resolve(folder)).ensureEmpty(false).build();
        BisectRun bisection;
        try {
            bisection = BisectRun.start(methodPlan, ends[0].strip(), ends[1].strip(), maxRuns,
                    new ConsoleProgress(new PrintWriter(System.out, true, Charset.defaultCharset()), "commitbench: ", false));
        } catch (IllegalArgumentException e) {
            throw settings.misuseOf("sets bisect = true, but " + e.getMessage() + ".");
        }
        BisectMethod bisect = new BisectMethod(bisection);
        context.getStore(BenchmarkAcrossCommitsExtension.NAMESPACE).put(BisectMethod.class, bisect);
        List<Commit> path = bisection.path();
        String name = DisplayNames.format(pattern, 1, plan.points().get(0), List.of(path.get(0), path.get(path.size() - 1)));
        return Stream.of(new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return name;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of((BeforeEachCallback) bisect::bisect);
            }
        });
    }

    /** Runs the bisection, writes its files and maps its answer to the invocation's outcome. */
    private void bisect(ExtensionContext context) {
        BisectResult result;
        try {
            result = bisection.run();
        } catch (RuntimeException e) {
            try {
                bisection.writeSummaries();
            } catch (RuntimeException writing) {
                e.addSuppressed(writing);
            }
            close();
            throw e;
        }
        try {
            bisection.writeRunFiles(result);
        } finally {
            close();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("commitbench.bisect.kind", result.kind().name());
        if (result.culprit() != null) {
            entries.put("commitbench.bisect.culprit", result.culprit().sha());
        }
        entries.put("commitbench.bisect.engineRuns", String.valueOf(result.engineRuns()));
        entries.put("commitbench.runDirectory", bisection.runDirectory().toString());
        context.publishReportEntry(entries);
        String message = "Bisection of " + result.settings().metric() + " from " + result.good().displayName() + " to "
                + result.bad().displayName() + ": " + bisection.message(result);
        switch (result.kind()) {
            case NO_REGRESSION -> System.out.println("commitbench: " + message);
            case SINGLE_STEP, TWO_STEPS, RANGE, DRIFT -> throw new AssertionFailedError(message);
            case NOT_PINNED_DOWN -> {
                if (result.endToEnd() != null && result.endToEnd().gate() == Gate.FAIL) {
                    throw new AssertionFailedError(message);
                }
                throw new TestAbortedException(message);
            }
            case FAILED -> throw new BenchmarkRunFailedException(message);
            default -> throw new IllegalStateException("unknown answer " + result.kind());
        }
    }

    /** Removes the bisection's workspaces; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            bisection.close();
        }
    }
}
