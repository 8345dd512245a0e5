package dev.commitbench.cli;

import dev.commitbench.testing.BisectHistory;
import dev.commitbench.testing.FakeEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code BisectDevicesBenchmark} is used to measure what {@code commitbench bisect --devices} gains in wall-clock time:
 * the end-to-end history (33 commits, those from 21 on 10% slower, t = 5%) with the fake optimum-benchmark sleeping
 * 1 s in every run (its metric's noise, CV 3% per iteration and 1% per process, does not depend on how many runs go
 * on at once), on one device ({@code --devices 0}), on two and on four ({@code --devices 0,1,2,3}; a stub
 * {@code nvidia-smi} lists four GPUs). It prints, per device count, the wall time, the engine runs, the culprit and
 * whether it is the step.
 *
 * <p>A command engine whose command sleeps is not used: its metric is the command's wall time, and on a small shared
 * CPU machine four processes at once disturb each other's timings far more than GPUs of one node do.
 *
 * <p>Run on demand (docs/benchmarks.md, "Bisection on several devices"); never part of the test suite:
 * <pre>{@code ./mvnw -q -Dexamples.skip test-compile exec:exec -Dbench=dev.commitbench.cli.BisectDevicesBenchmark}</pre>
 * Its arguments are the number of bisections per device count (default 1) and the {@code --devices} values to try,
 * separated by {@code ;} (default {@code 0;0,1;0,1,2,3}), e.g. {@code -Dbench="dev.commitbench.cli.BisectDevicesBenchmark 3"}.
 */
public final class BisectDevicesBenchmark {

    private static final int COMMITS = 33;
    private static final int STEP = 21;

    private BisectDevicesBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int repeats = args.length > 0 ? Integer.parseInt(args[0].trim()) : 1;
        Path temp = Files.createTempDirectory("commitbench-bisect-devices-benchmark");
        try {
            BisectHistory history = BisectHistory.create(temp.resolve("repo"), COMMITS,
                    i -> BisectHistory.fakeSettings(i >= STEP ? 0.011 : 0.010, 100 + i));
            Path bin = Files.createDirectories(temp.resolve("bin"));
            Path smi = bin.resolve("nvidia-smi");
            Files.writeString(smi, "#!/bin/sh\n/bin/cat <<'EOF'\n" + IntStream.range(0, 4).mapToObj(i -> i + ", GPU-" + i
                    + "0000000-0000-0000-0000-000000000000, bench, 1, 1 MiB").collect(Collectors.joining("\n"))
                    + "\nEOF\n");
            smi.toFile().setExecutable(true);
            Map<String, String> environment = Map.of("PATH", bin + ":" + System.getenv("PATH"));
            System.out.printf(Locale.ROOT, "%d commits, a 10%% step at commit %d, t = 5%%, the fake optimum-benchmark"
                    + " sleeping 1 s per run%n%n", COMMITS, STEP);
            System.out.println("| devices | wall time | engine runs | culprit | exact |");
            System.out.println("| ---: | ---: | ---: | --- | --- |");
            List<String> counts = args.length > 1 ? List.of(args[1].split(";")) : List.of("0", "0,1", "0,1,2,3");
            for (String devices : counts) {
                for (int r = 0; r < repeats; r++) {
                    bisect(history, environment, temp.resolve("counter"), devices);
                }
            }
        } finally {
            if (System.getenv("KEEP_BENCHMARK") == null) {
                deleteTree(temp);
            }
        }
    }

    private static void bisect(BisectHistory history, Map<String, String> environment, Path counter, String devices)
            throws IOException {
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = new CommitbenchCommand(new PrintWriter(new StringWriter()), new PrintWriter(err),
                history.repository(), environment).run("bisect", "--good", history.sha(0), "--bad", "main", "--metric",
                "decode.latency.mean", "--threshold", "5", "--config-dir", "benchmark/config", "--config-name", "tiny",
                "--executable", FakeEngine.executable().toString(), "--env", "FAKE_OB_COUNTER_FILE=" + counter,
                "--env", "FAKE_OB_SLEEP=1", "--report", "none", "--devices", devices);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code == 2 || code == 3) {
            throw new IllegalStateException("the bisection failed: " + err);
        }
        Path run;
        try (Stream<Path> folders = Files.list(history.repository().resolve("_benchmark"))) {
            run = folders.filter(Files::isDirectory).max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow();
        }
        JsonNode result = JsonMapper.builder().build().readTree(run.resolve("bisect.json").toFile());
        String culprit = result.get("culprit").isNull() ? "none" : result.get("culprit").asString();
        int index = history.shas().indexOf(culprit);
        System.out.printf(Locale.ROOT, "| %d | %.1f s | %d | %s | %s |%n", devices.split(",").length, seconds,
                result.get("engineRuns").asInt(), index >= 0 ? "commit " + index : culprit,
                index == STEP ? "yes" : "no");
        if (index == STEP) {
            deleteTree(run);
        } else {
            System.out.println("  (kept: " + run + ")");
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
