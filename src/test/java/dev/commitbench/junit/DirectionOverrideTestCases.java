package dev.commitbench.junit;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.CombinedReport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fixtures run by {@link DirectionOverrideTests} through the EngineTestKit only (files named
 * {@code *TestCases} are excluded from Surefire).
 */
class DirectionOverrideTestCases {

    static final List<CombinedReport> REPORTS = new CopyOnWriteArrayList<>();

    static class HigherLatencyIsBetter {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, directions = "decode.latency.mean=higher")
        void decoding(CombinedReport report) {
            REPORTS.add(report);
        }
    }

    static class FromConfiguration {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        void decoding(CombinedReport report) {
            REPORTS.add(report);
        }
    }

    static class BadDirection {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, directions = { "my.metric=lower", "decode.latency.mean=faster" })
        void decoding() {
        }
    }
}
