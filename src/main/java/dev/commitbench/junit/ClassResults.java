package dev.commitbench.junit;

import dev.commitbench.CombinedReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code ClassResults} is used to collect, in the class's store, the report of every
 * {@code @BenchmarkAcrossCommits} method of a class, for a static {@code @AfterAll} method that takes a
 * {@link CombinedReport}. Thread-safe.
 */
final class ClassResults {

    private final List<CombinedReport> reports = new ArrayList<>();

    static ClassResults of(ExtensionContext classContext) {
        return classContext.getStore(BenchmarkAcrossCommitsExtension.NAMESPACE)
                .getOrComputeIfAbsent(ClassResults.class, k -> new ClassResults(), ClassResults.class);
    }

    synchronized void add(CombinedReport report) {
        reports.add(report);
    }

    /** Every method's report merged, in the order the methods finished; empty when nothing ran. */
    synchronized CombinedReport report() {
        return reports.stream().reduce(CombinedReport::merge).orElseGet(() -> CombinedReport.builder().build());
    }
}
