package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.InconclusivePolicy;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.git.WorkspaceOptions;
import dev.commitbench.session.OutputSettings.PointDirectories;
import dev.commitbench.session.OutputSettings.ReportFormat;
import dev.commitbench.stats.ComparisonSettings;
import dev.commitbench.stats.Direction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Builds a {@link BenchmarkPlan}: the one home of the defaults, and of the check of every setting
 * ({@link #build()}). Setters take the values as the plan's parts hold them; see the parts for their meaning.
 */
@API(status = INTERNAL, since = "0.1")
public final class PlanBuilder {
    Function<String, String> settingNames = setting -> "'" + setting + "'";
    Path repository = Path.of("").toAbsolutePath();
    List<String> commits = BenchmarkPlan.DEFAULT_COMMITS;
    String base = BenchmarkPlan.DEFAULT_BASE;
    String engine = EngineSettings.OPTIMUM_BENCHMARK;
    List<String> executable = List.of(EngineSettings.OPTIMUM_BENCHMARK);
    List<String> command = List.of();
    String configDir;
    boolean configFromCheckout;
    String configName;
    List<String> metrics;
    List<SweepPoint> points = List.of(SweepPoint.empty());
    List<String> extraArgs = List.of();
    int rounds = BenchmarkPlan.DEFAULT_ROUNDS;
    /** {@code null} until set: then {@link BenchmarkPlan#DEFAULT_MAX_ROUNDS}, or {@code rounds} when that is more. */
    Integer maxRounds;
    double thresholdPercent = ComparisonSettings.DEFAULT_THRESHOLD_PERCENT;
    double confidence = ComparisonSettings.DEFAULT_CONFIDENCE;
    BenchmarkPlan.RoundOrder order = BenchmarkPlan.RoundOrder.ABBA;
    long seed = ComparisonSettings.DEFAULT_SEED;
    int warmups = BenchmarkPlan.DEFAULT_WARMUPS;
    int iterations = BenchmarkPlan.DEFAULT_ITERATIONS;
    CheckoutMode checkout = CheckoutMode.WORKTREE;
    Path workspaceRoot;
    Path cacheDir;
    boolean keepWorkspaces;
    String setup;
    Duration setupTimeout = WorkspaceOptions.DEFAULT_SETUP_TIMEOUT;
    Map<String, String> environment = new LinkedHashMap<>();
    Duration timeout = BenchmarkPlan.DEFAULT_TIMEOUT;
    Path outputDir = Path.of("_benchmark").toAbsolutePath();
    boolean ensureEmpty = true;
    InconclusivePolicy inconclusive = OutcomePolicies.defaults().inconclusive();
    InconclusivePolicy probableRegression = OutcomePolicies.defaults().probableRegression();
    PointDirectories pointDirectories = PointDirectories.PER_POINT;
    Set<ReportFormat> reportFormats = EnumSet.allOf(ReportFormat.class);
    Map<String, Direction> directions = new LinkedHashMap<>();
    boolean expandMetrics;

    PlanBuilder() {
    }

    PlanBuilder(BenchmarkPlan p) {
        repository = p.repository(); commits = p.commits(); base = p.base();
        EngineSettings e = p.engine();
        engine = e.name(); executable = e.executable(); command = e.command(); warmups = e.warmups();
        iterations = e.iterations(); configDir = e.configDir(); configFromCheckout = e.configFromCheckout();
        configName = e.configName(); extraArgs = e.extraArgs(); timeout = e.timeout();
        metrics = p.metrics(); points = p.points(); order = p.order();
        ComparisonSettings c = p.comparison();
        thresholdPercent = c.thresholdPercent(); confidence = c.confidence(); seed = c.seed();
        directions = new LinkedHashMap<>(c.directions()); rounds = c.rounds(); maxRounds = c.maxRounds();
        WorkspaceOptions w = p.workspaces();
        checkout = w.mode(); workspaceRoot = w.root(); cacheDir = w.cacheDir(); keepWorkspaces = w.keepWorkspaces();
        setup = w.setupCommand(); environment = new LinkedHashMap<>(w.environment()); setupTimeout = w.setupTimeout();
        inconclusive = p.policies().inconclusive(); probableRegression = p.policies().probableRegression();
        OutputSettings o = p.output();
        outputDir = o.directory(); ensureEmpty = o.ensureEmpty(); pointDirectories = o.pointDirectories();
        reportFormats = o.reportFormats(); expandMetrics = o.expandMetrics();
    }

    /**
     * Sets how the check's messages name a setting: the annotation's attributes ({@code 'threshold'}, the
     * default) or the command line's flags ({@code --threshold}).
     *
     * @param v a setting's name (as the annotation's attribute) to the name the user knows it by
     * @return this builder
     */
    public PlanBuilder settingNames(Function<String, String> v) { settingNames = v; return this; }

    /**
     * Sets {@code repository}.
     *
     * @param v a directory inside the git repository under test
     * @return this builder
     */
    public PlanBuilder repository(Path v) { repository = v; return this; }

    /**
     * Sets {@code commits}.
     *
     * @param v commit specs ({@code diff}, refs, ranges); the first resolved commit is the baseline
     * @return this builder
     */
    public PlanBuilder commits(List<String> v) { commits = new ArrayList<>(v); return this; }

    /**
     * Sets {@code base}.
     *
     * @param v the base branch {@code diff} compares with (default {@value CommitResolver#DEFAULT_BASE})
     * @return this builder
     */
    public PlanBuilder base(String v) { base = v; return this; }

    /**
     * Sets {@code engine}.
     *
     * @param v {@code optimum-benchmark} (default) or {@code command}
     * @return this builder
     */
    public PlanBuilder engine(String v) { engine = v; return this; }

    /**
     * Sets {@code executable}.
     *
     * @param v the optimum-benchmark executable as words (default {@code optimum-benchmark})
     * @return this builder
     */
    public PlanBuilder executable(List<String> v) { executable = new ArrayList<>(v); return this; }

    /**
     * Sets {@code command}.
     *
     * @param v the command engine's command as words
     * @return this builder
     */
    public PlanBuilder command(List<String> v) { command = new ArrayList<>(v); return this; }

    /**
     * Sets {@code configDir}.
     *
     * @param v {@code --config-dir}
     * @return this builder
     */
    public PlanBuilder configDir(String v) { configDir = v; return this; }

    /**
     * Sets {@code configFromCheckout}.
     *
     * @param v whether a relative config dir resolves against the current checkout (default false)
     * @return this builder
     */
    public PlanBuilder configFromCheckout(boolean v) { configFromCheckout = v; return this; }

    /**
     * Sets {@code configName}.
     *
     * @param v {@code --config-name}
     * @return this builder
     */
    public PlanBuilder configName(String v) { configName = v; return this; }

    /**
     * Sets {@code metrics}.
     *
     * @param v metric paths to summarize (default: benchmark.py's list, or {@link BenchmarkPlan#COMMAND_METRICS} for the
     *          command engine)
     * @return this builder
     */
    public PlanBuilder metrics(List<String> v) { metrics = new ArrayList<>(v); return this; }

    /**
     * Sets {@code points}.
     *
     * @param v the sweep points (at least one; {@link SweepPoint#empty()} for none)
     * @return this builder
     */
    public PlanBuilder points(List<SweepPoint> v) { points = new ArrayList<>(v); return this; }

    /**
     * Sets {@code extraArgs}.
     *
     * @param v arguments passed to every engine run unchanged (Hydra overrides, {@code --multirun})
     * @return this builder
     */
    public PlanBuilder extraArgs(List<String> v) { extraArgs = new ArrayList<>(v); return this; }

    /**
     * Sets {@code rounds}.
     *
     * @param v rounds per commit and point (default {@value BenchmarkPlan#DEFAULT_ROUNDS})
     * @return this builder
     */
    public PlanBuilder rounds(int v) { rounds = v; return this; }

    /**
     * Sets {@code maxRounds}.
     *
     * @param v the most rounds per commit and point while a gate is inconclusive (default:
     *          {@value BenchmarkPlan#DEFAULT_MAX_ROUNDS}, or {@code rounds} when that is more)
     * @return this builder
     */
    public PlanBuilder maxRounds(int v) { maxRounds = v; return this; }

    /**
     * Sets {@code thresholdPercent}.
     *
     * @param v the regression threshold, in percent (default 5)
     * @return this builder
     */
    public PlanBuilder thresholdPercent(double v) { thresholdPercent = v; return this; }

    /**
     * Sets {@code confidence}.
     *
     * @param v the confidence level (default 0.95)
     * @return this builder
     */
    public PlanBuilder confidence(double v) { confidence = v; return this; }

    /**
     * Sets {@code order}.
     *
     * @param v how rounds are interleaved (default ABBA blocks)
     * @return this builder
     */
    public PlanBuilder order(BenchmarkPlan.RoundOrder v) { order = v; return this; }

    /**
     * Sets {@code seed}.
     *
     * @param v the seed for the random order and the bootstrap
     * @return this builder
     */
    public PlanBuilder seed(long v) { seed = v; return this; }

    /**
     * Sets {@code warmups}.
     *
     * @param v the command engine's warm-up runs per round (default {@value BenchmarkPlan#DEFAULT_WARMUPS})
     * @return this builder
     */
    public PlanBuilder warmups(int v) { warmups = v; return this; }

    /**
     * Sets {@code iterations}.
     *
     * @param v the command engine's timed iterations per round (default
     *          {@value BenchmarkPlan#DEFAULT_ITERATIONS})
     * @return this builder
     */
    public PlanBuilder iterations(int v) { iterations = v; return this; }

    /**
     * Sets {@code checkout}.
     *
     * @param v worktree (default) or in place
     * @return this builder
     */
    public PlanBuilder checkout(CheckoutMode v) { checkout = v; return this; }

    /**
     * Sets {@code workspaceRoot}.
     *
     * @param v where worktrees go (null: under the system temp directory)
     * @return this builder
     */
    public PlanBuilder workspaceRoot(Path v) { workspaceRoot = v; return this; }

    /**
     * Sets {@code cacheDir}.
     *
     * @param v a directory where worktrees are kept and reused across runs (null: none)
     * @return this builder
     */
    public PlanBuilder cacheDir(Path v) { cacheDir = v; return this; }

    /**
     * Sets {@code keepWorkspaces}.
     *
     * @param v keep worktrees when the run fails
     * @return this builder
     */
    public PlanBuilder keepWorkspaces(boolean v) { keepWorkspaces = v; return this; }

    /**
     * Sets {@code setup}.
     *
     * @param v a setup command run once per materialized commit (null: none)
     * @return this builder
     */
    public PlanBuilder setup(String v) { setup = v; return this; }

    /**
     * Sets {@code setupTimeout}.
     *
     * @param v the limit for one run of the setup command, after which its process tree is killed (default 1 hour)
     * @return this builder
     */
    public PlanBuilder setupTimeout(Duration v) { setupTimeout = v; return this; }

    /**
     * Sets {@code environment}.
     *
     * @param v per-commit environment variables (placeholders allowed)
     * @return this builder
     */
    public PlanBuilder environment(Map<String, String> v) { environment = new LinkedHashMap<>(v); return this; }

    /**
     * Adds one per-commit environment variable.
     *
     * @param key the variable's name
     * @param value its value (placeholders allowed)
     * @return this builder
     */
    public PlanBuilder env(String key, String value) { environment.put(key, value); return this; }

    /**
     * Sets {@code timeout}.
     *
     * @param v the limit for one engine run (default 1 hour)
     * @return this builder
     */
    public PlanBuilder timeout(Duration v) { timeout = v; return this; }

    /**
     * Sets {@code outputDir}.
     *
     * @param v where the run folder goes
     * @return this builder
     */
    public PlanBuilder outputDir(Path v) { outputDir = v; return this; }

    /**
     * Sets {@code ensureEmpty}.
     *
     * @param v true (default): results go into a fresh folder under {@code outputDir}
     * @return this builder
     */
    public PlanBuilder ensureEmpty(boolean v) { ensureEmpty = v; return this; }

    /**
     * Sets {@code inconclusive}.
     *
     * @param v what an inconclusive gate does to a test (default ABORT)
     * @return this builder
     */
    public PlanBuilder inconclusive(InconclusivePolicy v) { inconclusive = v; return this; }

    /**
     * Sets {@code probableRegression}.
     *
     * @param v what a probable regression does to a test (default FAIL)
     * @return this builder
     */
    public PlanBuilder probableRegression(InconclusivePolicy v) { probableRegression = v; return this; }

    /**
     * Sets {@code pointDirectories}.
     *
     * @param v where each point's runs go inside {@code commit=<sha>/} (default {@link PointDirectories#PER_POINT})
     * @return this builder
     */
    public PlanBuilder pointDirectories(PointDirectories v) { pointDirectories = v; return this; }

    /**
     * Sets {@code reportFormats}.
     *
     * @param v the readable reports written into the run folder (default both)
     * @return this builder
     */
    public PlanBuilder reportFormats(Set<ReportFormat> v) { reportFormats = Set.copyOf(v); return this; }

    /**
     * Sets {@code directions}.
     *
     * @param v per-metric overrides of {@link Direction#of(String)} (default none)
     * @return this builder
     */
    public PlanBuilder directions(Map<String, Direction> v) { directions = new LinkedHashMap<>(v); return this; }

    /**
     * Adds one per-metric override.
     *
     * @param metric the metric path
     * @param v which way is better for it
     * @return this builder
     */
    public PlanBuilder direction(String metric, Direction v) { directions.put(metric, v); return this; }

    /**
     * Sets {@code expandMetrics}.
     *
     * @param v benchmark.py's {@code expand_metrics} (default false: flat dotted paths)
     * @return this builder
     */
    public PlanBuilder expandMetrics(boolean v) { expandMetrics = v; return this; }

    /**
     * Checks every setting ({@link PlanValidator}), then builds the plan; an unset {@code maxRounds} becomes
     * {@link BenchmarkPlan#DEFAULT_MAX_ROUNDS}, or {@code rounds} when that is more, and unset metrics the
     * engine's defaults.
     *
     * @return the plan
     * @throws IllegalArgumentException naming the bad setting (as {@link #settingNames} names it) and what to do
     */
    public BenchmarkPlan build() {
        if (metrics == null) {
            metrics = EngineSettings.COMMAND.equals(engine) ? BenchmarkPlan.COMMAND_METRICS : BenchmarkPlan.DEFAULT_METRICS;
        }
        int most = maxRounds == null ? Math.max(BenchmarkPlan.DEFAULT_MAX_ROUNDS, rounds) : maxRounds;
        PlanValidator.validate(this, most);
        return new BenchmarkPlan(repository, commits, base,
                new EngineSettings(engine, executable, command, warmups, iterations, configDir, configFromCheckout,
                        configName, extraArgs, timeout),
                metrics, points, order,
                new ComparisonSettings(thresholdPercent, confidence, ComparisonSettings.MIN_RESAMPLES, seed,
                        directions, rounds, most),
                new WorkspaceOptions(checkout, workspaceRoot, cacheDir, keepWorkspaces, setup, environment,
                        setupTimeout),
                new OutcomePolicies(inconclusive, probableRegression),
                new OutputSettings(outputDir, ensureEmpty, pointDirectories, reportFormats, expandMetrics));
    }
}
