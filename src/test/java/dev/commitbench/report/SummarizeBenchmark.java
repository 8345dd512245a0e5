package dev.commitbench.report;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code SummarizeBenchmark} is used to time summarizing and combining 10,000 run directories (target: at
 * most 2 s): find, read, summarize, combine, and write every run's {@code summary.json} plus
 * {@code summaries.json} and the combined {@code summary.json}. Not a unit test; run it on demand as
 * {@code docs/benchmarks.md} says. Arguments: {@code [runs] [repetitions] [parent directory]} (default 10000, 5 and the system's temp directory).
 */
public final class SummarizeBenchmark {

    private static final Pattern COMMIT = Pattern.compile("commit=([0-9a-f]{40})");
    private static final Pattern ROUND = Pattern.compile("round=(\\d+)");
    private static final List<String> METRICS = List.of("prefill.latency.mean", "prefill.throughput.value",
            "decode.latency.mean", "decode.throughput.value", "per_token.latency.mean", "load_model.memory.max_ram");

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private SummarizeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path root = args.length > 2 ? Files.createTempDirectory(Path.of(args[2]), "commitbench-summarize-benchmark")
                : Files.createTempDirectory("commitbench-summarize-benchmark");
        try {
            List<Commit> commits = List.of(new Commit("bfc25d552b7c5816ec112e89016fa3efaaff5818", "main"),
                    new Commit("a7c66fede307877fefdcbf8fffb30157c539c5ee", "HEAD"));
            long bytes = generate(root, commits, runs);
            System.out.printf("generated %d run directories under %s, %.1f KB of benchmark_report.json each%n", runs,
                    root, bytes / 1024.0 / runs);
            long[] millis = new long[repetitions];
            for (int i = 0; i < repetitions; i++) {
                long cpuStart = PROCESS.getProcessCpuTime();
                long start = System.nanoTime();
                List<Summary> summaries = summarizeAndCombine(root, commits);
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                long cpu = (PROCESS.getProcessCpuTime() - cpuStart) / 1_000_000;
                System.out.printf("repetition %d: %d ms wall, %d ms CPU of the process (all threads), %d summaries%n",
                        i + 1, millis[i], cpu, summaries.size());
            }
            Arrays.sort(millis);
            System.out.printf("median wall: %d ms for %d runs (target: at most 2000 ms for 10000)%n", millis[repetitions / 2],
                    runs);
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * What the session does after the engine runs, as timed against the target: find, read, summarize and
     * write each run's {@code summary.json} (as the session does, right after reading the run), combine,
     * and write {@code summaries.json} and the combined {@code summary.json}. Returns the summaries.
     */
    static List<Summary> summarizeAndCombine(Path root, List<Commit> commits) {
        long start = CPU.getCurrentThreadCpuTime();
        List<Path> dirs = RunDirectories.find(root);
        long found = CPU.getCurrentThreadCpuTime();
        // read and summarize each run at once (in parallel), so that no report's JSON tree outlives it
        List<Summary> summaries = dirs.parallelStream().map(dir -> {
            Matcher commit = COMMIT.matcher(dir.toString());
            Matcher round = ROUND.matcher(dir.toString());
            if (!commit.find() || !round.find()) {
                throw new IllegalStateException("not a generated run directory: " + dir);
            }
            Summary summary = Summarizer.summarize(RunReader.read(dir), commit.group(1), METRICS,
                    Integer.parseInt(round.group(1)));
            SummaryFiles.writeRunSummary(summary, dir, false);
            return summary;
        }).toList();
        long summarized = CPU.getCurrentThreadCpuTime();
        CombinedReport report = CombinedReports.from(commits, summaries, 5.0);
        long combined = CPU.getCurrentThreadCpuTime();
        SummaryFiles.writeSummaries(summaries, root, false);
        SummaryFiles.writeCombined(summaries, root, false);
        long written = CPU.getCurrentThreadCpuTime();
        System.out.printf("  CPU of the main thread (reading runs in parallel): find %d ms, read + summarize + write"
                + " each run's summary.json %d ms,"
                + " combine %d ms (%d cells), write summaries.json + summary.json %d ms%n", (found - start) / 1_000_000,
                (summarized - found) / 1_000_000, (combined - summarized) / 1_000_000,
                report.models().stream().mapToInt(m -> report.configs(m).size()).sum(), (written - combined) / 1_000_000);
        return summaries;
    }

    private static long generate(Path root, List<Commit> commits, int runs) {
        Random random = new Random(42);
        int rounds = 5;
        int points = Math.max(1, runs / (commits.size() * rounds));
        long bytes = 0;
        for (Commit commit : commits) {
            for (int round = 1; round <= rounds; round++) {
                for (int point = 0; point < points; point++) {
                    String label = "scenario.input_shapes.batch_size=" + (point % 8 + 1)
                            + ",scenario.input_shapes.sequence_length=" + (point / 8 * 16 + 16);
                    Path dir = root.resolve("commit=" + commit.sha()).resolve("round=" + round).resolve(label);
                    String report = report(random);
                    bytes += report.length();
                    write(dir.resolve("benchmark_report.json"), report);
                    write(dir.resolve(".hydra/overrides.yaml"), Arrays.stream(label.split(","))
                            .map(o -> "- " + o + "\n").collect(Collectors.joining()));
                }
            }
        }
        return bytes;
    }

    /** A report in optimum-benchmark 0.7's shape, about 10 KB (the 0.7 CPU run's report is 6.8 KB). */
    private static String report(Random random) {
        return "{\n" + Stream.of("load_model", "first_generate", "generate", "prefill", "decode", "per_token")
                .map(section -> "    \"" + section + "\": {\n"
                        + "        \"memory\": {\"unit\": \"MB\", \"max_ram\": " + PythonJson.dump(500 + random.nextDouble() * 100)
                        + ", \"max_global_vram\": null, \"max_process_vram\": null, \"max_reserved\": null,"
                        + " \"max_allocated\": null},\n"
                        + "        \"latency\": " + latency(random, section.equals("per_token") ? 300 : 12) + ",\n"
                        + "        \"throughput\": " + (section.equals("per_token") ? "null"
                                : "{\"unit\": \"tokens/s\", \"value\": " + PythonJson.dump(random.nextDouble() * 400) + "}")
                        + ",\n        \"energy\": null,\n        \"efficiency\": null\n    }")
                .collect(Collectors.joining(",\n")) + "\n}";
    }

    private static String latency(Random random, int count) {
        List<Double> values = IntStream.range(0, count).mapToObj(i -> 0.01 + random.nextGaussian() * 0.001).toList();
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return "{\"unit\": \"s\", \"values\": [" + values.stream().map(PythonJson::dump).collect(Collectors.joining(", "))
                + "], \"count\": " + count + ", \"total\": " + PythonJson.dump(mean * count) + ", \"mean\": "
                + PythonJson.dump(mean) + ", \"p50\": " + PythonJson.dump(values.get(count / 2)) + ", \"stdev\": 0.001}";
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
