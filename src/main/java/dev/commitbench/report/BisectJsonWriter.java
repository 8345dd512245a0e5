package dev.commitbench.report;

import static dev.commitbench.report.CommitbenchJsonWriter.commit;
import static dev.commitbench.report.CommitbenchJsonWriter.comparison;
import static dev.commitbench.report.CommitbenchJsonWriter.number;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Commit;
import dev.commitbench.bisect.BisectResult;
import dev.commitbench.bisect.BisectSettings;
import dev.commitbench.internal.CommitbenchVersion;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code BisectJsonWriter} is used to write {@code bisect.json}: what a bisection found and everything it
 * measured, in one versioned file ({@code "schemaVersion": 1}): the kind of answer, the culprit's full SHA
 * (or {@code null}), its probability, the remaining candidates with their probabilities, the engine runs
 * and the commits materialized, the confirming comparisons, the estimate of every tested commit, the
 * skipped commits, and every engine run with its samples. The schema is documented in
 * {@code docs/bisect-json.md}.
 *
 * <p>Numbers that are not finite are written as {@code null}, so the file is strict JSON. Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BisectJsonWriter {

    /** The file name written into the run folder. */
    public static final String FILE_NAME = "bisect.json";

    /** The version of the schema this writer writes; it changes only when a field changes meaning or goes. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Clock clock;
    private final Optional<String> commitbenchVersion;

    /** A writer that stamps files with the current time and the running commitbench's version. */
    public BisectJsonWriter() {
        this(Clock.systemUTC(), CommitbenchVersion.current());
    }

    BisectJsonWriter(Clock clock, Optional<String> commitbenchVersion) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.commitbenchVersion = Objects.requireNonNull(commitbenchVersion, "commitbenchVersion");
    }

    /**
     * Renders {@code bisect.json}.
     *
     * @param result what the bisection found
     * @return the file's text
     */
    public String render(BisectResult result) {
        BisectSettings s = result.settings();
        var root = new LinkedHashMap<String, Object>();
        root.put("schemaVersion", SCHEMA_VERSION);
        commitbenchVersion.ifPresent(version -> root.put("commitbenchVersion", version));
        root.put("createdAt", Instant.now(clock).toString());
        root.put("model", s.model());
        root.put("config", s.config());
        root.put("metric", s.metric());
        root.put("unit", s.unit());
        root.put("thresholdPercent", number(s.thresholdPercent()));
        root.put("good", commit(result.good()));
        root.put("bad", commit(result.bad()));
        root.put("kind", result.kind().name());
        root.put("culprit", result.culprit() == null ? null : result.culprit().sha());
        root.put("probability", number(result.probability()));
        root.put("summary", result.summary());
        root.put("steps", shas(result.steps()));
        root.put("range", shas(result.range()));
        root.put("candidates", result.candidates().stream().map(c -> {
            var map = indexed(c.commit(), c.index());
            map.put("probability", number(c.probability()));
            return map;
        }).toList());
        root.put("engineRuns", result.engineRuns());
        root.put("commitsMaterialized", result.commitsMaterialized());
        root.put("endToEnd", result.endToEnd() == null ? null : comparison(result.endToEnd()));
        root.put("confirmations", result.confirmations().stream().map(CommitbenchJsonWriter::comparison).toList());
        root.put("estimates", result.estimates().stream().map(BisectJsonWriter::estimate).toList());
        root.put("skipped", result.skipped().stream().map(k -> {
            var map = indexed(k.commit(), k.index());
            map.put("reason", k.reason());
            return map;
        }).toList());
        root.put("settings", settings(s));
        root.put("measurements", result.measurements().stream().map(BisectJsonWriter::run).toList());
        return JSON.writeValueAsString(root) + "\n";
    }

    /**
     * Writes {@code bisect.json} into {@code runDir} (created when missing), replacing an older one.
     *
     * @param runDir the run folder
     * @param result what the bisection found
     * @return the written file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Path write(Path runDir, BisectResult result) {
        return ReportFiles.write(runDir, FILE_NAME, render(result), "the bisection record");
    }

    private static List<String> shas(List<Commit> commits) {
        return commits.stream().map(Commit::sha).toList();
    }

    private static Map<String, Object> indexed(Commit c, int index) {
        var map = new LinkedHashMap<String, Object>();
        map.put("sha", c.sha());
        map.put("label", c.label());
        map.put("index", index);
        return map;
    }

    private static Map<String, Object> estimate(BisectResult.CommitEstimate e) {
        var map = indexed(e.commit(), e.index());
        map.put("rounds", e.rounds());
        map.put("failures", e.failures());
        map.put("value", number(e.value()));
        map.put("lower", number(e.lower()));
        map.put("upper", number(e.upper()));
        map.put("changePercent", number(e.changePercent()));
        map.put("lowerPercent", number(e.lowerPercent()));
        map.put("upperPercent", number(e.upperPercent()));
        map.put("probability", number(e.probability()));
        return map;
    }

    private static Map<String, Object> run(BisectResult.Run r) {
        var map = new LinkedHashMap<String, Object>();
        map.put("sequence", r.sequence());
        map.putAll(indexed(r.commit(), r.index()));
        map.put("round", r.round());
        map.put("role", r.role().name());
        map.put("value", number(r.value()));
        map.put("samples", r.samples().stream().map(v -> number(v)).toList());
        map.put("failure", r.failure());
        return map;
    }

    private static Map<String, Object> settings(BisectSettings s) {
        var map = new LinkedHashMap<String, Object>();
        map.put("stopProbability", number(s.stopProbability()));
        map.put("maxRuns", s.maxRuns());
        map.put("parallelism", s.parallelism());
        map.put("endRounds", s.endRounds());
        map.put("maxEndRounds", s.maxEndRounds());
        map.put("maxConfirmRounds", s.maxConfirmRounds());
        map.put("skipAfterFailures", s.skipAfterFailures());
        map.put("anchor", s.anchor());
        map.put("confidence", number(s.comparison().confidence()));
        map.put("direction", s.comparison().direction(s.metric()).name());
        return map;
    }
}
