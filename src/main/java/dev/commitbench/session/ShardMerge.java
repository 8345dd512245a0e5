package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.RunFailure;
import dev.commitbench.Summary;
import dev.commitbench.report.MarkdownReportWriter;
import dev.commitbench.scale.MachineFingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * {@code ShardMerge} is used by {@code commitbench merge}: it merges the folders of a plan's shards into one run
 * folder, the one a single-machine run of the plan writes (the run directories, every run's {@code summary.json},
 * {@code summaries.json}, the combined {@code summary.json}, {@code commitbench.json}, {@code report.md},
 * {@code report.html}), analysed by the same code: each point's report from its summaries, then the run's.
 *
 * <p>It checks that every shard ran this plan (the plan's id), that each point was measured by one shard only (all
 * its commits and rounds on one machine and one device), and which shards are missing. A missing shard, or one that
 * stopped early, is recorded as failed runs of its points, naming the shard, so that the outcome is an error
 * (exit 3) while the shards that arrived are merged and reported. {@code report.md} and {@code commitbench.json} name
 * each point's machine and device.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class ShardMerge {

    private ShardMerge() {
    }

    /**
     * The merged run.
     *
     * @param report the run's report
     * @param summaries every run's summary, in plan order
     * @param problems one line per missing or failed shard (empty when all arrived and succeeded)
     * @param placement per point: its label, shard, machine and device
     * @param points per point, in plan order: its own report and its runs' summaries (a missing point's report
     *               holds its failure)
     * @param plan the plan as {@code commitbench.json} records it, with where each point ran
     * @param optimumBenchmarkVersion the optimum-benchmark version the shards recorded, or {@code null}
     */
    @API(status = INTERNAL, since = "0.1")
    public record Merged(CombinedReport report, List<Summary> summaries, List<String> problems,
            List<Map<String, Object>> placement, List<MergedPoint> points, Map<String, Object> plan,
            String optimumBenchmarkVersion) {

        /**
         * Copies the lists.
         *
         * @param report the run's report
         * @param summaries every run's summary
         * @param problems the missing or failed shards
         * @param placement where each point ran
         * @param points each point's report and summaries
         * @param plan the plan as recorded
         * @param optimumBenchmarkVersion the engine's version, or {@code null}
         */
        public Merged {
            summaries = List.copyOf(summaries);
            problems = List.copyOf(problems);
            placement = List.copyOf(placement);
            points = List.copyOf(points);
        }

        /**
         * {@return {@code point}'s report and summaries}
         *
         * @param point one of the plan's points
         * @throws IllegalArgumentException when the plan has no such point
         */
        public MergedPoint point(SweepPoint point) {
            return points.stream().filter(p -> p.point().equals(point)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("point [" + point.label() + "] is not one of the plan's points"));
        }
    }

    /**
     * One point of a merged run.
     *
     * @param point the point
     * @param report its report, analysed as a single-machine run analyses it
     * @param summaries its runs' summaries, in run order
     */
    @API(status = INTERNAL, since = "0.1")
    public record MergedPoint(SweepPoint point, CombinedReport report, List<Summary> summaries) {

        /**
         * Copies the summaries.
         *
         * @param point the point
         * @param report its report
         * @param summaries its runs' summaries
         */
        public MergedPoint {
            summaries = List.copyOf(summaries);
        }
    }

    /**
     * Merges {@code shardFolders} into {@code runFolder} and writes the run files there.
     *
     * @param plan the plan the shards ran
     * @param planName how messages name the plan (its file)
     * @param shardFolders the shards' folders, as {@code run-shard --out} wrote them, in any order
     * @param runFolder the merged run folder: new or empty
     * @return the merged run
     * @throws IllegalArgumentException when a folder holds a shard of another plan, or a point was measured by two
     *                                  shards (split across machines), naming them
     */
    public static Merged merge(ShardPlan plan, String planName, List<Path> shardFolders, Path runFolder) {
        return merge(plan, planName, shardFolders, runFolder, true);
    }

    /**
     * {@link #merge(ShardPlan, String, List, Path)} into a run folder that may already hold other files (the plan, the
     * Slurm folder and the shards' folders of a Slurm run).
     *
     * @param plan the plan the shards ran
     * @param planName how messages name the plan (its file)
     * @param shardFolders the shards' folders
     * @param runFolder the merged run folder
     * @param fresh whether the run folder must be new or empty
     * @return the merged run
     */
    public static Merged merge(ShardPlan plan, String planName, List<Path> shardFolders, Path runFolder,
            boolean fresh) {
        Path run = runFolder.toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        Map<Integer, Path> shardFolder = new TreeMap<>();
        Map<Integer, ShardResult> byShard = new TreeMap<>();
        Map<Integer, Path> pointFolder = new TreeMap<>();
        Map<Integer, ShardResult.PointResult> byPoint = new TreeMap<>();
        List<Path> dirs = shardFolders.stream().map(folder -> folder.toAbsolutePath().normalize()).toList();
        // Read on several threads (a thousand shards are a thousand files to parse), then checked in the given order.
        List<Read> read = InParallel.map("commitbench-merge-read", dirs, InParallel.fileThreads(), dir -> {
            try {
                return new Read(ShardResult.read(dir, run), null);
            } catch (UncheckedIOException e) {
                return new Read(null, Files.isDirectory(dir) ? "The folder " + dir + " has no " + ShardResult.FILE
                        + ": its shard did not finish (or it is not a shard's folder)."
                        : "The shard folder " + dir + " does not exist (its shard did not run, or its artifact was not"
                        + " downloaded).");
            }
        });
        for (int i = 0; i < dirs.size(); i++) {
            Path dir = dirs.get(i);
            ShardResult result = read.get(i).result();
            if (result == null) {
                problems.add(read.get(i).problem());
                continue;
            }
            if (!result.planId().equals(plan.id())) {
                throw new IllegalArgumentException("The shard in " + dir + " ran another plan (" + result.planId()
                        + ") than " + planName + " (" + plan.id() + "): these are shards of two different plans."
                        + " Merge only the shards of one plan, with that plan's plan.json");
            }
            if (result.shard() < 0 || result.shard() >= plan.shards()) {
                throw new IllegalArgumentException("The shard in " + dir + " says it is shard " + result.shard()
                        + ", but " + planName + " has shards 0 to " + (plan.shards() - 1));
            }
            for (ShardResult.PointResult point : result.points()) {
                ShardResult.PointResult earlier = byPoint.get(point.index());
                if (earlier != null) {
                    throw new IllegalArgumentException("Point [" + point.label() + "] was measured twice: on "
                            + earlier.machine().describe() + " (" + pointFolder.get(point.index()) + ") and on "
                            + point.machine().describe() + " (" + dir + "). A point's commits and rounds must all run"
                            + " on one machine and one device, or its comparison would measure the machines: merge one"
                            + " folder per shard");
                }
                if (point.index() < 0 || point.index() >= plan.points().size()
                        || plan.shardOf(point.index()) != result.shard()) {
                    throw new IllegalArgumentException("The shard in " + dir + " holds point [" + point.label()
                            + "], which " + planName + " does not give to shard " + result.shard());
                }
                byPoint.put(point.index(), point);
                pointFolder.put(point.index(), dir);
            }
            byShard.put(result.shard(), result);
            shardFolder.put(result.shard(), dir);
        }
        prepare(run, fresh);
        Map<Path, Boolean> made = new ConcurrentHashMap<>(Map.of(run, true));
        // The shards' files are linked in (file system calls) while the points are analysed and the run files written
        // (computation): the links go into the run folders below the top, the run files at the top.
        return Beside.get("commitbench-merge-files", () -> InParallel.map("commitbench-merge-link",
                List.copyOf(shardFolder.values()), InParallel.fileThreads(), dir -> link(dir, run, made)),
                () -> analyse(plan, run, byShard, byPoint, shardFolder, problems));
    }

    /** Analyses the merged points as a single-machine run does, and writes the run files at the top of {@code run}. */
    private static Merged analyse(ShardPlan plan, Path run, Map<Integer, ShardResult> byShard,
            Map<Integer, ShardResult.PointResult> byPoint, Map<Integer, Path> shardFolder, List<String> problems) {
        BenchmarkPlan runPlan = plan.toPlan(run, run);
        List<Commit> commits = plan.commits();
        List<Summary> summaries = new ArrayList<>();
        List<RunFailure> failures = new ArrayList<>();
        List<Map<String, Object>> placement = new ArrayList<>();
        for (int shard = 0; shard < plan.shards(); shard++) {
            ShardResult result = byShard.get(shard);
            if (result == null) {
                problems.add("Shard " + shard + " is missing: none of the folders given holds its " + ShardResult.FILE
                        + " (points " + labels(plan.pointsOf(shard)) + ").");
            } else if (result.error() != null) {
                problems.add("Shard " + shard + " (" + shardFolder.get(shard) + ") stopped early: " + result.error());
            } else if (!result.succeeded()) {
                problems.add("Shard " + shard + " (" + shardFolder.get(shard) + ") had failed runs; see report.md.");
            }
        }
        List<List<Summary>> pointSummaries = new ArrayList<>();
        List<List<RunFailure>> pointFailures = new ArrayList<>();
        for (int index = 0; index < plan.points().size(); index++) {
            SweepPoint point = plan.points().get(index);
            int shard = plan.shardOf(index);
            ShardResult.PointResult result = byPoint.get(index);
            List<RunFailure> thisFailures = new ArrayList<>();
            List<Summary> thisSummaries = List.of();
            Map<String, Object> where = new LinkedHashMap<>();
            where.put("point", point.label());
            where.put("shard", shard);
            if (result == null) {
                ShardResult shardResult = byShard.get(shard);
                String why = shardResult == null ? "shard " + shard + " is missing (no folder given holds its "
                        + ShardResult.FILE + ")" : "shard " + shard + " stopped before it: " + shardResult.error();
                thisFailures.add(new RunFailure(commits.get(0), point.label(), 0, run.toString(), "not measured: "
                        + why));
                where.put("machine", null);
            } else {
                thisSummaries = result.summaries();
                thisFailures.addAll(result.failures().stream().map(f -> new RunFailure(
                        canonical(commits, f.commit()), f.point(), f.round(), f.runDirectory(), f.message()))
                        .toList());
                MachineFingerprint machine = result.machine();
                where.put("machine", machine.describe());
                where.put("host", machine.host());
                if (machine.device() != null) {
                    where.put("device", machine.device().describe());
                }
            }
            placement.add(where);
            summaries.addAll(thisSummaries);
            failures.addAll(thisFailures);
            pointSummaries.add(thisSummaries);
            pointFailures.add(thisFailures);
        }
        // Each point is analysed on its own, as a single-machine run analyses it: on every processor at once.
        List<CombinedReport> pointReports = InParallel.map("commitbench-merge-analysis",
                IntStream.range(0, plan.points().size()).boxed().toList(), Runtime.getRuntime().availableProcessors(),
                index -> PointAnalysis.point(commits, pointSummaries.get(index), pointFailures.get(index), runPlan, run));
        List<MergedPoint> merged = IntStream.range(0, plan.points().size()).mapToObj(index -> new MergedPoint(
                plan.points().get(index), pointReports.get(index), pointSummaries.get(index))).toList();
        CombinedReport report = PointAnalysis.run(pointReports, commits, summaries, failures, runPlan, run);
        Map<String, Object> planMap = plan.asMap(runPlan);
        planMap.put("placement", placement);
        String version = byShard.values().stream().map(ShardResult::optimumBenchmarkVersion).filter(v -> v != null)
                .findFirst().orElse(null);
        RunFiles.write(run, summaries, report, Map.of(), planMap, version, runPlan.output().reportFormats(),
                runPlan.output().expandMetrics());
        appendPlacement(run, placement);
        return new Merged(report, summaries, problems, placement, merged, planMap, version);
    }

    /** One shard folder read: its result, or why there is none. */
    private record Read(ShardResult result, String problem) {
    }

    private static Commit canonical(List<Commit> commits, Commit commit) {
        return commits.stream().filter(c -> c.sha().equals(commit.sha())).findFirst().orElse(commit);
    }

    private static String labels(List<SweepPoint> points) {
        return points.stream().map(p -> "[" + p.label() + "]").toList().toString();
    }

    private static void prepare(Path run, boolean fresh) {
        try {
            if (fresh && Files.isDirectory(run)) {
                try (Stream<Path> entries = Files.list(run)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("--out " + run + " is not empty: the merged run folder is"
                                + " made new. Give a new or empty folder");
                    }
                }
            }
            Files.createDirectories(run);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the run folder " + run + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts every file of a shard's run folders at the same place in the run folder: a hard link where the filesystem
     * allows one (the shard's folder is left as it is), else a copy. The files at the top of a shard's folder (its
     * {@code shard.json}; {@code run-shard} writes no other) are left out: the top of the run folder holds the run
     * files the merge writes meanwhile, and a link there would let that writing reach into the shard's folder. A file another shard
     * put there already (Hydra's {@code multirun.yaml} of a shared sweep folder) is kept. Shards are linked on several
     * threads at once: a folder two shards share ({@code round-2/commit=<sha>/}) is made by the first to need it,
     * the other waiting for it in {@code made}.
     */
    private static Void link(Path shard, Path run, Map<Path, Boolean> made) {
        // The walk's paths are the shard's path and names under it: the part after it is the path in the run folder
        // (a substring: Path.relativize costs more than the link itself when a fresh JVM runs it 12,000 times).
        String separator = shard.getFileSystem().getSeparator();
        int prefix = shard.toString().length() + (shard.toString().endsWith(separator) ? 0 : separator.length());
        try {
            Files.walkFileTree(shard, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    String relative = dir.toString();
                    Path target = relative.length() < prefix ? run : run.resolve(relative.substring(prefix));
                    try {
                        made.computeIfAbsent(target, ShardMerge::createDirectory);
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String relative = file.toString().substring(prefix);
                    if (relative.contains(separator)) {
                        Path target = run.resolve(relative);
                        try {
                            Files.createLink(target, file);
                        } catch (FileAlreadyExistsException kept) {
                            // another shard's copy of a shared file
                        } catch (IOException | UnsupportedOperationException e) {
                            try {
                                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                            } catch (FileAlreadyExistsException kept) {
                                // another shard's copy of a shared file
                            }
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("The shard folder " + shard + " changed while it was merged: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot merge " + shard + " into " + run + ": " + e.getMessage(), e);
        }
        return null;
    }

    private static Boolean createDirectory(Path target) {
        try {
            Files.createDirectory(target);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(target)) {
                throw new UncheckedIOException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    /**
     * Adds where each point ran to {@code report.md} in {@code run} (when written).
     *
     * @param run the run folder
     * @param placement per point: its label, machine and device (and shard)
     */
    public static void appendPlacement(Path run, List<Map<String, Object>> placement) {
        Path report = run.resolve(MarkdownReportWriter.FILE_NAME);
        if (!Files.exists(report)) {
            return;
        }
        StringBuilder section = new StringBuilder("\n## Where each point ran\n\n| point | shard | machine | device |\n"
                + "| --- | --- | --- | --- |\n");
        for (Map<String, Object> where : placement) {
            section.append("| ").append(cell(where.get("point"))).append(" | ")
                    .append(where.containsKey("shard") ? where.get("shard") : "").append(" | ")
                    .append(where.get("machine") == null ? "not measured" : cell(where.get("machine"))).append(" | ")
                    .append(where.containsKey("device") ? cell(where.get("device")) : "default").append(" |\n");
        }
        try {
            Files.writeString(report, section, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + report + ": " + e.getMessage(), e);
        }
    }

    private static String cell(Object value) {
        String text = String.valueOf(value);
        return text.isEmpty() ? "(the only point)" : text.replace("|", "\\|");
    }
}
