package dev.commitbench.cli;

import dev.commitbench.Commit;
import dev.commitbench.Summary;
import dev.commitbench.scale.MachineFingerprint;
import dev.commitbench.scale.Pinning;
import dev.commitbench.session.ShardMerge;
import dev.commitbench.session.ShardPlan;
import dev.commitbench.session.ShardResult;
import dev.commitbench.testing.FakeEngine;
import dev.commitbench.testing.GitCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code ScaleOutBenchmark} is used to measure the scale-out paths end to end, through the command line:
 * <ol>
 *   <li>{@code --devices}: 8 points x 2 commits x 1 round of the fake optimum-benchmark sleeping 1 s per run, on one
 *       device ({@code --devices 0}) and on four ({@code --devices 0,1,2,3}; a stub {@code nvidia-smi} lists four
 *       GPUs, each run gets {@code backend.device_ids=<id>}), after a warm-up run of one point. The sleep is set in the
 *       repository's {@code fake-engine.env}, which the fake reads in the commit's workspace. Target: four devices at
 *       most 0.3x of one.</li>
 *   <li>{@code merge}: 1,000 shards of one point each (2 commits x 3 rounds, 10 samples per run, a
 *       {@code summary.json} per run), merged into one run folder with every report written, in a JVM of its own
 *       started for the merge as {@code commitbench merge} starts one (nothing read or compiled before, the quick
 *       compiler only: {@code MergeLauncher}). Target: at most 2 s. {@code -Dmerge.again=N} merges N more times in
 *       that JVM and prints each: the cost once the JIT has compiled the merge's code. {@code -Dmerge.jvmOptions="..."}
 *       starts that JVM with these options instead ({@code -XX:+TieredCompilation}: the JVM's defaults). Then the whole
 *       {@code commitbench merge} command of the same shards as a user types it (with those options, when given),
 *       timed from its start to its exit: the JVM it starts, the merge's JVM, the exit.</li>
 * </ol>
 * The Slurm path (submission to merged report) is timed by {@code SlurmExecutorCommandTests}, which prints it.
 *
 * <p>Run on demand (docs/benchmarks.md, "Scale out"); never part of the test suite:
 * <pre>{@code ./mvnw -q -Dexamples.skip test-compile exec:exec -Dbench=dev.commitbench.cli.ScaleOutBenchmark}</pre>
 * Its arguments choose the parts to run ({@code devices}, {@code merge}; both when none), e.g.
 * {@code -Dbench="dev.commitbench.cli.ScaleOutBenchmark merge"}. {@code -Dkeep=true} keeps its temporary folder and
 * prints where it is.
 */
public final class ScaleOutBenchmark {

    private ScaleOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("merge-only")) {
            mergeOnly(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
            return;
        }
        Path temp = Files.createTempDirectory("commitbench-scale-out-benchmark");
        try {
            List<String> parts = args.length == 0 ? List.of("devices", "merge") : List.of(args);
            if (parts.contains("devices")) {
                devices(temp.resolve("devices"));
            }
            if (parts.contains("merge")) {
                merge(temp.resolve("merge"), 1000);
            }
        } finally {
            if (Boolean.getBoolean("keep")) {
                System.out.println("kept (-Dkeep=true): " + temp);
            } else {
                try (Stream<Path> all = Files.walk(temp)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void devices(Path dir) throws IOException {
        // the fake reads FAKE_OB_SLEEP from its workspace's fake-engine.env: the command's environment map is what
        // commitbench reads (PATH for nvidia-smi), not what the engine process gets
        Path repository = repository(dir.resolve("repo"), "FAKE_OB_SLEEP=1\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\n/bin/cat <<'EOF'\n" + IntStream.range(0, 4).mapToObj(i -> i + ", GPU-" + i
                + "0000000-0000-0000-0000-000000000000, bench, 1, 1 MiB").collect(Collectors.joining("\n")) + "\nEOF\n");
        smi.toFile().setExecutable(true);
        Map<String, String> environment = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        // a warm-up run of one point, so that neither timed run pays for the JVM's class loading and JIT alone
        time(repository, environment, "0,1", "m1");
        double one = time(repository, environment, "0", MODELS);
        double four = time(repository, environment, "0,1,2,3", MODELS);
        if (one < 16) {
            throw new IllegalStateException("one device took " + one + " s for 16 runs of a fake engine that sleeps"
                    + " 1 s per run: the sleep was not applied, so the benchmark would not measure what it says");
        }
        System.out.printf(Locale.ROOT, "--devices: 8 points x 2 commits x 1 round of a 1 s run: one device %.2f s,"
                + " four devices %.2f s = %.3fx (target <= 0.3x; load average %.1f)%n", one, four, four / one,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static final String MODELS = "m1,m2,m3,m4,m5,m6,m7,m8";

    private static double time(Path repository, Map<String, String> environment, String devices, String models) {
        StringWriter err = new StringWriter();
        double[] cpu = cpuSeconds();
        long start = System.nanoTime();
        int code = new CommitbenchCommand(new PrintWriter(new StringWriter()), new PrintWriter(err), repository,
                environment).run("--config-dir", "benchmark/config", "--config-name", "tiny", "--executable",
                FakeEngine.executable().toString(), "--metrics", "decode.latency.mean", "--commit", "HEAD~1,HEAD",
                "--rounds", "1", "--max-rounds", "1", "--report", "none", "--devices", devices,
                "backend.model=" + models);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] cpuAfter = cpuSeconds();
        if (code == 3 || code == 2) {
            throw new IllegalStateException("the run failed: " + err);
        }
        System.out.printf(Locale.ROOT, "  --devices %s, points %s: %.2f s wall, CPU %.2f s in this JVM and %.2f s in the"
                + " engine processes%n", devices, models, seconds, cpuAfter[0] - cpu[0], cpuAfter[1] - cpu[1]);
        return seconds;
    }

    /** This JVM's CPU seconds and its ended children's (the engine processes), from /proc/self/stat; 0 elsewhere. */
    private static double[] cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command's name: state is field 3 of stat(5), so utime (14) is fields[11]
            double tick = 100.0;
            return new double[] {(Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / tick,
                    (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / tick};
        } catch (IOException | RuntimeException e) {
            return new double[] {0, 0};
        }
    }

    private static void merge(Path dir, int shards) throws IOException, InterruptedException {
        Path repository = repository(dir.resolve("repo"), "");
        Path planDir = dir.resolve("plan");
        StringWriter err = new StringWriter();
        int code = new CommitbenchCommand(new PrintWriter(new StringWriter()), new PrintWriter(err), repository,
                Map.of()).run("plan", "--shards", Integer.toString(shards), "--out", planDir.toString(),
                "--config-dir", "benchmark/config", "--config-name", "tiny", "--metrics", "decode.latency.mean",
                "--commit", "HEAD~1,HEAD", "backend.model=" + IntStream.range(0, shards).mapToObj(i -> "m" + i)
                        .collect(Collectors.joining(",")));
        if (code != 0) {
            throw new IllegalStateException(err.toString());
        }
        ShardPlan plan = ShardPlan.read(planDir.resolve("plan.json"));
        MachineFingerprint machine = MachineFingerprint.of(Pinning.none());
        List<Path> folders = new ArrayList<>();
        java.util.Random random = new java.util.Random(1);
        for (int shard = 0; shard < shards; shard++) {
            Path folder = dir.resolve("shards/shard-" + shard);
            String model = "m" + shard;
            List<Summary> summaries = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                for (Commit commit : plan.commits()) {
                    Path runDir = folder.resolve((round == 1 ? "" : "round-" + round + "/") + "commit=" + commit.sha()
                            + "/backend.model=" + model);
                    Files.createDirectories(runDir);
                    List<Double> samples = IntStream.range(0, 10).mapToObj(i -> 0.01 + random.nextGaussian() * 1e-4)
                            .toList();
                    double mean = samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    Map<String, Object> metrics = new LinkedHashMap<>();
                    metrics.put("decode.latency.mean", mean);
                    Summary summary = new Summary(model, commit.sha(), "tiny", metrics,
                            Map.of("decode.latency.mean", samples), Map.of("decode.latency.mean", "s"), round,
                            runDir.toString());
                    Files.writeString(runDir.resolve("summary.json"), "{}");
                    summaries.add(summary);
                }
            }
            new ShardResult(plan.id(), shard, List.of(new ShardResult.PointResult(shard, "backend.model=" + model,
                    machine, summaries, List.of())), null, null).write(folder);
            folders.add(folder);
        }
        // The merge runs in a JVM of its own, as `commitbench merge` does: one that has read nothing and compiled
        // nothing yet (this one has just written the shards).
        Path folderList = Files.write(dir.resolve("shard-folders.txt"), folders.stream().map(Path::toString).toList());
        // By default the options commitbench merge starts its merge's JVM with (MergeLauncher); -Dmerge.jvmOptions
        // gives others, to both JVMs (-XX:+TieredCompilation: the JVM's defaults, in the command's own JVM).
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        String given = System.getProperty("merge.jvmOptions");
        List<String> options = given == null ? List.of() : given.isBlank() ? List.of()
                : List.of(given.strip().split("\\s+"));
        List<String> command = new ArrayList<>(List.of(javaCommand));
        command.addAll(given == null ? List.of(MergeLauncher.QUICK_COMPILER) : options);
        System.out.println("the merge's JVM options" + (given == null ? " (those commitbench merge gives it): "
                : " (-Dmerge.jvmOptions): ") + String.join(" ", command.subList(1, command.size())));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScaleOutBenchmark.class.getName(), "merge-only",
                planDir.resolve("plan.json").toString(), folderList.toString(), dir.resolve("merged").toString(),
                Integer.toString(Integer.getInteger("merge.again", 0))));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (child.waitFor() != 0) {
            throw new IllegalStateException("the merge's JVM failed:\n" + printed);
        }
        System.out.print(printed.lines().filter(line -> !line.startsWith("SLF4J")).map(line -> line + "\n")
                .collect(Collectors.joining()));
        // The whole command as a user types it, in a JVM of its own: JVM start, the command line, the plan, the merge,
        // the exit. What a user waits for, beside the merge's own time above.
        List<String> whole = new ArrayList<>(List.of(javaCommand));
        whole.addAll(options);
        whole.addAll(List.of("-cp", System.getProperty("java.class.path"), CommitbenchCommand.class.getName(), "merge", "--plan", planDir.resolve("plan.json").toString(),
                "--out", dir.resolve("merged-by-command").toString()));
        whole.addAll(folders.stream().map(Path::toString).toList());
        long commandStart = System.nanoTime();
        Process merge = new ProcessBuilder(whole).redirectErrorStream(true).start();
        String said = new String(merge.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = merge.waitFor();
        double commandSeconds = (System.nanoTime() - commandStart) / 1e9;
        if (exit == 2 || exit == 3) {
            throw new IllegalStateException("commitbench merge exited " + exit + ":\n" + said);
        }
        System.out.printf(Locale.ROOT, "  the whole command (commitbench merge of the 1,000 shards, as a user types it%s,"
                + " from its start to its exit): %.2f s, exit code %d%n", options.isEmpty() ? ""
                : " with " + String.join(" ", options), commandSeconds, exit);
        System.out.println("  merged files (SHA-256, with the temporary folder's path, the plan's id and the SHAs replaced), to compare before and"
                + " after a change:");
        for (String name : List.of("summaries.json", "summary.json", "commitbench.json", "report.md", "report.html")) {
            Path file = dir.resolve("merged").resolve(name);
            String text = stable(Files.readString(file), dir, plan);
            System.out.printf(Locale.ROOT, "    %s %s (%d bytes)%n", sha256(text), name, Files.size(file));
        }
        try (Stream<Path> files = Files.walk(dir.resolve("merged"))) {
            List<String> tree = files.map(f -> dir.resolve("merged").relativize(f) + (Files.isDirectory(f) ? "/" : ""))
                    .sorted().toList();
            System.out.printf(Locale.ROOT, "    %d paths in the merged folder%n", tree.size());
        }
    }

    /**
     * The merge alone, in a fresh JVM: reads the plan, merges the shards listed in a file (one folder per line) and
     * prints the time of {@link ShardMerge#merge}, the first merge of the JVM, then of {@code again} more merges.
     */
    private static void mergeOnly(Path planFile, Path folderList, Path merged, int again) throws IOException {
        ShardPlan plan = ShardPlan.read(planFile);
        List<Path> folders = Files.readAllLines(folderList).stream().map(Path::of).toList();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        ShardMerge.Merged result = ShardMerge.merge(plan, "plan.json", folders, merged);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
        System.out.printf(Locale.ROOT, "merge: %d shards (%d runs, %d comparisons) into one run folder with every"
                + " report, in a fresh JVM: %.2f s (target <= 2 s; %.2f s of CPU, load average %.1f on %d cores)%n",
                folders.size(), result.summaries().size(), result.report().comparisons().size(), seconds, cpuSeconds,
                os.getSystemLoadAverage(), os.getAvailableProcessors());
        // The same merge again in this JVM, its code compiled by then: what the merge costs once the JIT is warm.
        for (int n = 1; n <= again; n++) {
            long t0 = System.nanoTime();
            ShardMerge.merge(plan, "plan.json", folders, merged.resolveSibling("merged-again-" + n));
            System.out.printf(Locale.ROOT, "  merged again (%d): %.2f s (load average %.1f)%n", n,
                    (System.nanoTime() - t0) / 1e9, os.getSystemLoadAverage());
        }
    }

    /** {@code text} without what changes from one run of the benchmark to the next: the folder, plan id and SHAs. */
    private static String stable(String text, Path dir, ShardPlan plan) {
        String stable = text.replace(dir.toString(), "<dir>").replace(plan.id(), "<plan>");
        for (int c = 0; c < plan.commits().size(); c++) { // the commits' SHAs change with the time they are made
            String sha = plan.commits().get(c).sha();
            stable = stable.replace(sha, "<commit " + c + ">").replace(sha.substring(0, 7), "<short " + c + ">");
        }
        return stable;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path repository(Path repository, String engineSettings) throws IOException {
        Files.createDirectories(repository.resolve("benchmark/config"));
        GitCommand.run(repository, "init", "-q", "-b", "main");
        Files.writeString(repository.resolve("benchmark/config/tiny.yaml"), "# the fake reads its defaults\n");
        Files.writeString(repository.resolve(".gitignore"), "_benchmark/\n");
        Files.writeString(repository.resolve(FakeEngine.ENV_FILE), "FAKE_OB_ITERATIONS=5\nFAKE_OB_SEED=1\n"
                + engineSettings);
        GitCommand.run(repository, "add", "-A");
        GitCommand.run(repository, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", "baseline");
        GitCommand.run(repository, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false",
                "commit", "-q", "--allow-empty", "-m", "candidate");
        return repository;
    }
}
