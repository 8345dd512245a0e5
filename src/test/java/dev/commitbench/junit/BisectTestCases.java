package dev.commitbench.junit;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.CombinedReport;
import dev.commitbench.Sweep;

/** Fixtures for {@link BisectTests}: {@code @BenchmarkAcrossCommits(bisect = true)} used well and misused. */
class BisectTestCases {

    static class Nightly {
        @BenchmarkAcrossCommits(commits = "main~16..main", bisect = true)
        void decoding() {
        }
    }

    static class ShortRange {
        @BenchmarkAcrossCommits(commits = "main~4..main", bisect = true)
        void decoding() {
        }
    }

    static class WithoutRange {
        @BenchmarkAcrossCommits(commits = {"main~1", "main"}, bisect = true)
        void decoding() {
        }
    }

    static class WithReport {
        @BenchmarkAcrossCommits(commits = "main~1..main", bisect = true)
        void decoding(CombinedReport report) {
        }
    }

    static class TwoMetrics {
        @BenchmarkAcrossCommits(commits = "main~1..main", metrics = {"decode.latency.mean", "prefill.latency.mean"},
                bisect = true)
        void decoding() {
        }
    }

    static class TwoPoints {
        @BenchmarkAcrossCommits(commits = "main~1..main", bisect = true)
        @Sweep(key = "scenario.input_shapes.batch_size", values = {"1", "2"})
        void decoding() {
        }
    }

    static class SameCommit {
        @BenchmarkAcrossCommits(commits = "main..main", bisect = true)
        void decoding() {
        }
    }
}
