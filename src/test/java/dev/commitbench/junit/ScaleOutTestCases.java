package dev.commitbench.junit;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.CombinedReport;
import dev.commitbench.Sweep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.TestInfo;

/**
 * Fixtures for {@link ScaleOutTests}, run in a child JVM: each invocation appends its display name (its point) and
 * the cells (model/config) its report holds, and its number of comparisons to the file the system property {@code scaleout.invocations} names.
 */
final class ScaleOutTestCases {

    private ScaleOutTestCases() {
    }

    static void record(TestInfo info, CombinedReport report) throws IOException {
        Files.writeString(Path.of(System.getProperty("scaleout.invocations")), info.getDisplayName() + " -> "
                + String.join(",", report.models().stream().flatMap(model -> report.configs(model).stream()
                        .map(config -> model + "/" + config)).toList()) + " " + report.comparisons().size() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Eight points on the devices {@code commitbench.devices} names, the command echoing its pinning. */
    static class Pinned {
        @BenchmarkAcrossCommits(commits = { "HEAD~1", "HEAD" }, engine = "command", name = "{point}",
                command = { "sh", "bench.sh", "${size}", "${device}" }, rounds = 2, maxRounds = 2, iterations = 2,
                warmups = 0, threshold = 50)
        @Sweep(key = "size", values = { "1", "2", "3", "4", "5", "6", "7", "8" })
        void measured(CombinedReport report, TestInfo info) throws IOException {
            record(info, report);
        }
    }

    /** A device the machine does not have. */
    static class NoSuchDevice {
        @BenchmarkAcrossCommits(commits = { "HEAD~1", "HEAD" }, engine = "command", command = { "sh", "bench.sh" },
                devices = "7")
        void measured() {
        }
    }

    /** Two points on every GPU found, the command echoing its pinning ({@code ${device}} is empty without one). */
    static class Auto {
        @BenchmarkAcrossCommits(commits = { "HEAD~1", "HEAD" }, engine = "command", name = "{point}",
                command = { "sh", "bench.sh", "${size}", "${device}" }, rounds = 1, maxRounds = 1, iterations = 1,
                warmups = 0, threshold = 50, devices = "auto")
        @Sweep(key = "size", values = { "1", "2" })
        void measured(CombinedReport report, TestInfo info) throws IOException {
            record(info, report);
        }
    }

    /** Three points of the fake optimum-benchmark, for the Slurm executor. */
    static class Sharded {
        @BenchmarkAcrossCommits(commits = { "HEAD~1", "HEAD" }, name = "{point}", rounds = 2, maxRounds = 2)
        @Sweep(key = "backend.model", values = { "m1", "m2", "m3" })
        void measured(CombinedReport report, TestInfo info) throws IOException {
            record(info, report);
        }
    }
}
