package dev.commitbench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code SlurmArrayBenchmark} is used to measure the Slurm executor's own latency on the test cluster of
 * {@code src/test/slurm/slurm-cluster.sh}: from just before {@code sbatch} to every task of an array of a trivial
 * command ({@code true}) seen as ended, through {@link SlurmExecutor#run}. For reference it also times
 * {@code sbatch --wait} on the same array, which polls the controller at a slower pace of its own.
 * Arguments: the number of tasks (default 4) and of repetitions (default 5). Needs {@code COMMITBENCH_SLURM}.
 *
 * <p>Run on demand (see docs/benchmarks.md, "Slurm array"); never part of the test suite.
 */
public final class SlurmArrayBenchmark {

    private SlurmArrayBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String state = System.getenv("COMMITBENCH_SLURM");
        if (state == null || state.isBlank()) {
            System.err.println("Set COMMITBENCH_SLURM to the folder of a running test cluster"
                    + " (src/test/slurm/slurm-cluster.sh start /tmp/commitbench-slurm).");
            System.exit(2);
        }
        Map<String, String> environment = Map.of("SLURM_CONF", Path.of(state, "slurm.conf").toString());
        SlurmExecutor executor = new SlurmExecutor(environment, Duration.ofSeconds(60), Duration.ofSeconds(60));
        Path dir = Files.createTempDirectory("commitbench-slurm-bench");
        double[] ours = new double[repetitions];
        double[] wait = new double[repetitions];
        for (int r = -1; r < repetitions; r++) { // one warm-up round
            Path run = dir.resolve("run-" + (r + 1));
            SlurmArray array = new SlurmArray("commitbench-bench-" + UUID.randomUUID().toString().substring(0, 8),
                    List.of("true"), tasks, List.of(), run, dir);
            SlurmResult result = executor.run(array, Duration.ofMinutes(5));
            if (!result.succeeded()) {
                throw new IllegalStateException(result.failureMessage());
            }
            double sbatchWait = sbatchWait(environment, tasks, run, dir);
            if (r >= 0) {
                ours[r] = result.wallTime().toNanos() / 1e9;
                wait[r] = sbatchWait;
            }
        }
        System.out.printf(Locale.ROOT, "array of %d tasks of 'true', %d repetitions (after one warm-up)%n", tasks,
                repetitions);
        System.out.printf(Locale.ROOT, "SlurmExecutor.run, sbatch to every task ended: median %.2f s, min %.2f s,"
                + " max %.2f s%n", median(ours), min(ours), max(ours));
        System.out.printf(Locale.ROOT, "sbatch --wait (reference):                  median %.2f s, min %.2f s,"
                + " max %.2f s%n", median(wait), min(wait), max(wait));
    }

    private static double sbatchWait(Map<String, String> environment, int tasks, Path run, Path dir)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sbatch", "--wait", "--parsable", "--array=0-" + (tasks - 1),
                "--output=" + run.resolve("wait-%a.log"), "--chdir=" + dir, "--wrap=true").redirectErrorStream(true);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("sbatch --wait failed: " + out);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
