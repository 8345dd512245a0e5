package dev.commitbench.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * {@code RunDirectories} is used to find every optimum-benchmark run directory under a root: a directory
 * holding {@code benchmark_config.json}, {@code benchmark_report.json}, {@code benchmark.json}, a
 * {@code .hydra/} folder, or the CSV-era {@code inference_results.csv}, {@code training_results.csv} or
 * {@code hydra_config.yaml}. The root itself counts. {@code .hydra} folders are never entered.
 *
 * <p>The result is sorted the same way on every machine: by path segments, numbers in numeric order
 * (Hydra's job directories {@code 0, 1, ..., 10}), other segments by their characters. Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RunDirectories {

    private static final Set<String> MARKERS = Set.of(RunReader.BENCHMARK, RunReader.REPORT, RunReader.CONFIG,
            "inference_results.csv", "training_results.csv", "hydra_config.yaml");

    private RunDirectories() {
    }

    /**
     * Returns every run directory under {@code root} (absolute, normalized), sorted; empty when there is
     * none.
     *
     * @param root the folder to search
     * @throws IllegalArgumentException when {@code root} is not a directory
     * @return the run directories
     */
    public static List<Path> find(Path root) {
        Path start = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(start)) {
            throw new IllegalArgumentException("Cannot look for run directories in [" + root
                    + "]: it is not a directory. Pass the folder the benchmark wrote its runs into.");
        }
        Set<Path> found = new LinkedHashSet<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.getFileName() != null && dir.getFileName().toString().equals(RunReader.HYDRA)) {
                        found.add(dir.getParent());
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (MARKERS.contains(file.getFileName().toString())) {
                        found.add(file.getParent());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the run directories under [" + root + "]: " + e.getMessage(), e);
        }
        // Split each path once: a sort compares every path about log2(n) times.
        List<Sortable> sortable = new ArrayList<>(found.size());
        for (Path dir : found) {
            Path relative = start.relativize(dir);
            String[] segments = new String[relative.getNameCount()];
            for (int i = 0; i < segments.length; i++) {
                segments[i] = relative.getName(i).toString();
            }
            sortable.add(new Sortable(dir, segments));
        }
        sortable.sort(Comparator.comparing(Sortable::segments, RunDirectories::compare));
        return sortable.stream().map(Sortable::dir).toList();
    }

    private record Sortable(Path dir, String[] segments) {
    }

    private static int compare(String[] a, String[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = compareSegment(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private static int compareSegment(String a, String b) {
        if (isNumber(a) && isNumber(b)) {
            int c = Integer.compare(a.length(), b.length()); // no leading zeros in Hydra job numbers
            return c != 0 ? c : a.compareTo(b);
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
