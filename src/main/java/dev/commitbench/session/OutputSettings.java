package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * {@code OutputSettings} is the part of a {@link BenchmarkPlan} that says where results go and what is written.
 *
 * @param directory        where the run folder goes; a fresh {@code run-*} folder is made inside unless
 *                         {@code ensureEmpty} is false
 * @param ensureEmpty      true: results go into a fresh folder under {@code directory}; false: into it directly
 * @param pointDirectories where each point's runs go inside {@code commit=<sha>/}
 * @param reportFormats    the readable reports written besides the JSON files
 * @param expandMetrics    benchmark.py's {@code expand_metrics}: the summaries' metrics nested by their path segments
 */
@API(status = INTERNAL, since = "0.1")
public record OutputSettings(Path directory, boolean ensureEmpty, PointDirectories pointDirectories,
        Set<ReportFormat> reportFormats, boolean expandMetrics) {

    /**
     * Copies the formats.
     *
     * @param directory where the run folder goes
     * @param ensureEmpty whether results go into a fresh folder under {@code directory}
     * @param pointDirectories where each point's runs go inside {@code commit=<sha>/}
     * @param reportFormats the readable reports
     * @param expandMetrics whether the summaries' metrics are nested by their path segments
     */
    public OutputSettings {
        reportFormats = reportFormats.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(reportFormats));
    }

    /** Where each sweep point's runs go inside a round's {@code commit=<sha>/} directory. */
    @API(status = INTERNAL, since = "0.1")
    public enum PointDirectories {
        /** With one point, {@code commit=<sha>/} itself; with several, {@code commit=<sha>/<point-dir>/} each. */
        PER_POINT,
        /**
         * Every point in {@code commit=<sha>/} itself, as benchmark.py's multiruns do (the jobs' own directories
         * keep the points apart); each point summarizes only the job directories whose
         * {@code .hydra/overrides.yaml} holds its overrides.
         */
        SHARED,
        /**
         * {@code commit=<sha>/<override_dirname>/}, where {@code override_dirname} is Hydra's default one of
         * the point's and the extra arguments' task overrides (sorted, joined with {@code ,}; {@code hydra}
         * overrides left out), or {@code commit=<sha>/} when there are none: benchmark.py's run mode without
         * {@code hydra.run.dir=}.
         */
        OVERRIDE_DIRNAME
    }

    /** The readable reports written into the run folder, besides the JSON files that are always written. */
    @API(status = INTERNAL, since = "0.1")
    public enum ReportFormat {
        /** {@code report.md}. */
        MARKDOWN,
        /** {@code report.html}. */
        HTML
    }
}
