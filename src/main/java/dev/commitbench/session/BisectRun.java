package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import dev.commitbench.Summary;
import dev.commitbench.bisect.BisectResult;
import dev.commitbench.bisect.BisectSearch;
import dev.commitbench.bisect.BisectSettings;
import dev.commitbench.bisect.Trial;
import dev.commitbench.engine.EngineException;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.git.FirstParentPath;
import dev.commitbench.git.GitException;
import dev.commitbench.git.Workspaces;
import dev.commitbench.internal.Shutdown;
import dev.commitbench.report.BisectHtmlWriter;
import dev.commitbench.report.BisectJsonWriter;
import dev.commitbench.report.BisectMarkdownWriter;
import dev.commitbench.report.SummaryFiles;
import dev.commitbench.scale.Device;
import dev.commitbench.stats.ComparisonSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code BisectRun} is used to find the commit that made a metric worse: it resolves the good and the bad
 * commit, takes the first-parent path between them ({@link FirstParentPath}), and drives a {@link BisectSearch}
 * over it with the plan's engine, workspaces and run-folder layout, one engine run per {@link Trial}. Each
 * commit is materialized once (the workspaces' cache; in place, checked out again before each run) and its
 * setup runs once. On several devices ({@link #start(BenchmarkPlan, String, String, int, List, ProgressListener)}),
 * each batch holds one commit per device and its trials run at the same time, one lane per device, every run pinned
 * to its device; the ends' ABBA pairs, a search batch's anchor with the commit next to it, and a confirming pair each
 * stay on one device in their order ({@code BisectLanes}), and the workspaces are shared (a commit is materialized by
 * the first lane that needs it); {@code BisectBatchRunner} runs each batch. A run that fails is a failed round for the
 * search (the commit is tried again, then skipped); an engine usage error or a missing engine stops the bisection
 * with its exception, after which {@link #writeRunFiles(BisectResult)} is not possible but {@link #summaries()} holds what was measured.
 *
 * <p>The plan's sweep point (exactly one), metric (exactly one), threshold, confidence, seed, directions,
 * engine, setup, environment, checkout mode and output folder are used; its commits, rounds and policies are
 * not (the search decides how often each commit runs). Runs go where a benchmark's runs go:
 * {@code <run>/commit=<sha>/} for a commit's first round, {@code <run>/round-<r>/commit=<sha>/} for later ones.
 * The run-level files are {@code bisect.json}, {@code report.md}, {@code report.html} (of the plan's report
 * formats), {@code summaries.json} and benchmark.py's combined {@code summary.json}.
 *
 * <p>Not thread-safe (one thread starts, runs and closes it; the lanes are its own threads); close it to remove the
 * workspaces.
 */
@API(status = INTERNAL, since = "0.1")
public final class BisectRun implements AutoCloseable {


    private final BenchmarkPlan plan;
    private final String metric;
    private final BisectSettings settings;
    private final FirstParentPath.Result path;
    private final Path runDirectory;
    private final Workspaces workspaces;
    private final RepositoryLock repositoryLock;
    private final ProgressListener progress;
    /** Runs the batches: the lanes, the engine runs, the summaries and the progress counts. */
    private final BisectBatchRunner batches;
    private final Shutdown.Registration atExit;
    private boolean closed;

    private BisectRun(BenchmarkPlan plan, BisectSettings settings, ProgressListener progress,
            FirstParentPath.Result path, Path workTree, Path runDirectory, Workspaces workspaces, RepositoryLock lock,
            List<Device> devices) {
        this.plan = plan;
        this.metric = plan.metrics().get(0);
        this.settings = settings;
        this.path = path;
        this.runDirectory = runDirectory;
        this.workspaces = workspaces;
        this.repositoryLock = lock;
        this.progress = progress;
        this.batches = new BisectBatchRunner(plan, settings.maxRuns(), progress, path.commits().size(), workTree,
                runDirectory, workspaces, lock, devices);
        this.atExit = Shutdown.onExit("reporting the interrupted bisection", this::interruptedByExit);
    }

    /**
     * Checks the plan, resolves {@code good} and {@code bad}, finds the first-parent path between them and
     * prepares the run folder and the workspaces; nothing is run yet.
     *
     * @param plan        the engine, workspaces, point, metric and threshold (its commits are not used)
     * @param good        a ref of the good commit (where the metric was fine)
     * @param bad         a ref of the bad commit (where it is worse)
     * @param maxRuns     the engine-run budget ({@link BisectSettings#DEFAULT_MAX_RUNS} by default)
     * @param progress    hears of each run and note; {@code null} for none
     * @return the bisection, ready to {@link #run()}; close it
     * @throws IllegalArgumentException naming the bad setting (more than one metric or sweep point, a budget too
     *                                  small), before any git or process work
     * @throws GitException             when a ref is unknown, good and bad are the same commit, good is not an
     *                                  ancestor of bad, or there is no first-parent path between them
     */
    public static BisectRun start(BenchmarkPlan plan, String good, String bad, int maxRuns, ProgressListener progress) {
        return start(plan, good, bad, maxRuns, List.of(), progress);
    }

    /**
     * As {@link #start(BenchmarkPlan, String, String, int, ProgressListener)}, on {@code devices}: with k devices each
     * batch of the search holds k commits (plus an anchor round of an end), run at the same time, one device each,
     * every run pinned to its device ({@code BisectLanes} says which trial runs where).
     *
     * @param plan     the engine, workspaces, point, metric and threshold (its commits are not used)
     * @param good     a ref of the good commit (where the metric was fine)
     * @param bad      a ref of the bad commit (where it is worse)
     * @param maxRuns  the engine-run budget ({@link BisectSettings#DEFAULT_MAX_RUNS} by default)
     * @param devices  the devices, as {@code DeviceList.select} gives them; empty: one run at a time on the default
     *                 device
     * @param progress hears of each run and note; {@code null} for none
     * @return the bisection, ready to {@link #run()}; close it
     * @throws IllegalArgumentException naming the bad setting (more than one metric or sweep point, a budget too
     *                                  small, several devices in place), before any git or process work
     * @throws GitException             when a ref is unknown, good and bad are the same commit, good is not an
     *                                  ancestor of bad, or there is no first-parent path between them
     */
    public static BisectRun start(BenchmarkPlan plan, String good, String bad, int maxRuns, List<Device> devices,
            ProgressListener progress) {
        if (devices.size() > 1 && plan.workspaces().mode() == CheckoutMode.IN_PLACE) {
            throw new IllegalArgumentException("bisection on " + devices.size() + " devices runs several commits at"
                    + " once, but in-place mode checks every commit out in the repository's own working tree, one at a"
                    + " time; leave out in-place (--in-place) to give each commit a worktree of its own, or bisect on"
                    + " one device.");
        }
        BenchmarkPlan checked = plan.toBuilder().commits(List.of(good, bad)).build();
        if (checked.metrics().size() != 1) {
            throw new IllegalArgumentException("bisection follows exactly one metric, but " + checked.metrics().size()
                    + " were given " + checked.metrics() + "; name the one that got worse, e.g. "
                    + checked.metrics().get(0));
        }
        if (checked.points().size() != 1) {
            throw new IllegalArgumentException("bisection measures one sweep point, but " + checked.points().size()
                    + " were given (" + checked.points().stream().map(SweepPoint::label).collect(Collectors.joining("; "))
                    + "); give one value per key, the point that got worse");
        }
        requireOneCommit("good", good);
        requireOneCommit("bad", bad);
        BisectSettings defaults = BisectSettings.of(checked.metrics().get(0));
        if (maxRuns < 2 * defaults.endRounds()) {
            throw new IllegalArgumentException("the engine-run budget must be at least " + 2 * defaults.endRounds() + " ("
                    + defaults.endRounds() + " rounds of good and of bad before the search) but was [" + maxRuns
                    + "]; the default is " + BisectSettings.DEFAULT_MAX_RUNS);
        }
        ComparisonSettings comparison = checked.comparison();
        BisectSettings settings = defaults.withComparison(new ComparisonSettings(comparison.thresholdPercent(),
                comparison.confidence(), ComparisonSettings.defaults().resamples(), comparison.seed(),
                comparison.directions())).withMaxRuns(maxRuns).withParallelism(Math.max(1, devices.size()));
        ProgressListener listener = progress == null ? ProgressListener.SILENT : progress;
        FirstParentPath.Result path;
        Path workTree;
        Path gitDirectory;
        try (CommitResolver resolver = CommitResolver.open(checked.repository())) {
            workTree = resolver.workTree();
            gitDirectory = resolver.commonGitDirectory();
            Commit goodCommit = resolveOne(resolver, good, checked.base(), listener);
            Commit badCommit = resolveOne(resolver, bad, checked.base(), listener);
            path = FirstParentPath.between(workTree, goodCommit, badCommit);
        }
        listener.note("Bisecting " + metric(checked) + " over " + path.commits().size() + " first-parent commits from "
                + path.commits().get(0).displayName() + " (good) to "
                + path.commits().get(path.commits().size() - 1).displayName() + " (bad), at most " + maxRuns
                + " engine runs" + (devices.size() > 1 ? ", " + devices.size() + " commits at a time on " + devices.size()
                        + " devices" : "") + ".");
        Path run = RunFiles.runFolder(checked.output());
        RepositoryLock lock = new RepositoryLock(gitDirectory);
        Workspaces workspaces = lock.call(() -> Workspaces.open(workTree, checked.workspaces()));
        return new BisectRun(checked, settings, listener, path, workTree, run, workspaces, lock, devices);
    }

    private static String metric(BenchmarkPlan plan) {
        return plan.metrics().get(0) + (plan.points().get(0).label().isEmpty() ? "" : " at " + plan.points().get(0).label());
    }

    private static void requireOneCommit(String which, String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("bisection needs the " + which + " commit, a branch, tag or SHA, but it"
                    + " was not given");
        }
        if (spec.contains("..") || spec.contains(",") || spec.equals(CommitResolver.DIFF)
                || spec.equals(CommitResolver.DIFF_WORKTREE) || spec.strip().startsWith(Commit.WORKTREE)) {
            throw new IllegalArgumentException("the " + which + " commit must be one commit of the history (a branch,"
                    + " tag or SHA) but was [" + spec + "]; ranges, lists, diff and WORKTREE are not bisected");
        }
    }

    private static Commit resolveOne(CommitResolver resolver, String spec, String base, ProgressListener progress) {
        var resolution = resolver.resolve(List.of(spec.strip()), base);
        resolution.notes().forEach(progress::note);
        return resolution.commits().get(0);
    }

    /** {@return the first-parent commits searched, good first, bad last} */
    public List<Commit> path() {
        return path.commits();
    }

    /** {@return the run folder} */
    public Path runDirectory() {
        return runDirectory;
    }

    /** {@return the settings the search runs with} */
    public BisectSettings settings() {
        return settings;
    }

    /** {@return every run's summary so far, in run order} */
    public List<Summary> summaries() {
        return batches.summaries();
    }

    /**
     * Runs the search to its end, one engine run per trial; on several devices, the trials of a batch at the same
     * time, one lane per device ({@code BisectLanes}, run by {@code BisectBatchRunner}). The outcomes are recorded in
     * the batch's order whichever device ran them, so the search asks for the same next batch whatever the timing.
     *
     * @return what it found, with the sweep point's model and config and the metric's unit filled in
     * @throws IllegalArgumentException when the first reports read lack the metric (naming it, with the close and
     *                                  the available metric paths)
     * @throws dev.commitbench.engine.EngineUsageException when the engine reports a usage error (exit 2)
     * @throws EngineException when the engine cannot run at all (it is missing, or the JVM is exiting)
     */
    public BisectResult run() {
        BisectSearch search = BisectSearch.over(path.commits(), settings);
        for (List<Trial> batch = search.nextBatch(); !batch.isEmpty(); batch = search.nextBatch()) {
            batches.run(batch, search);
        }
        return labelled(search.result());
    }

    /** The result with the model, config and unit the reports give (the search starts before any report is read). */
    private BisectResult labelled(BisectResult r) {
        String model = "";
        String config = "";
        String unit = "";
        for (Summary s : summaries()) {
            if (s.metrics().containsKey(metric)) {
                model = s.model();
                config = s.config();
                unit = s.units().getOrDefault(metric, "");
                break;
            }
        }
        BisectSettings labelledSettings = r.settings().withPoint(model, config).withUnit(unit);
        return new BisectResult(r.kind(), labelledSettings, r.good(), r.bad(), r.culprit(), r.probability(), r.steps(),
                r.range(), r.candidates(), r.engineRuns(), r.commitsMaterialized(), r.measurements(), r.estimates(),
                r.endToEnd(), r.confirmations(), r.skipped(), r.summary());
    }

    /**
     * Writes {@code bisect.json}, the plan's readable reports ({@code report.md}, {@code report.html}),
     * {@code summaries.json} and the combined {@code summary.json} into the run folder.
     *
     * @param result what the bisection found
     */
    public void writeRunFiles(BisectResult result) {
        writeSummaries();
        new BisectJsonWriter().write(runDirectory, result);
        if (plan.output().reportFormats().contains(OutputSettings.ReportFormat.MARKDOWN)) {
            new BisectMarkdownWriter().write(runDirectory, result);
        }
        if (plan.output().reportFormats().contains(OutputSettings.ReportFormat.HTML)) {
            new BisectHtmlWriter().write(runDirectory, result);
        }
    }

    /** Writes {@code summaries.json} and the combined {@code summary.json} of every run so far (also after an error). */
    public void writeSummaries() {
        List<Summary> all = batches.summaries();
        SummaryFiles.writeSummaries(all, runDirectory, plan.output().expandMetrics());
        SummaryFiles.writeCombined(all, runDirectory, plan.output().expandMetrics());
    }

    /**
     * What a message says about a commit of the path: its full SHA, subject, author and date.
     *
     * @param commit a commit of the path
     * @return {@code 1a2b3c4d… (1a2b3c4) "Speed up decoding" by Jane Doe <jane@example.com>, 2024-05-01}
     */
    public String describe(Commit commit) {
        return BisectText.describe(path.details(), commit);
    }

    /**
     * The message of a finished bisection for a console or a test failure: the search's summary, then the commits
     * it names with their subject and author, then where the files are.
     *
     * @param result what the bisection found
     * @return the message
     */
    public String message(BisectResult result) {
        return BisectText.message(path, result, runDirectory);
    }

    private void interruptedByExit() {
        progress.interrupted("interrupted " + batches.whereInterrupted() + "; " + repositoryLock.closeAtExit(workspaces) + ".");
    }

    /** Removes the workspaces (kept when a run failed and the plan keeps them); idempotent. */
    @Override
    public void close() {
        if (closed || Shutdown.leftToTheExit()) {
            return;
        }
        closed = true;
        try {
            if (batches.failed()) {
                workspaces.markFailed();
            }
            repositoryLock.run(workspaces::close);
        } finally {
            atExit.cancel();
        }
    }

    /** {@return the commit details of the path, by full SHA} */
    public Map<String, FirstParentPath.Details> details() {
        return path.details();
    }
}
