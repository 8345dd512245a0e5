package dev.commitbench.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code FakeEngine} is used to run tests against the fake {@code optimum-benchmark} executable
 * ({@code src/test/resources/fake-optimum-benchmark/}, POSIX sh + awk): it locates the executable, makes
 * it executable, and builds its settings (latency distribution, failure mode) as environment variables
 * or as a {@code fake-engine.env} file in a workspace.
 *
 * <pre><code class='java'>
 * Engine engine = new OptimumBenchmarkEngine(FakeEngine.command());
 * Map&lt;String, String&gt; env = FakeEngine.settings().mean(0.010).cv(0.02).seed(7).environment();
 * FakeEngine.settings().mean(0.012).writeTo(workspace); // commit it: that commit is 20% slower
 * </code></pre>
 *
 * <p>Settings in {@code fake-engine.env} (in the process's working directory) win over the environment.
 * See the header of the executable for every setting and its default. Not thread-safe (build one per use).
 */
public final class FakeEngine {

    /** The file, in the working directory of the fake (the workspace), whose settings win over the environment. */
    public static final String ENV_FILE = "fake-engine.env";

    /** The fake's failure modes ({@code FAKE_OB_MODE}). */
    public enum Mode {
        /** Writes every file, exits 0. */
        NORMAL,
        /** Exits 1 after writing only {@code .hydra/} and {@code benchmark_config.json}. */
        FAIL,
        /** Exits 2 with a Hydra usage message on stderr. */
        USAGE,
        /** Writes the config, then sleeps forever with a child {@code sleep}. */
        HANG,
        /** The report files are cut in half (exit 0). */
        TRUNCATED,
        /** The report files are not JSON (exit 0). */
        NOTJSON,
        /** {@code decode.latency.mean} and its first value are NaN. */
        NAN,
        /** Writes only the config and report files and exits at once. */
        INSTANT
    }

    private final Map<String, String> settings = new LinkedHashMap<>();

    private FakeEngine() {
    }

    /** The fake executable, made executable (resource copying drops the permission bits). */
    public static Path executable() {
        URL url = FakeEngine.class.getResource("/fake-optimum-benchmark/optimum-benchmark");
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException(
                    "The fake optimum-benchmark is not on the test class path as a file (found " + url
                            + "): run the tests through Maven, which copies src/test/resources.");
        }
        try {
            Path path = Path.of(url.toURI());
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (!permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
                Set<PosixFilePermission> executable = EnumSet.copyOf(permissions);
                executable.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE));
                Files.setPosixFilePermissions(path, executable);
            }
            return path;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the fake optimum-benchmark at " + url, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the fake optimum-benchmark executable: " + url, e);
        }
    }

    /** The engine command: the executable's absolute path as the only word. */
    public static List<String> command() {
        return List.of(executable().toString());
    }

    /** New, empty settings: every value is the fake's default until set. */
    public static FakeEngine settings() {
        return new FakeEngine();
    }

    /** Mean latency of one iteration, in seconds. */
    public FakeEngine mean(double seconds) {
        return set("FAKE_OB_MEAN", seconds);
    }

    /** Coefficient of variation of the iterations (lognormal). */
    public FakeEngine cv(double cv) {
        return set("FAKE_OB_CV", cv);
    }

    /** Coefficient of variation of a per-process factor that scales every value of one run. */
    public FakeEngine processCv(double cv) {
        return set("FAKE_OB_PROCESS_CV", cv);
    }

    /** Each run is {@code 1 + perRun * n} slower, where n is read from (and incremented in) the counter file. */
    public FakeEngine drift(double perRun, Path counterFile) {
        set("FAKE_OB_DRIFT", perRun);
        return set("FAKE_OB_COUNTER_FILE", counterFile.toAbsolutePath());
    }

    /** The probability that an iteration is an outlier, and the outlier's multiplier. */
    public FakeEngine outliers(double rate, double factor) {
        set("FAKE_OB_OUTLIER_RATE", rate);
        return set("FAKE_OB_OUTLIER_FACTOR", factor);
    }

    /** The number of timed iterations (values per latency section). */
    public FakeEngine iterations(int iterations) {
        return set("FAKE_OB_ITERATIONS", iterations);
    }

    /** A seed: the same seed, run counter and override_dirname give the same values. */
    public FakeEngine seed(long seed) {
        return set("FAKE_OB_SEED", seed);
    }

    /** Seconds the fake sleeps before writing its report (not in {@link Mode#INSTANT}). */
    public FakeEngine sleepSeconds(double seconds) {
        return set("FAKE_OB_SLEEP", seconds);
    }

    /** The failure mode. */
    public FakeEngine mode(Mode mode) {
        return set("FAKE_OB_MODE", mode.name().toLowerCase(Locale.ROOT));
    }

    /** With {@link Mode#FAIL}, only the jobs whose override_dirname contains the text fail. */
    public FakeEngine failOnly(String overrideDirnamePart) {
        return set("FAKE_OB_FAIL_MATCH", overrideDirnamePart);
    }

    /** Multirun job directories named {@code 0}, {@code 1}, ... (Hydra's default) instead of by override_dirname. */
    public FakeEngine numberedJobs() {
        return set("FAKE_OB_JOB_NAMES", "numbered");
    }

    /** Override keys rejected like keys missing from the config (exit 1, no files). */
    public FakeEngine unknownKeys(String... keys) {
        return set("FAKE_OB_UNKNOWN_KEYS", String.join(",", keys));
    }

    /** The settings as environment variables, for {@code RunRequest.environment()}. */
    public Map<String, String> environment() {
        return Map.copyOf(settings);
    }

    /** Writes the settings to {@code <directory>/fake-engine.env} (replacing it) and returns that file. */
    public Path writeTo(Path directory) {
        String text = settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue() + "\n")
                .collect(Collectors.joining());
        try {
            return Files.writeString(directory.resolve(ENV_FILE), text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + directory.resolve(ENV_FILE), e);
        }
    }

    private FakeEngine set(String key, Object value) {
        String text = String.valueOf(value);
        if (text.contains("\n")) {
            throw new IllegalArgumentException(key + " must be one line but was [" + text + "]");
        }
        settings.put(key, text);
        return this;
    }
}
