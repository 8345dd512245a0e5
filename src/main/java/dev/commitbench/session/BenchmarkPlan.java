package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.InconclusivePolicy;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.stats.Direction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * {@code BenchmarkPlan} is what to run: commits x sweep points x rounds, with which engine, metrics and
 * threshold. Both front ends (the JUnit extension and the command line) build one and hand it to
 * {@link BenchmarkSession}. Immutable; build with {@link #builder()}.
 *
 * @param repository       a directory inside the git repository under test
 * @param commits          commit specs ({@code diff}, refs, ranges); the first resolved commit is the baseline
 * @param base             the base branch {@code diff} compares with (default {@code main})
 * @param engine           {@code optimum-benchmark} (default) or {@code command}
 * @param executable       the optimum-benchmark executable as words (default {@code optimum-benchmark});
 *                         placeholders {@code ${workspace}}, {@code ${sha}}, {@code ${ref}} allowed
 * @param command          the command engine's command as words, with the same placeholders
 * @param configDir        {@code --config-dir}; relative paths resolve per {@code configFromCheckout}
 * @param configFromCheckout false (default): a relative config dir resolves against each commit's
 *                         workspace (benchmark.py's behaviour); true: against the current checkout
 * @param configName       {@code --config-name}
 * @param metrics          metric paths to summarize (default: benchmark.py's list)
 * @param points           the sweep points (at least one; {@link SweepPoint#empty()} for none)
 * @param extraArgs        arguments passed to every engine run unchanged (Hydra overrides, {@code --multirun})
 * @param rounds           rounds per commit and point (default 3)
 * @param maxRounds        the most rounds per commit and point: rounds are added one at a time while a
 *                         comparison's gate is inconclusive (default: {@link #DEFAULT_MAX_ROUNDS}, or
 *                         {@code rounds} when that is more)
 * @param thresholdPercent the regression threshold, in percent (default 5)
 * @param confidence       the confidence level (default 0.95)
 * @param order            how rounds are interleaved (default ABBA blocks)
 * @param seed             the seed for the random order and the bootstrap
 * @param warmups          the command engine's warm-up runs per round (default 1)
 * @param iterations       the command engine's timed iterations per round (default 10)
 * @param checkout         worktree (default) or in place
 * @param workspaceRoot    where worktrees go (null: under the system temp directory)
 * @param cacheDir         a directory where worktrees are kept and reused across runs (null: none)
 * @param keepWorkspaces   keep worktrees when the run fails
 * @param setup            a setup command run once per materialized commit (null: none)
 * @param environment      per-commit environment variables (placeholders allowed)
 * @param timeout          the limit for one engine run (default 1 hour)
 * @param outputDir        where the run folder goes; the session makes a fresh {@code run-*} folder
 *                         inside unless {@code ensureEmpty} is false
 * @param ensureEmpty      true (default): results go into a fresh folder under {@code outputDir}
 * @param inconclusive     what an inconclusive gate does to a test (default ABORT)
 * @param probableRegression what a probable regression does to a test (default FAIL): an inconclusive gate
 *                         whose estimate lies beyond the threshold with its whole interval above 0
 * @param pointDirectories where each point's runs go inside {@code commit=<sha>/} (default
 *                         {@link PointDirectories#PER_POINT})
 * @param reportFormats    the readable reports {@link BenchmarkSession#writeRunFiles()} writes (default both)
 * @param directions       per-metric overrides of {@link Direction#of(String)} (default none)
 * @param expandMetrics    benchmark.py's {@code expand_metrics}: the summaries' metrics nested by their path
 *                         segments (default false: flat dotted paths)
 */
@API(status = INTERNAL, since = "0.1")
public record BenchmarkPlan(
        Path repository,
        List<String> commits,
        String base,
        String engine,
        List<String> executable,
        List<String> command,
        String configDir,
        boolean configFromCheckout,
        String configName,
        List<String> metrics,
        List<SweepPoint> points,
        List<String> extraArgs,
        int rounds,
        int maxRounds,
        double thresholdPercent,
        double confidence,
        RoundOrder order,
        long seed,
        int warmups,
        int iterations,
        CheckoutMode checkout,
        Path workspaceRoot,
        Path cacheDir,
        boolean keepWorkspaces,
        String setup,
        Map<String, String> environment,
        Duration timeout,
        Path outputDir,
        boolean ensureEmpty,
        InconclusivePolicy inconclusive,
        InconclusivePolicy probableRegression,
        PointDirectories pointDirectories,
        Set<ReportFormat> reportFormats,
        Map<String, Direction> directions,
        boolean expandMetrics) {

    /** benchmark.py's default {@code --metrics}. */
    public static final List<String> DEFAULT_METRICS = List.of(
            "prefill.latency.mean",
            "prefill.throughput.value",
            "decode.latency.mean",
            "decode.throughput.value",
            "per_token.latency.mean",
            "per_token.throughput.value");

    /** The most rounds per commit and point by default; adaptive rounds stop earlier once every gate is decided. */
    public static final int DEFAULT_MAX_ROUNDS = 10;

    /** The name of the optimum-benchmark engine. */
    public static final String OPTIMUM_BENCHMARK = "optimum-benchmark";
    /** The name of the command engine. */
    public static final String COMMAND = "command";

    /**
     * Copies the collections.
     *
     * @param repository a directory inside the git repository under test
     * @param commits commit specs ({@code diff}, refs, ranges); the first resolved commit is the baseline
     * @param base the base branch {@code diff} compares with (default {@code main})
     * @param engine {@code optimum-benchmark} (default) or {@code command}
     * @param executable the optimum-benchmark executable as words (default {@code optimum-benchmark}); placeholders
     *                   {@code ${workspace}}, {@code ${sha}}, {@code ${ref}} allowed
     * @param command the command engine's command as words, with the same placeholders
     * @param configDir {@code --config-dir}; relative paths resolve per {@code configFromCheckout}
     * @param configFromCheckout false (default): a relative config dir resolves against each commit's workspace
     *                           (benchmark.py's behaviour); true: against the current checkout
     * @param configName {@code --config-name}
     * @param metrics metric paths to summarize (default: benchmark.py's list)
     * @param points the sweep points (at least one; {@link SweepPoint#empty()} for none)
     * @param extraArgs arguments passed to every engine run unchanged (Hydra overrides, {@code --multirun})
     * @param rounds rounds per commit and point (default 3)
     * @param maxRounds the most rounds per commit and point: rounds are added one at a time while a comparison's
     *                  gate is inconclusive (default: {@link #DEFAULT_MAX_ROUNDS}, or {@code rounds} when that is more)
     * @param thresholdPercent the regression threshold, in percent (default 5)
     * @param confidence the confidence level (default 0.95)
     * @param order how rounds are interleaved (default ABBA blocks)
     * @param seed the seed for the random order and the bootstrap
     * @param warmups the command engine's warm-up runs per round (default 1)
     * @param iterations the command engine's timed iterations per round (default 10)
     * @param checkout worktree (default) or in place
     * @param workspaceRoot where worktrees go (null: under the system temp directory)
     * @param cacheDir a directory where worktrees are kept and reused across runs (null: none)
     * @param keepWorkspaces keep worktrees when the run fails
     * @param setup a setup command run once per materialized commit (null: none)
     * @param environment per-commit environment variables (placeholders allowed)
     * @param timeout the limit for one engine run (default 1 hour)
     * @param outputDir where the run folder goes; the session makes a fresh {@code run-*} folder inside unless
     *                  {@code ensureEmpty} is false
     * @param ensureEmpty true (default): results go into a fresh folder under {@code outputDir}
     * @param inconclusive what an inconclusive gate does to a test (default ABORT)
     * @param probableRegression what a probable regression does to a test (default FAIL): an inconclusive gate
     *                           whose estimate lies beyond the threshold with its whole interval above 0
     * @param pointDirectories where each point's runs go inside {@code commit=<sha>/} (default
     *                         {@link PointDirectories#PER_POINT})
     * @param reportFormats the readable reports {@link BenchmarkSession#writeRunFiles()} writes (default both)
     * @param directions per-metric overrides of {@link Direction#of(String)} (default none)
     * @param expandMetrics benchmark.py's {@code expand_metrics}: the summaries' metrics nested by their path
     *                      segments (default false: flat dotted paths)
     */
    public BenchmarkPlan {
        commits = List.copyOf(commits);
        executable = List.copyOf(executable);
        command = List.copyOf(command);
        metrics = List.copyOf(metrics);
        points = List.copyOf(points);
        extraArgs = List.copyOf(extraArgs);
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        reportFormats = reportFormats.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(reportFormats));
        directions = Collections.unmodifiableMap(new LinkedHashMap<>(directions));
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this plan} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** How rounds are ordered. */
    @API(status = INTERNAL, since = "0.1")
    public enum RoundOrder {
        /** ABBA blocks (A B B A A B B A ...), so that linear drift cancels. */
        ABBA,
        /** A seeded random order of each block. */
        RANDOM
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

    /** Builds a {@link BenchmarkPlan} with the documented defaults. */
    @API(status = INTERNAL, since = "0.1")
    public static final class Builder {
        private Path repository = Path.of("").toAbsolutePath();
        private List<String> commits = List.of("diff");
        private String base = "main";
        private String engine = OPTIMUM_BENCHMARK;
        private List<String> executable = List.of("optimum-benchmark");
        private List<String> command = List.of();
        private String configDir;
        private boolean configFromCheckout;
        private String configName;
        private List<String> metrics = DEFAULT_METRICS;
        private List<SweepPoint> points = List.of(SweepPoint.empty());
        private List<String> extraArgs = List.of();
        private int rounds = 3;
        /** {@code null} until set: then {@code rounds}; a number is always a value, checked by the session. */
        private Integer maxRounds;
        private double thresholdPercent = 5.0;
        private double confidence = 0.95;
        private RoundOrder order = RoundOrder.ABBA;
        private long seed = 20261127L;
        private int warmups = 1;
        private int iterations = 10;
        private CheckoutMode checkout = CheckoutMode.WORKTREE;
        private Path workspaceRoot;
        private Path cacheDir;
        private boolean keepWorkspaces;
        private String setup;
        private Map<String, String> environment = new LinkedHashMap<>();
        private Duration timeout = Duration.ofHours(1);
        private Path outputDir = Path.of("_benchmark").toAbsolutePath();
        private boolean ensureEmpty = true;
        private InconclusivePolicy inconclusive = InconclusivePolicy.ABORT;
        private InconclusivePolicy probableRegression = InconclusivePolicy.FAIL;
        private PointDirectories pointDirectories = PointDirectories.PER_POINT;
        private Set<ReportFormat> reportFormats = EnumSet.allOf(ReportFormat.class);
        private Map<String, Direction> directions = new LinkedHashMap<>();
        private boolean expandMetrics;

        private Builder() {
        }

        private Builder(BenchmarkPlan p) {
            repository = p.repository; commits = p.commits; base = p.base; engine = p.engine;
            executable = p.executable; command = p.command; configDir = p.configDir;
            configFromCheckout = p.configFromCheckout; configName = p.configName; metrics = p.metrics;
            points = p.points; extraArgs = p.extraArgs; rounds = p.rounds; maxRounds = p.maxRounds;
            thresholdPercent = p.thresholdPercent; confidence = p.confidence; order = p.order; seed = p.seed;
            warmups = p.warmups; iterations = p.iterations; checkout = p.checkout; workspaceRoot = p.workspaceRoot;
            cacheDir = p.cacheDir; keepWorkspaces = p.keepWorkspaces; setup = p.setup;
            environment = new LinkedHashMap<>(p.environment); timeout = p.timeout; outputDir = p.outputDir;
            ensureEmpty = p.ensureEmpty; inconclusive = p.inconclusive; probableRegression = p.probableRegression;
            pointDirectories = p.pointDirectories;
            reportFormats = p.reportFormats;
            directions = new LinkedHashMap<>(p.directions);
            expandMetrics = p.expandMetrics;
        }

        /**
         * Sets {@link BenchmarkPlan#repository()}.
         *
         * @param v a directory inside the git repository under test
         * @return this builder
         */
        public Builder repository(Path v) { repository = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#commits()}.
         *
         * @param v commit specs ({@code diff}, refs, ranges); the first resolved commit is the baseline
         * @return this builder
         */
        public Builder commits(List<String> v) { commits = new ArrayList<>(v); return this; }

        /**
         * Sets {@link BenchmarkPlan#base()}.
         *
         * @param v the base branch {@code diff} compares with (default {@code main})
         * @return this builder
         */
        public Builder base(String v) { base = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#engine()}.
         *
         * @param v {@code optimum-benchmark} (default) or {@code command}
         * @return this builder
         */
        public Builder engine(String v) { engine = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#executable()}.
         *
         * @param v the optimum-benchmark executable as words (default {@code optimum-benchmark}); placeholders
         *          {@code ${workspace}}, {@code ${sha}}, {@code ${ref}} allowed
         * @return this builder
         */
        public Builder executable(List<String> v) { executable = new ArrayList<>(v); return this; }

        /**
         * Sets {@link BenchmarkPlan#command()}.
         *
         * @param v the command engine's command as words, with the same placeholders
         * @return this builder
         */
        public Builder command(List<String> v) { command = new ArrayList<>(v); return this; }

        /**
         * Sets {@link BenchmarkPlan#configDir()}.
         *
         * @param v {@code --config-dir}; relative paths resolve per {@code configFromCheckout}
         * @return this builder
         */
        public Builder configDir(String v) { configDir = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#configFromCheckout()}.
         *
         * @param v false (default): a relative config dir resolves against each commit's workspace (benchmark.py's
         *          behaviour); true: against the current checkout
         * @return this builder
         */
        public Builder configFromCheckout(boolean v) { configFromCheckout = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#configName()}.
         *
         * @param v {@code --config-name}
         * @return this builder
         */
        public Builder configName(String v) { configName = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#metrics()}.
         *
         * @param v metric paths to summarize (default: benchmark.py's list)
         * @return this builder
         */
        public Builder metrics(List<String> v) { metrics = new ArrayList<>(v); return this; }

        /**
         * Sets {@link BenchmarkPlan#points()}.
         *
         * @param v the sweep points (at least one; {@link SweepPoint#empty()} for none)
         * @return this builder
         */
        public Builder points(List<SweepPoint> v) { points = new ArrayList<>(v); return this; }

        /**
         * Sets {@link BenchmarkPlan#extraArgs()}.
         *
         * @param v arguments passed to every engine run unchanged (Hydra overrides, {@code --multirun})
         * @return this builder
         */
        public Builder extraArgs(List<String> v) { extraArgs = new ArrayList<>(v); return this; }

        /**
         * Sets {@link BenchmarkPlan#rounds()}.
         *
         * @param v rounds per commit and point (default 3)
         * @return this builder
         */
        public Builder rounds(int v) { rounds = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#maxRounds()}.
         *
         * @param v the most rounds per commit and point while a gate is inconclusive (default:
         *          {@link BenchmarkPlan#DEFAULT_MAX_ROUNDS}, or {@code rounds} when that is more)
         * @return this builder
         */
        public Builder maxRounds(int v) { maxRounds = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#thresholdPercent()}.
         *
         * @param v the regression threshold, in percent (default 5)
         * @return this builder
         */
        public Builder thresholdPercent(double v) { thresholdPercent = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#confidence()}.
         *
         * @param v the confidence level (default 0.95)
         * @return this builder
         */
        public Builder confidence(double v) { confidence = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#order()}.
         *
         * @param v how rounds are interleaved (default ABBA blocks)
         * @return this builder
         */
        public Builder order(RoundOrder v) { order = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#seed()}.
         *
         * @param v the seed for the random order and the bootstrap
         * @return this builder
         */
        public Builder seed(long v) { seed = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#warmups()}.
         *
         * @param v the command engine's warm-up runs per round (default 1)
         * @return this builder
         */
        public Builder warmups(int v) { warmups = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#iterations()}.
         *
         * @param v the command engine's timed iterations per round (default 10)
         * @return this builder
         */
        public Builder iterations(int v) { iterations = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#checkout()}.
         *
         * @param v worktree (default) or in place
         * @return this builder
         */
        public Builder checkout(CheckoutMode v) { checkout = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#workspaceRoot()}.
         *
         * @param v where worktrees go (null: under the system temp directory)
         * @return this builder
         */
        public Builder workspaceRoot(Path v) { workspaceRoot = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#cacheDir()}.
         *
         * @param v a directory where worktrees are kept and reused across runs (null: none)
         * @return this builder
         */
        public Builder cacheDir(Path v) { cacheDir = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#keepWorkspaces()}.
         *
         * @param v keep worktrees when the run fails
         * @return this builder
         */
        public Builder keepWorkspaces(boolean v) { keepWorkspaces = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#setup()}.
         *
         * @param v a setup command run once per materialized commit (null: none)
         * @return this builder
         */
        public Builder setup(String v) { setup = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#environment()}.
         *
         * @param v per-commit environment variables (placeholders allowed)
         * @return this builder
         */
        public Builder environment(Map<String, String> v) { environment = new LinkedHashMap<>(v); return this; }

        /**
         * Adds one per-commit environment variable to {@link BenchmarkPlan#environment()}.
         *
         * @param key the variable's name
         * @param value its value (placeholders allowed)
         * @return this builder
         */
        public Builder env(String key, String value) { environment.put(key, value); return this; }

        /**
         * Sets {@link BenchmarkPlan#timeout()}.
         *
         * @param v the limit for one engine run (default 1 hour)
         * @return this builder
         */
        public Builder timeout(Duration v) { timeout = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#outputDir()}.
         *
         * @param v where the run folder goes; the session makes a fresh {@code run-*} folder inside unless
         *          {@code ensureEmpty} is false
         * @return this builder
         */
        public Builder outputDir(Path v) { outputDir = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#ensureEmpty()}.
         *
         * @param v true (default): results go into a fresh folder under {@code outputDir}
         * @return this builder
         */
        public Builder ensureEmpty(boolean v) { ensureEmpty = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#inconclusive()}.
         *
         * @param v what an inconclusive gate does to a test (default ABORT)
         * @return this builder
         */
        public Builder inconclusive(InconclusivePolicy v) { inconclusive = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#probableRegression()}.
         *
         * @param v what a probable regression does to a test (default FAIL)
         * @return this builder
         */
        public Builder probableRegression(InconclusivePolicy v) { probableRegression = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#pointDirectories()}.
         *
         * @param v where each point's runs go inside {@code commit=<sha>/} (default {@link PointDirectories#PER_POINT})
         * @return this builder
         */
        public Builder pointDirectories(PointDirectories v) { pointDirectories = v; return this; }

        /**
         * Sets {@link BenchmarkPlan#reportFormats()}.
         *
         * @param v the readable reports {@link BenchmarkSession#writeRunFiles()} writes (default both)
         * @return this builder
         */
        public Builder reportFormats(Set<ReportFormat> v) { reportFormats = Set.copyOf(v); return this; }

        /**
         * Sets {@link BenchmarkPlan#directions()}.
         *
         * @param v per-metric overrides of {@link Direction#of(String)} (default none)
         * @return this builder
         */
        public Builder directions(Map<String, Direction> v) { directions = new LinkedHashMap<>(v); return this; }

        /**
         * Adds one per-metric override to {@link BenchmarkPlan#directions()}.
         *
         * @param metric the metric path
         * @param v which way is better for it
         * @return this builder
         */
        public Builder direction(String metric, Direction v) { directions.put(metric, v); return this; }

        /**
         * Sets {@link BenchmarkPlan#expandMetrics()}.
         *
         * @param v benchmark.py's {@code expand_metrics}: the summaries' metrics nested by their path segments
         *          (default false: flat dotted paths)
         * @return this builder
         */
        public Builder expandMetrics(boolean v) { expandMetrics = v; return this; }

        /**
         * {@return the plan; an unset {@code maxRounds} becomes {@link BenchmarkPlan#DEFAULT_MAX_ROUNDS}, or
         * {@code rounds} when that is more}
         */
        public BenchmarkPlan build() {
            return new BenchmarkPlan(repository, commits, base, engine, executable, command, configDir,
                    configFromCheckout, configName, metrics, points, extraArgs, rounds,
                    maxRounds == null ? Math.max(DEFAULT_MAX_ROUNDS, rounds) : maxRounds, thresholdPercent, confidence,
                    order, seed, warmups, iterations, checkout, workspaceRoot, cacheDir, keepWorkspaces, setup,
                    environment, timeout, outputDir, ensureEmpty, inconclusive, probableRegression, pointDirectories,
                    reportFormats, directions, expandMetrics);
        }
    }
}
