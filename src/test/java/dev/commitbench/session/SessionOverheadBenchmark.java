package dev.commitbench.session;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Sweep;
import dev.commitbench.engine.RunOutcome;
import dev.commitbench.git.WorkspaceOptions;
import dev.commitbench.git.Workspaces;
import dev.commitbench.testing.FakeEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code SessionOverheadBenchmark} measures what commitbench costs beyond the engine processes: a plan of
 * 8 sweep points x 2 commits x 3 rounds with the fake optimum-benchmark in {@code instant} mode (it
 * writes its files and exits at once), run by the session directly and, right after it in the same
 * repeat, as a test class ({@link EightPoints}) through the Jupiter engine. Target: the wall time is at
 * most 1.15 x the processes' own wall time plus one materialization per commit. The session's listener
 * sums the * processes' own wall times; for the class they are read back from the last line of each run's
 * {@code engine.log} ({@code (commitbench: exit code 0 after 13.215 ms)}). Not a unit test; see
 * docs/benchmarks.md for how to run it.
 */
public final class SessionOverheadBenchmark {

    private static final String ENV = "FAKE_OB_MODE=instant\nFAKE_OB_SEED=3\nFAKE_OB_ITERATIONS=10\n";

    private SessionOverheadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path temp = Files.createTempDirectory("session-overhead-");
        Path repo = SampleRepo.create(temp.resolve("repo"), SampleRepo.fakeEngineFiles(ENV),
                SampleRepo.fakeEngineFiles(ENV + "FAKE_OB_MEAN=0.03\n"));
        List<SweepPoint> points = new ArrayList<>();
        for (String model : List.of("a", "b", "c", "d")) {
            for (String batch : List.of("1", "2")) {
                points.add(new SweepPoint(Map.of("backend.model", model, "batch_size", batch)));
            }
        }
        BenchmarkPlan plan = BenchmarkPlan.builder().repository(repo).commits(List.of("main", "HEAD"))
                .executable(FakeEngine.command()).configDir("benchmark/config").configName("bench")
                .metrics(List.of("prefill.latency.mean", "decode.latency.mean", "decode.throughput.value"))
                .points(points).rounds(3).workspaceRoot(temp.resolve("workspaces")).outputDir(temp.resolve("out"))
                .build();

        System.out.println("session overhead: 8 points x 2 commits x 3 rounds, fake engine in instant mode");
        System.out.println("repeat | session ms | engine processes ms | materialize ms | ratio (session - materialize) / engine | write run files ms | own ms per run | class ms | class's processes ms | class ratio");
        double[] ratios = new double[repeats];
        double[] classRatios = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long materialize = materializeOnce(repo, temp.resolve("probe-" + r));
            long[] engineNanos = {0};
            int[] runs = {0};
            ProgressListener timing = new ProgressListener() {
                @Override
                public void runFinished(int index, int total, String point, Commit commit, int round, Duration elapsed,
                        Duration remaining, boolean succeeded) {
                    runs[0]++;
                }

                @Override
                public void engineFinished(RunOutcome outcome) {
                    engineNanos[0] += outcome.wallTime().toNanos();
                }
            };
            long start = System.nanoTime();
            long session;
            long write;
            try (BenchmarkSession s = BenchmarkSession.start(plan, timing)) {
                s.runAll();
                session = System.nanoTime() - start;
                long w = System.nanoTime();
                s.writeRunFiles();
                write = System.nanoTime() - w;
            }
            if (runs[0] != 48) {
                throw new IllegalStateException("expected 48 runs but ran " + runs[0]);
            }
            ratios[r] = (double) (session - materialize) / engineNanos[0];
            // everything but the engine processes and materializing: starting, reading, summarizing, comparing
            double ownPerRun = (session - materialize - engineNanos[0]) / 1e6 / runs[0];
            long asClass = runClass(repo, temp.resolve("class-" + r));
            double classEngine = engineMillis(temp.resolve("class-" + r).resolve("out"));
            classRatios[r] = (asClass - materialize) / 1e6 / classEngine;
            System.out.printf(Locale.ROOT, "%6d | %10.0f | %19.0f | %14.0f | %38.3f | %18.0f | %14.2f | %8.0f | %19.0f | %11.3f%n",
                    r + 1, session / 1e6, engineNanos[0] / 1e6, materialize / 1e6, ratios[r], write / 1e6, ownPerRun,
                    asClass / 1e6, classEngine, classRatios[r]);
        }
        Arrays.sort(ratios);
        Arrays.sort(classRatios);
        System.out.printf(Locale.ROOT, "median ratio: session %.3f, test class %.3f (target <= 1.15)%n",
                ratios[repeats / 2], classRatios[repeats / 2]);
        deleteRecursively(temp);
    }

    /**
     * The wall time of {@link EightPoints} through the Jupiter engine, from discovery to the run-level files
     * written at the end (the EngineTestKit has no launcher session, so its root store writes them), with
     * each invocation's files attached.
     */
    private static long runClass(Path repo, Path root) {
        Map<String, String> config = Map.of(
                "commitbench.repository", repo.toString(),
                "commitbench.executable", FakeEngine.executable().toString(),
                "commitbench.configDir", "benchmark/config",
                "commitbench.configName", "bench",
                "commitbench.metrics", "prefill.latency.mean,decode.latency.mean,decode.throughput.value",
                "commitbench.outputDir", root.resolve("out").toString(),
                "commitbench.workspaceRoot", root.resolve("workspaces").toString());
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        long start = System.nanoTime();
        EngineExecutionResults results;
        try {
            results = EngineTestKit.engine("junit-jupiter").configurationParameters(config)
                    .outputDirectoryCreator(attachments(root.resolve("junit-outputs")))
                    .selectors(DiscoverySelectors.selectClass(EightPoints.class)).execute();
        } finally {
            System.setOut(console);
        }
        long wall = System.nanoTime() - start;
        long succeeded = results.testEvents().succeeded().count();
        if (succeeded != 8) {
            throw new IllegalStateException("expected 8 passing invocations but got " + succeeded + ": "
                    + results.testEvents().failed().list());
        }
        return wall;
    }

    /** Where the invocations' attachments go, one folder per test, as a build tool's launcher puts them. */
    private static OutputDirectoryCreator attachments(Path root) {
        return new OutputDirectoryCreator() {
            @Override
            public Path getRootDirectory() {
                return root;
            }

            @Override
            public Path createOutputDirectory(TestDescriptor descriptor) throws IOException {
                return Files.createDirectories(root.resolve(Integer.toHexString(descriptor.getUniqueId().hashCode())));
            }
        };
    }

    /** The sum of the processes' own wall times that the 48 runs' {@code engine.log} files end with. */
    private static double engineMillis(Path output) throws IOException {
        Pattern footer = Pattern.compile("\\(commitbench: exit code 0 after (\\d+\\.\\d+) ms\\)");
        double sum = 0;
        int logs = 0;
        try (Stream<Path> files = Files.walk(output)) {
            for (Path log : files.filter(p -> p.getFileName().toString().equals("engine.log")).toList()) {
                List<String> lines = Files.readAllLines(log);
                Matcher last = footer.matcher(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
                if (!last.matches()) {
                    throw new IllegalStateException(log + " does not end with the process's wall time: " + lines);
                }
                sum += Double.parseDouble(last.group(1));
                logs++;
            }
        }
        if (logs != 48) {
            throw new IllegalStateException("expected 48 engine logs under " + output + " but found " + logs);
        }
        return sum;
    }

    /** The benchmark's plan as a test class: 8 points x 2 commits x 3 rounds; the rest comes from configuration parameters. */
    static class EightPoints {
        @BenchmarkAcrossCommits(commits = { "main", "HEAD" }, rounds = 3)
        @Sweep(key = "backend.model", values = { "a", "b", "c", "d" })
        @Sweep(key = "batch_size", values = { "1", "2" })
        void decoding(CombinedReport report) {
            if (report.commits().size() != 2) {
                throw new IllegalStateException("expected 2 commits in " + report);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The time to materialize both commits once (what the session does once per commit). */
    private static long materializeOnce(Path repo, Path root) {
        long start = System.nanoTime();
        try (Workspaces workspaces = Workspaces.open(repo, new WorkspaceOptions(null, root, null, false, null, Map.of()))) {
            workspaces.materialize(new Commit(SampleRepo.sha(repo, "main"), "main"));
            workspaces.materialize(new Commit(SampleRepo.sha(repo, "HEAD"), "HEAD"));
        }
        return System.nanoTime() - start;
    }
}
