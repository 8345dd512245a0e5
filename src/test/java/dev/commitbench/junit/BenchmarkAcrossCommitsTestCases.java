package dev.commitbench.junit;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.CombinedReport;
import dev.commitbench.Sweep;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fixtures run by {@link BenchmarkAcrossCommitsExtensionTests} through the EngineTestKit only (files named
 * {@code *TestCases} are excluded from Surefire). The repository, engine and metrics come from the
 * configuration parameters that {@link BenchmarkTestKit} sets.
 */
class BenchmarkAcrossCommitsTestCases {

    static final List<CombinedReport> REPORTS = new CopyOnWriteArrayList<>();
    static final List<CombinedReport> AFTER_ALL = new CopyOnWriteArrayList<>();

    static void reset() {
        REPORTS.clear();
        AFTER_ALL.clear();
    }

    static class SweptWithReport {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        @Sweep(key = "backend.model", values = { "a", "b" })
        @Sweep(key = "batch_size", values = { "1", "2" })
        void decoding(CombinedReport report) {
            REPORTS.add(report);
        }
    }

    static class WithoutReport {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        void decoding() {
        }
    }

    static class WithReportThatPasses {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        void decoding(CombinedReport report) {
            REPORTS.add(report);
        }
    }

    static class TwoPointsWithoutReport {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        @Sweep(key = "backend.model", values = { "a", "b" })
        void decoding() {
        }
    }

    static class SingleCommitMeasuresOnly {
        @BenchmarkAcrossCommits(commits = "HEAD", name = "{index}: {baseline} alone")
        void measure() {
        }
    }

    static class DiffByDefault {
        @BenchmarkAcrossCommits
        void decoding(CombinedReport report) {
            REPORTS.add(report);
        }
    }

    @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, rounds = 1, maxRounds = 1)
    @Sweep(key = "backend.model", values = { "a", "b" })
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ClassDefaults {
        @BenchmarkAcrossCommits(rounds = 2, maxRounds = 2)
        @Order(1)
        void methodRounds(CombinedReport report) {
            REPORTS.add(report);
        }

        @BenchmarkAcrossCommits
        @Order(2)
        void classRounds(CombinedReport report) {
            REPORTS.add(report);
        }

        @AfterAll
        static void all(CombinedReport report) {
            AFTER_ALL.add(report);
        }
    }

    static class ConfiguredRounds {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        void decoding(CombinedReport report) {
            REPORTS.add(report);
        }
    }

    static class NoCommits {
        @BenchmarkAcrossCommits(commits = {})
        void decoding() {
        }
    }

    static class SingleCommitWithReport {
        @BenchmarkAcrossCommits(commits = "HEAD")
        void decoding(CombinedReport report) {
        }
    }

    static class EmptySweepValues {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        @Sweep(key = "backend.model", values = {})
        void decoding() {
        }
    }

    @Sweep(key = "batch_size", values = { "1", "2" })
    static class DuplicateSweepKey {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        @Sweep(key = "batch_size", values = { "4" })
        void decoding() {
        }
    }

    static class UnknownEngine {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, engine = "perf")
        void decoding() {
        }
    }

    static class SweepOnPlainTest {
        @Test
        @Sweep(key = "batch_size", values = { "1", "2" })
        void decoding() {
        }
    }

    @Sweep(key = "batch_size", values = { "1", "2" })
    static class SweepOnClassWithoutBenchmark {
        @Test
        void decoding() {
        }
    }

    @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
    static class ReportOnPlainTest {
        @Test
        void decoding(CombinedReport report) {
        }
    }

    static class BadRounds {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, rounds = 0)
        void decoding() {
        }
    }

    static class ThresholdMinusOne {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, threshold = -1)
        void decoding() {
        }
    }

    static class RoundsMinusOne {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, rounds = -1)
        void decoding() {
        }
    }

    static class MaxRoundsMinusOne {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, maxRounds = -1)
        void decoding() {
        }
    }

    static class IterationsMinusOne {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, engine = "command", command = { "sh", "bench.sh" },
                iterations = -1)
        void decoding() {
        }
    }

    static class WarmupsMinusOne {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, engine = "command", command = { "sh", "bench.sh" },
                warmups = -1)
        void decoding() {
        }
    }

    static class TwoThresholds {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, threshold = { 5, 10 })
        void decoding() {
        }
    }

    static class TwoConfigFromCheckout {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, configFromCheckout = { true, false })
        void decoding() {
        }
    }

    static class ConfigFromEachCommit {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, configFromCheckout = false)
        void decoding() {
        }
    }

    static class MisspelledSweepPlaceholder {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, engine = "command",
                command = { "sh", "${workspace}/bench.sh", "${sizee}" })
        @Sweep(key = "size", values = { "small", "large" })
        void decoding() {
        }
    }

    static class MisspelledEnvPlaceholder {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, env = "PYTHONPATH=${workspcae}/src")
        void decoding() {
        }
    }

    static class SweepKeyInSetup {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, setup = "make ${size}")
        @Sweep(key = "size", values = { "small", "large" })
        void decoding() {
        }
    }

    static class UncommittedChange {
        @BenchmarkAcrossCommits(commits = { "HEAD", "WORKTREE" }, rounds = 2)
        void decoding(CombinedReport report) {
            REPORTS.add(report);
        }
    }

    static class AbortsItself {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        void decoding(CombinedReport report) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "the method's own assumption");
        }
    }

    static class CommandEngine {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, engine = "command", command = { "sh", "-c", "exit 0" },
                metrics = "call.latency.mean", warmups = 0, iterations = 3, maxRounds = 2)
        void timed(CombinedReport report) {
            REPORTS.add(report);
        }
    }

    static class CommandEngineWithoutReport {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, engine = "command", command = { "sh", "bench.sh" },
                metrics = { "call.latency.mean", "call.tokens.mean" }, rounds = 1, maxRounds = 1, warmups = 0,
                iterations = 3)
        void timed() {
        }
    }

    static class UnknownRef {
        @BenchmarkAcrossCommits(commits = { "main", "no-such-branch" })
        void decoding() {
        }
    }

    static volatile java.nio.file.Path registeredRepository;

    static class RegisteredDefaults {
        @org.junit.jupiter.api.extension.RegisterExtension
        static dev.commitbench.BenchmarkExtension commitbench = dev.commitbench.BenchmarkExtension.builder()
                .repository(() -> registeredRepository).commits("main", "HEAD").rounds(3).build();

        @BenchmarkAcrossCommits(threshold = 9)
        void decoding(CombinedReport report) {
            REPORTS.add(report);
        }
    }

    /** Every attribute the builder has beyond the ones above, for the optimum-benchmark engine. */
    static class RegisteredEverything {
        static final java.nio.file.Path SETUP_LOG = tempFile("setup");

        @org.junit.jupiter.api.extension.RegisterExtension
        static dev.commitbench.BenchmarkExtension commitbench = dev.commitbench.BenchmarkExtension.builder()
                .repository(() -> registeredRepository).commits("main", "HEAD").configFromCheckout(true)
                .directions("decode.latency.mean=higher").checkout("in-place")
                .setup("echo \"${ref}\" >> '" + SETUP_LOG + "'").timeout("5m")
                .inconclusive(dev.commitbench.InconclusivePolicy.PASS).name("{index}: {baseline} vs {candidate} (registered)")
                .build();

        @BenchmarkAcrossCommits
        void decoding(CombinedReport report) {
            REPORTS.add(report);
        }
    }

    /** The command engine's attributes from the builder, and the per-commit environment. */
    static class RegisteredCommand {
        static final java.nio.file.Path LOG = tempFile("command");

        @org.junit.jupiter.api.extension.RegisterExtension
        static dev.commitbench.BenchmarkExtension commitbench = dev.commitbench.BenchmarkExtension.builder()
                .repository(() -> registeredRepository).commits("main", "HEAD").engine("command")
                .command("sh", "-c", "printf '%s\\n' \"$FROM_EXTENSION\" >> '" + LOG + "'")
                .env("FROM_EXTENSION=ran ${ref}").metrics("call.latency.mean").warmups(2).iterations(3).rounds(1).maxRounds(1)
                .build();

        @BenchmarkAcrossCommits
        void timing(CombinedReport report) { // the timings of printf are noise: no verdict applied
        }
    }

    /** A timeout from the builder. */
    static class RegisteredTimeout {
        @org.junit.jupiter.api.extension.RegisterExtension
        static dev.commitbench.BenchmarkExtension commitbench = dev.commitbench.BenchmarkExtension.builder()
                .repository(() -> registeredRepository).commits("HEAD").engine("command").command("sleep", "5")
                .warmups(0).iterations(1).rounds(1).timeout("1s").build();

        @BenchmarkAcrossCommits
        void timing() {
        }
    }

    /** A setup timeout from the builder, typed. */
    static class RegisteredSetupTimeout {
        @org.junit.jupiter.api.extension.RegisterExtension
        static dev.commitbench.BenchmarkExtension commitbench = dev.commitbench.BenchmarkExtension.builder()
                .repository(() -> registeredRepository).commits("HEAD").engine("command").command("true")
                .warmups(0).iterations(1).rounds(1).setup("sleep 30").setupTimeout(java.time.Duration.ofSeconds(1))
                .build();

        @BenchmarkAcrossCommits
        void timing() {
        }
    }

    private static java.nio.file.Path tempFile(String name) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("commitbench-registered-" + name, ".log");
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static class FirstOfTwoClasses {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        @Sweep(key = "backend.model", values = { "a", "b" })
        void one() {
        }
    }

    static class SecondOfTwoClasses {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        @Sweep(key = "backend.model", values = { "c", "d" })
        void two() {
        }
    }

    static class OuterA {
        static class Same {
            @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
            void decoding() {
            }
        }
    }

    static class OuterB {
        @TestMethodOrder(MethodOrderer.MethodName.class)
        static class Same {
            @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
            void decoding() {
            }

            @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
            void decoding(CombinedReport report) {
            }
        }
    }

    static class AfterAllWithoutClassAnnotation {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        void decoding() {
        }

        @AfterAll
        static void all(CombinedReport report) {
            AFTER_ALL.add(report);
        }
    }

    static class NotAHydraSweepKey {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        @Sweep(key = "backend model", values = { "gpt2" })
        void decoding() {
        }
    }

    static class SweepValueHydraCannotTake {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        @Sweep(key = "backend.model", values = { "gpt2", "${oc.env:MODEL}" })
        void decoding() {
        }
    }

    static class BlankSweepKey {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        @Sweep(key = " ", values = { "a" })
        void decoding() {
        }
    }

    static class BadCheckout {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, checkout = "x")
        void decoding() {
        }
    }

    static class BadInconclusive {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, inconclusive = "x")
        void decoding() {
        }
    }

    static class BadProbableRegression {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, probableRegression = "warn")
        void decoding() {
        }
    }

    static class BadEnv {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, env = "NOEQUALS")
        void decoding() {
        }
    }

    static class BadTimeout {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, timeout = "soon")
        void decoding() {
        }
    }

    static class BadSetupTimeout {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, setupTimeout = "0s")
        void decoding() {
        }
    }

    static class SweepOnPlainTestNextToABenchmark {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" })
        void decoding() {
        }

        @Test
        @Sweep(key = "batch_size", values = { "1", "2" })
        void plain() {
        }
    }
}
