package dev.commitbench.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * {@code SummaryFiles} is used to write benchmark.py's three files, byte for byte as benchmark.py writes
 * them (see {@link PythonJson}): the per-run {@code summary.json} {@code {model, commit, config, metrics}}
 * in each run directory, {@code summaries.json} (the list, in the order given), and the combined
 * {@code summary.json} {@code {model: {config: {commit: {"metrics": ...}}}}} where the first summary of a
 * cell wins.
 *
 * <p>With {@code expandMetrics}, metrics are nested by their path segments
 * ({@code {"decode": {"latency": {"mean": ...}}}}). benchmark.py's own {@code expand_metrics} loses the
 * nesting of a second metric that shares a prefix with an earlier one; here every metric lands at its full
 * path. Only what benchmark.py writes goes into these files (no samples, units or rounds). Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SummaryFiles {

    /** The per-run and combined summary file name. */
    public static final String SUMMARY = "summary.json";
    /** The list of every run's summary. */
    public static final String SUMMARIES = "summaries.json";

    private SummaryFiles() {
    }

    /**
     * Writes every file: each summary's {@code summary.json} into its run directory (when it has one; in
     * parallel), then {@code summaries.json} and the combined {@code summary.json} into {@code outputDirectory}.
     *
     * @param summaries every run's summary
     * @param outputDirectory the run folder
     * @param expandMetrics whether metrics are nested by their path segments ({@code --expand_metrics})
     * @throws ReportException when a file cannot be written; the message names it
     */
    public static void writeAll(List<Summary> summaries, Path outputDirectory, boolean expandMetrics) {
        summaries.parallelStream().filter(s -> !s.runDirectory().isEmpty())
                .forEach(s -> writeRunSummary(s, Path.of(s.runDirectory()), expandMetrics));
        writeSummaries(summaries, outputDirectory, expandMetrics);
        writeCombined(summaries, outputDirectory, expandMetrics);
    }

    /**
     * Writes {@code summary.json} for one run into {@code runDirectory} and returns the file.
     *
     * @param summary the run's summary
     * @param runDirectory the run's directory
     * @param expandMetrics whether metrics are nested by their path segments
     * @return the written file
     */
    public static Path writeRunSummary(Summary summary, Path runDirectory, boolean expandMetrics) {
        return write(runDirectory, SUMMARY, toPython(summary, expandMetrics));
    }

    /**
     * Writes {@code summaries.json} into {@code outputDirectory} and returns the file.
     *
     * @param summaries every run's summary
     * @param outputDirectory the run folder
     * @param expandMetrics whether metrics are nested by their path segments
     * @return the written file
     */
    public static Path writeSummaries(List<Summary> summaries, Path outputDirectory, boolean expandMetrics) {
        return write(outputDirectory, SUMMARIES, summaries.stream().map(s -> toPython(s, expandMetrics)).toList());
    }

    /**
     * The text of {@code summaries.json} for {@code summaries}, as {@link #writeSummaries} writes it.
     *
     * @param summaries every run's summary
     * @param expandMetrics whether metrics are nested by their path segments
     * @return the file's text
     */
    public static String summariesJson(List<Summary> summaries, boolean expandMetrics) {
        return PythonJson.dump(summaries.stream().map(s -> toPython(s, expandMetrics)).toList());
    }

    /**
     * Writes the combined {@code summary.json} into {@code outputDirectory} and returns the file.
     *
     * @param summaries every run's summary
     * @param outputDirectory the run folder
     * @param expandMetrics whether metrics are nested by their path segments
     * @return the written file
     */
    public static Path writeCombined(List<Summary> summaries, Path outputDirectory, boolean expandMetrics) {
        return write(outputDirectory, SUMMARY, combine(summaries, expandMetrics));
    }

    /** benchmark.py's per-run summary: {@code {model, commit, config, metrics}}. */
    static Map<String, Object> toPython(Summary summary, boolean expandMetrics) {
        Map<String, Object> python = new LinkedHashMap<>();
        python.put("model", summary.model());
        python.put("commit", summary.commit());
        python.put("config", summary.config());
        python.put("metrics", expandMetrics ? expand(summary.metrics()) : summary.metrics());
        return python;
    }

    /** benchmark.py's {@code combine_summaries}: model → config → commit → {@code {"metrics": ...}}, first wins. */
    static Map<String, Object> combine(List<Summary> summaries, boolean expandMetrics) {
        Map<String, Map<String, Map<String, Object>>> combined = new LinkedHashMap<>();
        for (Summary summary : summaries) {
            combined.computeIfAbsent(summary.model(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(summary.config(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(summary.commit(), k -> Map.of("metrics",
                            expandMetrics ? expand(summary.metrics()) : summary.metrics()));
        }
        return new LinkedHashMap<>(combined);
    }

    /**
     * Nests metrics by their path segments: {@code decode.latency.mean} and {@code decode.throughput.value}
     * give {@code {"decode": {"latency": {"mean": ..}, "throughput": {"value": ..}}}}. When one metric is a
     * prefix of another ({@code decode.latency} and {@code decode.latency.mean}), the first one keeps the spot.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> expand(Map<String, Object> metrics) {
        Map<String, Object> root = new LinkedHashMap<>();
        // the maps created here, as opposed to a metric whose value is itself an object
        Set<Object> nests = Collections.newSetFromMap(new IdentityHashMap<>());
        nests.add(root);
        metrics.forEach((path, value) -> {
            String[] segments = path.split("\\.");
            Object current = root;
            for (int i = 0; i < segments.length - 1 && nests.contains(current); i++) {
                current = ((Map<String, Object>) current).computeIfAbsent(segments[i], k -> {
                    var nest = new LinkedHashMap<String, Object>();
                    nests.add(nest);
                    return nest;
                });
            }
            if (nests.contains(current)) {
                ((Map<String, Object>) current).putIfAbsent(segments[segments.length - 1], value);
            }
        });
        return root;
    }

    private static Path write(Path directory, String name, Object content) {
        Path file = directory.resolve(name);
        try {
            Files.createDirectories(directory);
            Files.writeString(file, PythonJson.dump(content), StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new ReportException("Cannot write [" + file + "]: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ". Make [" + directory + "] a writable directory, or choose another output"
                    + " directory.", e);
        }
    }
}
