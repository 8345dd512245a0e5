package dev.commitbench.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Outcome;
import dev.commitbench.RunFailure;
import dev.commitbench.Summary;
import dev.commitbench.internal.CommitbenchVersion;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code CommitbenchJsonWriter} is used to write {@code commitbench.json}: everything commitbench knows
 * about a run in one versioned file ({@code "schemaVersion": 1}, with the {@code commitbenchVersion} that
 * wrote it): the plan, the environment, every sample per commit, point, metric and round, the comparisons
 * with their verdicts, the failed runs and the run summaries. The schema is documented in {@code docs/commitbench-json.md}.
 *
 * <p>Numbers that are not finite ({@code NaN}, infinities) are written as {@code null}, so the file is
 * strict JSON. Plan entries whose key ends in a secret's name ({@code token}, {@code secret},
 * {@code password}, {@code credential}, {@code api_key}, {@code authorization}, ...; {@code HF_TOKEN},
 * {@code hubToken}, but not {@code max_new_tokens}) are written as {@code "<redacted>"}.
 * Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CommitbenchJsonWriter {

    /** The file name written into the run folder. */
    public static final String FILE_NAME = "commitbench.json";

    /** The version of the schema this writer writes; it changes only when a field changes meaning or goes. */
    public static final int SCHEMA_VERSION = 1;

    static final String REDACTED = "<redacted>";
    private static final Map<String, Boolean> SECRET_KEYS = new ConcurrentHashMap<>();

    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(token|secret|passw(or)?d|credentials?|(api|secret|private|access)[_-]?key|authorization)");

    /** Leaves the stream it writes into open: {@link #write} ends the file with a line break after the object. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final Clock clock;
    private final Optional<String> commitbenchVersion;

    /** A writer that stamps files with the current time and the running commitbench's version. */
    public CommitbenchJsonWriter() {
        this(Clock.systemUTC());
    }

    CommitbenchJsonWriter(Clock clock) {
        this(clock, CommitbenchVersion.current());
    }

    CommitbenchJsonWriter(Clock clock, Optional<String> commitbenchVersion) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.commitbenchVersion = Objects.requireNonNull(commitbenchVersion, "commitbenchVersion");
    }

    /**
     * Renders {@code commitbench.json}.
     *
     * @param report      the combined report (samples, comparisons, failures)
     * @param plan        the plan as JSON-like values (maps, lists, strings, numbers, booleans); other
     *                    values are written as their {@code toString()}
     * @param summaries   the per-run summaries
     * @param environment where the benchmark ran, usually {@link EnvironmentInfo#collect}
     * @return the file's text
     */
    public String render(CombinedReport report, Map<String, Object> plan, List<Summary> summaries,
            EnvironmentInfo environment) {
        return JSON.writeValueAsString(document(report, plan, summaries, environment)) + "\n";
    }

    /** The record as maps and lists, in the order of its properties. */
    private Map<String, Object> document(CombinedReport report, Map<String, Object> plan, List<Summary> summaries,
            EnvironmentInfo environment) {
        var root = new LinkedHashMap<String, Object>();
        root.put("schemaVersion", SCHEMA_VERSION);
        commitbenchVersion.ifPresent(version -> root.put("commitbenchVersion", version));
        root.put("createdAt", Instant.now(clock).toString());
        root.put("thresholdPercent", number(report.thresholdPercent()));
        root.put("inconclusivePolicy", report.inconclusivePolicy().name());
        root.put("probableRegressionPolicy", report.probableRegressionPolicy().name());
        Outcome outcome = Outcome.of(report);
        var outcomeMap = new LinkedHashMap<String, Object>();
        outcomeMap.put("kind", outcome.kind().name());
        outcomeMap.put("effect", outcome.effect().name());
        root.put("outcome", outcomeMap);
        report.reportDirectory().ifPresent(dir -> root.put("reportDirectory", dir));
        root.put("plan", plain(plan));
        root.put("environment", environment.toMap());
        root.put("commits", commits(report));
        root.put("measurements", measurements(report));
        root.put("comparisons", report.comparisons().stream().map(CommitbenchJsonWriter::comparison).toList());
        root.put("failures", report.failures().stream().map(CommitbenchJsonWriter::failure).toList());
        root.put("runs", summaries.stream().map(CommitbenchJsonWriter::run).toList());
        return root;
    }

    /**
     * Writes {@code commitbench.json} into {@code runDir} (created when missing), replacing an older one.
     *
     * @param runDir the run folder
     * @param report the combined report
     * @param plan the plan as JSON-like values
     * @param summaries the per-run summaries
     * @param environment where the benchmark ran
     * @return the written file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Path write(Path runDir, CombinedReport report, Map<String, Object> plan, List<Summary> summaries,
            EnvironmentInfo environment) {
        Map<String, Object> document = document(report, plan, summaries, environment);
        // straight into the file: a thousand points make megabytes, which a string would hold (and copy) again
        return ReportFiles.write(runDir, FILE_NAME, out -> {
            JSON.writeValue(out, document);
            out.write('\n');
        }, "the run record");
    }

    private static List<Object> commits(CombinedReport report) {
        var commits = new ArrayList<Object>();
        for (int i = 0; i < report.commits().size(); i++) {
            var c = commit(report.commits().get(i));
            c.put("role", i == 0 ? "baseline" : "candidate");
            commits.add(c);
        }
        return commits;
    }

    private static List<Object> measurements(CombinedReport report) {
        var measurements = new ArrayList<Object>();
        for (String model : report.models()) {
            for (String config : report.configs(model)) {
                for (Commit commit : report.commits()) {
                    for (String metric : report.metrics(model, config, commit.sha())) {
                        var m = report.measurement(model, config, commit.sha(), metric).orElseThrow();
                        var entry = new LinkedHashMap<String, Object>();
                        entry.put("model", model);
                        entry.put("config", config);
                        entry.put("commit", commit.sha());
                        entry.put("metric", metric);
                        entry.put("unit", m.unit());
                        var rounds = new ArrayList<Object>();
                        for (int r = 0; r < m.rounds(); r++) {
                            var round = new LinkedHashMap<String, Object>();
                            round.put("round", r + 1);
                            round.put("value", number(m.roundValues().get(r)));
                            round.put("samples", m.roundSamples().get(r).stream().map(CommitbenchJsonWriter::number).toList());
                            rounds.add(round);
                        }
                        entry.put("rounds", rounds);
                        measurements.add(entry);
                    }
                }
            }
        }
        return measurements;
    }

    static Map<String, Object> comparison(Comparison c) {
        var map = new LinkedHashMap<String, Object>();
        map.put("model", c.model());
        map.put("config", c.config());
        map.put("metric", c.metric());
        map.put("unit", c.unit());
        map.put("baseline", commit(c.baseline()));
        map.put("candidate", commit(c.candidate()));
        map.put("baselineValue", number(c.baselineValue()));
        map.put("candidateValue", number(c.candidateValue()));
        map.put("changePercent", number(c.changePercent()));
        map.put("lowerPercent", number(c.lowerPercent()));
        map.put("upperPercent", number(c.upperPercent()));
        map.put("confidence", number(c.confidence()));
        map.put("thresholdPercent", number(c.thresholdPercent()));
        map.put("verdict", c.verdict().name());
        map.put("gate", c.gate().name());
        map.put("probableRegression", c.probableRegression());
        c.roundsToSettle().ifPresent(n -> map.put("roundsToSettle", n));
        map.put("baselineCv", number(c.baselineCv()));
        map.put("candidateCv", number(c.candidateCv()));
        map.put("baselineIterationCv", number(c.baselineIterationCv()));
        map.put("candidateIterationCv", number(c.candidateIterationCv()));
        map.put("noiseIsBetweenProcesses", c.noiseIsBetweenProcesses());
        map.put("resolvablePercent", number(c.resolvablePercent()));
        map.put("thresholdBelowResolution", c.thresholdBelowResolution());
        map.put("baselineRounds", c.baselineRounds());
        map.put("candidateRounds", c.candidateRounds());
        return map;
    }

    private static Map<String, Object> failure(RunFailure f) {
        var map = new LinkedHashMap<String, Object>();
        map.put("commit", commit(f.commit()));
        map.put("point", f.point());
        map.put("round", f.round());
        map.put("runDirectory", f.runDirectory());
        map.put("message", f.message());
        return map;
    }

    private static Map<String, Object> run(Summary s) {
        var map = new LinkedHashMap<String, Object>();
        map.put("model", s.model());
        map.put("commit", s.commit());
        map.put("config", s.config());
        map.put("round", s.round());
        map.put("runDirectory", s.runDirectory());
        map.put("metrics", plain(s.metrics()));
        map.put("units", s.units());
        return map;
    }

    static Map<String, Object> commit(Commit c) {
        var map = new LinkedHashMap<String, Object>();
        map.put("sha", c.sha());
        map.put("label", c.label());
        if (c.isWorkingTree()) {
            map.put("tree", c.tree());
        }
        return map;
    }

    /** Whether {@code key} names a secret; the answers are kept, as a run's files repeat a few keys thousands of times. */
    private static boolean secret(String key) {
        Boolean known = SECRET_KEYS.get(key);
        if (known == null) {
            known = SECRET_KEY.matcher(key).matches();
            if (SECRET_KEYS.size() < 10_000) {
                SECRET_KEYS.put(key, known);
            }
        }
        return known;
    }

    static Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * A JSON-like copy of {@code value}: maps (string keys; secret-named keys redacted), lists, strings,
     * booleans and finite numbers stay; arrays become lists; non-finite numbers become null; enums their name;
     * anything else its {@code toString()} (a {@code Path}, a {@code Duration}).
     */
    static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            return number(((Number) value).doubleValue());
        }
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                copy.put(key, v != null && secret(key) ? REDACTED : plain(v));
            });
            return copy;
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(CommitbenchJsonWriter::plain).toList();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Object[] array) {
            return plain(Arrays.asList(array));
        }
        return value.toString();
    }
}
