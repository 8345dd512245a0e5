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
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * {@code SessionOverheadBenchmark} measures what commitbench costs beyond the engine processes: a plan of
 * 8 sweep points x 2 commits x 3 rounds with the fake optimum-benchmark in {@code instant} mode (it
 * writes its files and exits at once), run by the session directly and, right after it in the same
 * repeat, as a test class ({@link EightPoints}) by a JUnit Platform launcher in a launcher session, as a
 * build tool runs it. Target: the wall time is at most 1.15 x the processes' own wall time plus one
 * materialization per commit. The session's listener sums the processes' own wall times; for the class
 * they are read back from the last line of each run's {@code engine.log}
 * ({@code (commitbench: exit code 0 after 13.215 ms)}). The run-level files, which the launcher session's
 * close writes once per test run over every class, are timed apart. Not a unit test; see
 * docs/benchmarks.md for how to run it.
 */
public final class SessionOverheadBenchmark {

    private static final String ENV = "FAKE_OB_MODE=instant\nFAKE_OB_SEED=3\nFAKE_OB_ITERATIONS=10\n";

    private SessionOverheadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        // where the repository, the workspaces and every output go: the default temp dir, or e.g. /dev/shm
        Path temp = args.length > 2 ? Files.createTempDirectory(Path.of(args[2]), "session-overhead-")
                : Files.createTempDirectory("session-overhead-");
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
                .points(points).rounds(3).workspaceRoot(temp.resolve("workspaces"))
                .build();

        System.out.println("session overhead: 8 points x 2 commits x 3 rounds, fake engine in instant mode, in " + temp);
        System.out.println("repeat | session ms | engine processes ms | materialize ms | ratio (session - materialize) / engine | write run files ms | own ms per run | class ms | class's processes ms | class ratio | run end ms | class + run end ratio");
        System.out.println("(repeats w1.." + warmups + " warm the JVM up and are not counted)");
        double[] ratios = new double[repeats];
        double[] classRatios = new double[repeats];
        double[] withRunEnd = new double[repeats];
        for (int r = -warmups; r < repeats; r++) {
            String name = r < 0 ? "w" + (r + warmups + 1) : String.valueOf(r + 1);
            String dir = r < 0 ? "warmup-" + (r + warmups) : "repeat-" + r;
            long materialize = materializeOnce(repo, temp.resolve("probe-" + dir));
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
            // the session's time: start, every run, and close (the workspaces removed); its run files apart
            long start = System.nanoTime();
            long write;
            BenchmarkSession s = BenchmarkSession.start(plan.toBuilder().outputDir(temp.resolve(dir)).build(), timing);
            s.runAll();
            long w = System.nanoTime();
            s.writeRunFiles();
            write = System.nanoTime() - w;
            s.close();
            long session = System.nanoTime() - start - write;
            if (runs[0] != 48) {
                throw new IllegalStateException("expected 48 runs but ran " + runs[0]);
            }
            double ratio = (double) (session - materialize) / engineNanos[0];
            // everything but the engine processes and materializing: starting, reading, summarizing, comparing
            double ownPerRun = (session - materialize - engineNanos[0]) / 1e6 / runs[0];
            long[] asClass = runClass(repo, temp.resolve("class-" + dir));
            double classEngine = engineMillis(temp.resolve("class-" + dir).resolve("out"));
            double classRatio = (asClass[0] - materialize) / 1e6 / classEngine;
            double classAndEnd = (asClass[0] + asClass[1] - materialize) / 1e6 / classEngine;
            if (r >= 0) {
                ratios[r] = ratio;
                classRatios[r] = classRatio;
                withRunEnd[r] = classAndEnd;
            }
            System.out.printf(Locale.ROOT, "%6s | %10.0f | %19.0f | %14.0f | %38.3f | %18.0f | %14.2f | %8.0f | %19.0f | %11.3f | %12.0f | %22.3f%n",
                    name, session / 1e6, engineNanos[0] / 1e6, materialize / 1e6, ratio, write / 1e6, ownPerRun,
                    asClass[0] / 1e6, classEngine, classRatio, asClass[1] / 1e6, classAndEnd);
        }
        Arrays.sort(ratios);
        Arrays.sort(classRatios);
        Arrays.sort(withRunEnd);
        System.out.printf(Locale.ROOT, "median ratio: session %.3f, test class %.3f, test class + run end %.3f"
                + " (target <= 1.15)%n", ratios[repeats / 2], classRatios[repeats / 2], withRunEnd[repeats / 2]);
        deleteRecursively(temp);
    }

    /**
     * The wall time of {@link EightPoints} run by a JUnit Platform launcher in a launcher session, as a build
     * tool runs it (attachments go to the reporting output directory), and, second, the time the session's
     * close takes to write the run-level files over every class of the test run (once per test run).
     */
    private static long[] runClass(Path repo, Path root) {
        Map<String, String> config = Map.of(
                "commitbench.repository", repo.toString(),
                "commitbench.executable", FakeEngine.executable().toString(),
                "commitbench.configDir", "benchmark/config",
                "commitbench.configName", "bench",
                "commitbench.metrics", "prefill.latency.mean,decode.latency.mean,decode.throughput.value",
                "commitbench.outputDir", root.resolve("out").toString(),
                "commitbench.workspaceRoot", root.resolve("workspaces").toString(),
                "junit.platform.reporting.output.dir", root.resolve("junit-outputs").toString());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().configurationParameters(config)
                .selectors(DiscoverySelectors.selectClass(EightPoints.class)).build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        long classWall;
        long runEnd;
        try {
            LauncherSession session = LauncherFactory.openSession();
            long start = System.nanoTime();
            session.getLauncher().execute(request, summary);
            classWall = System.nanoTime() - start;
            long end = System.nanoTime();
            session.close();
            runEnd = System.nanoTime() - end;
        } finally {
            System.setOut(console);
        }
        if (summary.getSummary().getTestsSucceededCount() != 8) {
            throw new IllegalStateException("expected 8 passing invocations but got "
                    + summary.getSummary().getTestsSucceededCount() + ": " + summary.getSummary().getFailures());
        }
        try (Stream<Path> attached = Files.walk(root.resolve("junit-outputs"))) {
            long files = attached.filter(Files::isRegularFile).count();
            if (files != 16) {
                throw new IllegalStateException("expected 2 attachments per invocation but found " + files);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new long[] {classWall, runEnd};
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
