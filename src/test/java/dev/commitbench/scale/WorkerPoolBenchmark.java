package dev.commitbench.scale;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * {@code WorkerPoolBenchmark} is used to measure what one worker per device buys: 8 units, each a process that
 * sleeps about 1 s with its device's pinning in its environment, on 4 devices against the default device alone
 * (sequential). The devices are named, not real ({@code nvidia-smi}'s format read from a fixed text), since the
 * pool's share of the time does not depend on them. Target of the full path (issue "scale out"): 4 devices at most
 * 0.3x of one.
 *
 * <p>Run on demand (see docs/benchmarks.md, "Worker pool"); never part of the test suite.
 */
public final class WorkerPoolBenchmark {

    private WorkerPoolBenchmark() {
    }

    public static void main(String[] args) {
        List<Device> four = DeviceDiscovery.parseNvidiaSmi("""
                0, GPU-00000000-0000-0000-0000-000000000000, bench, 1, 1 MiB
                1, GPU-11111111-1111-1111-1111-111111111111, bench, 1, 1 MiB
                2, GPU-22222222-2222-2222-2222-222222222222, bench, 1, 1 MiB
                3, GPU-33333333-3333-3333-3333-333333333333, bench, 1, 1 MiB
                """);
        List<Integer> units = IntStream.range(0, 8).boxed().toList();
        double sequential = time(new WorkerPool(List.of()), units);
        double parallel = time(new WorkerPool(four), units);
        System.out.printf(Locale.ROOT, "8 units of 'sleep 1': default device %.2f s, 4 devices %.2f s = %.3fx%n",
                sequential, parallel, parallel / sequential);
    }

    private static double time(WorkerPool pool, List<Integer> units) {
        long start = System.nanoTime();
        List<UnitResult<Integer, Integer>> results = pool.run(units, (unit, pinning) -> sleep(pinning));
        double seconds = (System.nanoTime() - start) / 1e9;
        results.stream().filter(result -> !result.succeeded()).findFirst().ifPresent(result -> {
            throw new IllegalStateException("unit " + result.index() + " failed", result.failure());
        });
        return seconds;
    }

    private static int sleep(Pinning pinning) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sleep", "1").inheritIO();
        builder.environment().putAll(pinning.environment());
        Process process = builder.start();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("sleep 1 did not end");
        }
        return process.exitValue();
    }
}
