package dev.commitbench.cli;

import dev.commitbench.testing.RealEngine;
import dev.commitbench.testing.RealEngineRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code RealEngineGateBenchmark} is used to judge the gate at its defaults on the real optimum-benchmark (CPU, the
 * tiny GPT-2 of {@link RealEngineRepository}): trials of the command line with nothing but the engine's own settings,
 * no rounds, threshold or policy flags. A trial of {@code base,slower} (64 new tokens instead of 16, about 4 times
 * the decode time) must fail the gate (exit 1); a trial of {@code base,readme} (a README change only, an A/A
 * comparison) must never fail it. Per trial it prints the exit code, the gate and verdict of
 * {@code decode.latency.mean} with its interval, the rounds each commit ran, the round-to-round coefficient of
 * variation of each commit, and the mean within-process coefficient of variation of the decode iterations.
 *
 * <p>Arguments: the number of {@code base,slower} trials (default 3), then of A/A trials (default 5). Needs the
 * real engine ({@code ../shared/tools/install-optimum-benchmark ~/.cache/commitbench/optimum-benchmark-venv}) and
 * the shared fixtures ({@code ../shared/fixtures}, or the system property {@code commitbench.fixtures}).
 */
public final class RealEngineGateBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String METRIC = "decode.latency.mean";

    private RealEngineGateBenchmark() {
    }

    /**
     * Runs the trials and prints one line per trial, then the totals.
     *
     * @param args the number of slower trials and of A/A trials
     * @throws IOException when the repository or a run folder cannot be read
     */
    public static void main(String[] args) throws IOException {
        int slowerTrials = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int sameTrials = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (System.getProperty("commitbench.fixtures") == null) {
            System.setProperty("commitbench.fixtures", Path.of("../shared/fixtures").toAbsolutePath().normalize().toString());
        }
        RealEngine.missing().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        Path temp = Files.createTempDirectory("commitbench-gate-trials");
        Path repository = RealEngineRepository.create(temp.resolve("repo"));
        System.out.println("real optimum-benchmark " + RealEngine.executable() + ", repository " + repository);
        List<String> failedSlower = new ArrayList<>();
        List<String> failedSame = new ArrayList<>();
        for (int trial = 1; trial <= slowerTrials; trial++) {
            Trial result = trial(repository, "base,slower", "4x tokens #" + trial);
            if (result.code != 1) {
                failedSlower.add(result.name);
            }
        }
        for (int trial = 1; trial <= sameTrials; trial++) {
            Trial result = trial(repository, "base,readme", "A/A #" + trial);
            if (result.code == 1) {
                failedSame.add(result.name);
            }
        }
        System.out.printf(Locale.ROOT, "4x tokens: %d of %d trials failed the gate%s; A/A: %d of %d trials failed it%s%n",
                slowerTrials - failedSlower.size(), slowerTrials,
                failedSlower.isEmpty() ? "" : " (missed: " + failedSlower + ")", failedSame.size(), sameTrials,
                failedSame.isEmpty() ? "" : " (" + failedSame + ")");
    }

    private record Trial(String name, int code) {
    }

    private static Trial trial(Path repository, String commits, String name) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = new CommitbenchCommand(new PrintWriter(out), new PrintWriter(err), repository, Map.of()).run(
                "--config-dir", "benchmark/config", "--config-name", "generation",
                "--executable", RealEngine.executable().toString(),
                "--env", "HF_HUB_OFFLINE=1", "--env", "OMP_NUM_THREADS=1",
                "--metrics", METRIC, "--commit", commits);
        double seconds = (System.nanoTime() - start) / 1e9;
        Path run = newestRunFolder(repository);
        JsonNode comparison = null;
        for (JsonNode c : JSON.readTree(run.resolve("commitbench.json").toFile()).path("comparisons")) {
            if (c.path("metric").asString().equals(METRIC)) {
                comparison = c;
            }
        }
        if (comparison == null) {
            System.out.printf(Locale.ROOT, "%-13s exit %d, no comparison (%.0f s): %s%n", name, code, seconds, err);
            return new Trial(name, code);
        }
        System.out.printf(Locale.ROOT, "%-13s exit %d, gate %-12s verdict %-12s %+.1f%% [%+.1f%%, %+.1f%%], rounds %d/%d,"
                        + " round CV %.1f%%/%.1f%%, iteration CV %.1f%%, %.0f s%n", name, code,
                comparison.path("gate").asString(), comparison.path("verdict").asString(),
                comparison.path("changePercent").asDouble(), comparison.path("lowerPercent").asDouble(),
                comparison.path("upperPercent").asDouble(), comparison.path("baselineRounds").asInt(),
                comparison.path("candidateRounds").asInt(), 100 * comparison.path("baselineCv").asDouble(),
                100 * comparison.path("candidateCv").asDouble(), 100 * iterationCv(run), seconds);
        return new Trial(name, code);
    }

    /** The mean, over every engine run of the folder, of the coefficient of variation of its decode iterations. */
    private static double iterationCv(Path run) throws IOException {
        List<Double> cvs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(run)) {
            for (Path report : files.filter(p -> p.getFileName().toString().equals("benchmark_report.json")).toList()) {
                JsonNode values = JSON.readTree(report.toFile()).path("decode").path("latency").path("values");
                double sum = 0;
                double squares = 0;
                int n = values.size();
                for (JsonNode v : values) {
                    sum += v.asDouble();
                }
                double mean = sum / n;
                for (JsonNode v : values) {
                    squares += (v.asDouble() - mean) * (v.asDouble() - mean);
                }
                if (n > 1) {
                    cvs.add(Math.sqrt(squares / (n - 1)) / mean);
                }
            }
        }
        return cvs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static Path newestRunFolder(Path repository) throws IOException {
        try (Stream<Path> folders = Files.list(repository.resolve("_benchmark"))) {
            return folders.filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
        }
    }
}
