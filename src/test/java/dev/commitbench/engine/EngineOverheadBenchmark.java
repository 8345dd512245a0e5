package dev.commitbench.engine;

import dev.commitbench.Commit;
import dev.commitbench.testing.FakeEngine;
import dev.commitbench.testing.FakeEngine.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code EngineOverheadBenchmark} is used to measure the engine's share of commitbench's own cost per run: the
 * time of {@link OptimumBenchmarkEngine#run} minus the engine process's own wall time (start to exit), with the
 * fake engine in {@code instant} mode. It covers resolving the executable, creating the run directory, starting
 * the process, pumping its output to {@code engine.log} and building the outcome; not reading, summarizing and
 * comparing the run's report, which {@code dev.commitbench.session.SessionOverheadBenchmark} adds (its
 * "own ms per run"). Target: median at most 20 ms over 200 runs (issue 2).
 *
 * <p>Run on demand (see docs/benchmarks.md, "Engine overhead"); never part of the test suite.
 */
public final class EngineOverheadBenchmark {

    private static final int WARMUP_RUNS = 20;
    private static final int RUNS = 200;

    private EngineOverheadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("commitbench-engine-overhead");
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Path config = Files.createDirectories(workspace.resolve("config"));
        Files.writeString(config.resolve("bench.yaml"), "name: bench\nbackend:\n  model: fake/model\n");
        OptimumBenchmarkEngine engine = new OptimumBenchmarkEngine(FakeEngine.command());
        Commit commit = new Commit("0123456789abcdef0123456789abcdef01234567", "main");
        Map<String, String> environment = FakeEngine.settings().mode(Mode.INSTANT).iterations(10).environment();

        double[] overhead = new double[RUNS];
        double[] process = new double[RUNS];
        for (int i = -WARMUP_RUNS; i < RUNS; i++) {
            RunRequest request = new RunRequest(commit, workspace, dir.resolve("runs/" + (i + WARMUP_RUNS)),
                    Path.of("config"), "bench", List.of("scenario.input_shapes.batch_size=1"), List.of(),
                    environment, Duration.ofMinutes(1), line -> { });
            long start = System.nanoTime();
            RunOutcome outcome = engine.run(request);
            long total = System.nanoTime() - start;
            if (!outcome.succeeded()) {
                throw new IllegalStateException("Run failed: " + outcome.message());
            }
            if (i >= 0) {
                process[i] = outcome.wallTime().toNanos() / 1e6;
                overhead[i] = total / 1e6 - process[i];
            }
        }
        System.out.printf("Engine overhead over %d runs (after %d warm-up runs), fake engine in instant mode:%n",
                RUNS, WARMUP_RUNS);
        System.out.printf("  commitbench's own cost per engine run (process start, engine.log, outcome; not reading or"
                + " summarizing the report: see SessionOverheadBenchmark):%n");
        System.out.printf("                                  median %.2f ms, p90 %.2f ms, max %.2f ms (target: median <= 20 ms)%n",
                percentile(overhead, 50), percentile(overhead, 90), percentile(overhead, 100));
        System.out.printf("  the engine process's own wall:  median %.2f ms, p90 %.2f ms%n",
                percentile(process, 50), percentile(process, 90));
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = p / 100 * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
