package dev.commitbench.session;

import dev.commitbench.Commit;
import dev.commitbench.engine.RunOutcome;
import dev.commitbench.git.WorkspaceOptions;
import dev.commitbench.git.Workspaces;
import dev.commitbench.testing.FakeEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code SessionOverheadBenchmark} measures what the session costs beyond the engine processes: a plan of
 * 8 sweep points x 2 commits x 3 rounds with the fake optimum-benchmark in {@code instant} mode (it
 * writes its files and exits at once). Target: the session's wall time is at most 1.15 x the processes'
 * own wall time plus one materialization per commit. Not a unit test; see docs/benchmarks.md for how to
 * run it.
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
        System.out.println("repeat | session ms | engine processes ms | materialize ms | ratio (session - materialize) / engine | write run files ms | own ms per run");
        double[] ratios = new double[repeats];
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
            System.out.printf(Locale.ROOT, "%6d | %10.0f | %19.0f | %14.0f | %38.3f | %18.0f | %14.2f%n", r + 1,
                    session / 1e6, engineNanos[0] / 1e6, materialize / 1e6, ratios[r], write / 1e6, ownPerRun);
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "median ratio %.3f (target <= 1.15)%n", ratios[repeats / 2]);
        deleteRecursively(temp);
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
