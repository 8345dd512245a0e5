package dev.commitbench.bisect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Measurement;
import dev.commitbench.Verdict;
import dev.commitbench.stats.Direction;
import dev.commitbench.stats.Distributions;
import dev.commitbench.stats.MetricComparator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code BisectSearch} is used to find the commit that made a metric worse on the first-parent path from
 * a good commit to a bad one, with as few engine runs as it can. It does not run anything itself: the
 * caller asks for the next batch of {@link Trial}s, runs each (one engine process, one round) and hands
 * back its {@link RoundOutcome}, until the batch is empty; then {@link #result()} holds the answer.
 *
 * <pre><code class='java'>
 * BisectSearch search = BisectSearch.over(path, BisectSettings.of("decode.latency.mean").withParallelism(2));
 * for (List&lt;Trial&gt; batch = search.nextBatch(); !batch.isEmpty(); batch = search.nextBatch()) {
 *     for (Trial trial : batch) {              // or run them on two workers, started in this order
 *         search.record(trial, engine.round(trial.commit()));
 *     }
 * }
 * BisectResult result = search.result();
 * </code></pre>
 *
 * <p>How it searches (see {@code docs/bisect-quality.md}):
 * <ol>
 * <li><b>The ends.</b> Good and bad run {@link BisectSettings#endRounds()} rounds each in ABBA order and are
 *     compared ({@link MetricComparator}). When the interval's upper end is below the threshold, the
 *     answer is {@link BisectResult.Kind#NO_REGRESSION}; while the interval is too wide to tell whether bad
 *     is worse at all (it holds 0 and reaches the threshold), both ends get more rounds.</li>
 * <li><b>The search.</b> A posterior over where the metric steps (one step, two steps, or a gradual
 *     drift; {@code BisectModel}) is fitted to every round. Each batch measures the
 *     {@link BisectSettings#parallelism()} commits whose next round is expected to reduce the posterior's
 *     entropy most, plus one anchor round of an end (good and bad in turn), ordered ABBA across batches
 *     (anchor first, then last), so that drift over time can be estimated and removed.</li>
 * <li><b>Stopping.</b> When one answer (a step's commit, both steps, or a drift) holds at least
 *     {@link BisectSettings#stopProbability()}, it is confirmed with an ordinary comparison against the
 *     parent, adding rounds of both while the comparison is inconclusive (up to
 *     {@link BisectSettings#maxConfirmRounds()}); those rounds also update the posterior, and the search
 *     resumes if the answer no longer holds. At {@link BisectSettings#maxRuns()} runs it stops with the
 *     candidates left.</li>
 * </ol>
 * <p>What the model sees of a round is its robust location ({@code RoundLocation}): the trimmed mean of the
 * logarithms of its samples, or, when the metric names a quantile ({@code median}, {@code pNN}, {@code min},
 * {@code max}), the logarithm of the round's value, so that a regression in the tail is followed.
 *
 * <p>A commit whose round fails is tried again, and skipped after {@link BisectSettings#skipAfterFailures()}
 * failures ({@code git bisect skip}): the search never stalls on it, and a step next to it is answered as a
 * {@link BisectResult.Kind#RANGE}.
 *
 * <p>Not thread-safe: one thread asks and records (the runs themselves may run anywhere). Results are
 * reproducible for the same outcomes.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BisectSearch {

    /** Metric statistics that describe a tail or an order statistic, whose round value the search follows. */
    private static final Pattern QUANTILE = Pattern.compile("p\\d{1,2}(\\.\\d+)?|median|min|max");

    private enum Phase { ENDS, SEARCH }

    /** One measured round of a commit. */
    private record Success(double value, List<Double> samples, RoundLocation location, int block) {
    }

    final List<Commit> path;
    final BisectSettings settings;
    final int last;
    final boolean higherIsBetter;
    private final boolean byValue;
    final double tlog;
    final List<List<Success>> successes = new ArrayList<>();
    final int[] trials;
    final int[] failures;
    final String[] lastFailure;
    final List<BisectResult.Run> runs = new ArrayList<>();
    final Map<Integer, Trial> pending = new LinkedHashMap<>();
    final Map<Integer, Integer> blockOf = new HashMap<>();
    private Phase phase = Phase.ENDS;
    int block;
    int sequences;
    int searchBatches;
    private int confirmBatches;
    Comparison endToEnd;
    BisectResult result;
    private final BisectConclusion conclusion = new BisectConclusion(this);
    private final BisectBatches batches = new BisectBatches(this);

    private BisectSearch(List<Commit> path, BisectSettings settings) {
        this.path = List.copyOf(path);
        this.settings = settings;
        this.last = path.size() - 1;
        this.higherIsBetter = settings.comparison().direction(settings.metric()) == Direction.HIGHER_IS_BETTER;
        String statistic = settings.metric().substring(settings.metric().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        this.byValue = QUANTILE.matcher(statistic).matches();
        double t = settings.thresholdPercent() / 100;
        this.tlog = higherIsBetter ? -Math.log(1 - t) : Math.log1p(t);
        for (int i = 0; i <= last; i++) {
            successes.add(new ArrayList<>());
        }
        trials = new int[path.size()];
        failures = new int[path.size()];
        lastFailure = new String[path.size()];
    }

    /**
     * A search over {@code path}: the first-parent commits from good (first) to bad (last), each once.
     *
     * @param path     the commits, good first, bad last
     * @param settings the settings
     * @return the search, before its first batch
     * @throws IllegalArgumentException when the path has fewer than two commits, good and bad are the same
     *                                  commit, or a commit appears twice
     */
    public static BisectSearch over(List<Commit> path, BisectSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (path == null || path.size() < 2) {
            throw new IllegalArgumentException("Bisection needs the first-parent path from the good commit to the bad"
                    + " one, at least two commits (good first, bad last), but got " + (path == null ? 0 : path.size())
                    + "; check that good is an ancestor of bad.");
        }
        Commit good = path.get(0);
        Commit bad = path.get(path.size() - 1);
        if (good.sha().equals(bad.sha())) {
            throw new IllegalArgumentException("The good and the bad commit are the same commit (" + good.shortSha()
                    + "): there is nothing to bisect; give a good commit that is an older ancestor of bad.");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < path.size(); i++) {
            Integer before = seen.put(path.get(i).sha(), i);
            if (before != null) {
                throw new IllegalArgumentException("Commit " + path.get(i).shortSha() + " appears twice on the path"
                        + " (positions " + before + " and " + i + "); list each first-parent commit once, good first.");
            }
        }
        return new BisectSearch(path, settings);
    }

    /**
     * The next trials to run, in the order they should start; empty when the search is done (then
     * {@link #result()} holds the answer). Every trial of a batch must be recorded before the next batch.
     *
     * @return the next batch, or an empty list
     * @throws IllegalStateException when trials of the last batch are not recorded yet
     */
    public List<Trial> nextBatch() {
        if (result != null) {
            return List.of();
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("Record the outcome of every trial of the last batch before asking for the next;"
                    + " still missing: " + pending.values().stream().map(t -> "#" + t.sequence() + " ("
                            + t.commit().shortSha() + ")").collect(Collectors.joining(", ")) + ".");
        }
        List<Trial> batch = decide();
        for (Trial t : batch) {
            pending.put(t.sequence(), t);
        }
        return batch;
    }

    /**
     * Records what one trial of the last batch gave. A measured round whose samples are not all positive
     * finite numbers counts as a failed round (a relative change needs a positive metric).
     *
     * @param trial   a trial of the last batch, not recorded yet
     * @param outcome what it gave
     * @throws IllegalArgumentException when the trial is not pending
     */
    public void record(Trial trial, RoundOutcome outcome) {
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(outcome, "outcome");
        Trial expected = pending.get(trial.sequence());
        if (!trial.equals(expected)) {
            throw new IllegalArgumentException("Trial #" + trial.sequence() + " (" + trial.commit().shortSha()
                    + ") is not a trial of the last batch that awaits its outcome; record each trial of the batch once.");
        }
        pending.remove(trial.sequence());
        int i = trial.index();
        int round = ++trials[i];
        String failure = outcome.failure();
        RoundLocation location = null;
        if (failure == null) {
            location = RoundLocation.of(byValue ? List.of(outcome.value()) : outcome.samples(), higherIsBetter);
            if (location == null || !Double.isFinite(outcome.value())) {
                failure = "the metric " + settings.metric() + " is not a positive finite number in this round (value "
                        + outcome.value() + ", samples " + BisectConclusion.abbreviate(outcome.samples()) + ")";
            }
        }
        if (failure != null) {
            failures[i]++;
            lastFailure[i] = failure;
            runs.add(new BisectResult.Run(trial.sequence(), i, trial.commit(), round, trial.role(), Double.NaN, List.of(),
                    failure));
        } else {
            successes.get(i).add(new Success(outcome.value(), outcome.samples(), location,
                    blockOf.getOrDefault(trial.sequence(), 0)));
            runs.add(new BisectResult.Run(trial.sequence(), i, trial.commit(), round, trial.role(), outcome.value(),
                    outcome.samples(), null));
        }
    }

    /**
     * Runs the whole search with {@code runner}, batch by batch.
     *
     * @param runner runs one batch and gives one outcome per trial, in order
     * @return the result
     * @throws IllegalStateException when the runner gives a different number of outcomes than trials
     */
    public BisectResult run(RoundRunner runner) {
        Objects.requireNonNull(runner, "runner");
        for (List<Trial> batch = nextBatch(); !batch.isEmpty(); batch = nextBatch()) {
            List<RoundOutcome> outcomes = runner.run(batch);
            if (outcomes == null || outcomes.size() != batch.size()) {
                throw new IllegalStateException("The runner must give one outcome per trial: " + batch.size()
                        + " trials but " + (outcomes == null ? "no list" : outcomes.size() + " outcomes") + ".");
            }
            for (int t = 0; t < batch.size(); t++) {
                record(batch.get(t), outcomes.get(t));
            }
        }
        return result();
    }

    /** {@return true when the search has its answer (the next batch is empty)} */
    public boolean isDone() {
        return result != null;
    }

    /**
     * The answer.
     *
     * @return the result
     * @throws IllegalStateException before the search is done
     */
    public BisectResult result() {
        if (result == null) {
            throw new IllegalStateException("The search is not done: run the trials of nextBatch() and record their outcomes"
                    + " until nextBatch() is empty; measurements() holds what was measured so far.");
        }
        return result;
    }

    /** {@return every engine run recorded so far, in order} */
    public List<BisectResult.Run> measurements() {
        return List.copyOf(runs);
    }

    /** {@return the settings} */
    public BisectSettings settings() {
        return settings;
    }

    /** {@return the commits searched, good first} */
    public List<Commit> path() {
        return path;
    }

    // ---- deciding --------------------------------------------------------------------------------

    private List<Trial> decide() {
        if (phase == Phase.ENDS) {
            for (int end : new int[] {0, last}) {
                if (successes.get(end).size() < 2 && skipped(end)) {
                    return conclusion.finishFailed(end);
                }
            }
            int needGood = skipped(0) ? 0 : settings.endRounds() - successes.get(0).size();
            int needBad = skipped(last) ? 0 : settings.endRounds() - successes.get(last).size();
            if (needGood > 0 || needBad > 0) {
                if (remaining() <= 0) {
                    return conclusion.finishNotPinned(null);
                }
                return batches.ends(Math.max(needGood, 0), Math.max(needBad, 0));
            }
            endToEnd = compare(0, last);
            if (endToEnd.upperPercent() < settings.thresholdPercent()) {
                return conclusion.finish(BisectResult.Kind.NO_REGRESSION, null, 0, List.of(), List.of(), List.of(endToEnd),
                        fit(), "No regression: " + conclusion.describe(endToEnd, "bad") + ", below the threshold "
                                + BisectConclusion.plain(settings.thresholdPercent()) + ".");
            }
            boolean tooWide = !(endToEnd.lowerPercent() > 0);
            if (tooWide && !skipped(0) && !skipped(last) && successes.get(0).size() < settings.maxEndRounds()
                    && successes.get(last).size() < settings.maxEndRounds() && remaining() >= 2) {
                return batches.ends(1, 1);
            }
            phase = Phase.SEARCH;
        }
        BisectModel model = fit();
        BisectModel.Answer best = model.best();
        if (remaining() <= 0) {
            return best.probability() >= settings.stopProbability() ? conclusion.finishAnswer(model, best, confirmations(best))
                    : conclusion.finishNotPinned(model);
        }
        if (best.probability() >= settings.stopProbability() && best.kind() == BisectModel.AnswerKind.DRIFT) {
            List<Integer> inside = batches.driftInterior(best);
            if (!inside.isEmpty()) {
                return batches.searchBatch(inside);
            }
        }
        if (best.probability() >= settings.stopProbability()) {
            List<int[]> pairs = pairs(best);
            List<Comparison> comparisons = confirmations(best);
            List<Integer> more = new ArrayList<>();
            for (int p = 0; p < pairs.size(); p++) {
                int[] pair = pairs.get(p);
                Comparison c = comparisons.get(p);
                if (c == null || c.verdict() == Verdict.INCONCLUSIVE) {
                    more.addAll(confirmRounds(pair[0], pair[1], c == null));
                }
            }
            if (more.isEmpty()) {
                return conclusion.finishAnswer(model, best, comparisons);
            }
            List<Integer> order = new ArrayList<>(more);
            if (confirmBatches++ % 2 == 1) {
                Collections.reverse(order);
            }
            return batches.batch(order, Trial.Role.CONFIRM, -1);
        }
        boolean[] eligible = new boolean[path.size()];
        for (int i = 1; i < last; i++) {
            eligible[i] = !skipped(i);
        }
        List<Integer> picks = model.choose(Math.min(settings.parallelism(), Math.max(1, remaining())), eligible);
        if (picks.isEmpty()) {
            return conclusion.finishNotPinned(model);
        }
        return batches.searchBatch(picks);
    }

    /**
     * Rounds for confirming {@code parent} against {@code child}: the one with fewer rounds when they differ
     * by two or more, otherwise both; none for a skipped commit or one at the round cap.
     */
    private List<Integer> confirmRounds(int parent, int child, boolean missing) {
        List<Integer> out = new ArrayList<>();
        int rp = successes.get(parent).size();
        int rc = successes.get(child).size();
        boolean canParent = !skipped(parent) && rp < settings.maxConfirmRounds();
        boolean canChild = !skipped(child) && rc < settings.maxConfirmRounds();
        if (missing) {
            if (rp == 0 && canParent) {
                out.add(parent);
            }
            if (rc == 0 && canChild) {
                out.add(child);
            }
            return out;
        }
        if (canParent && (rp + 2 <= rc || !canChild)) {
            out.add(parent);
        } else if (canChild && (rc + 2 <= rp || !canParent)) {
            out.add(child);
        } else if (canParent && canChild) {
            out.add(parent);
            out.add(child);
        }
        return out;
    }

    /** The (parent, commit) pairs that confirm an answer. */
    private List<int[]> pairs(BisectModel.Answer answer) {
        return switch (answer.kind()) {
            case SINGLE -> List.of(new int[] {answer.a() - 1, answer.b()});
            case TWO -> List.of(new int[] {answer.a() - 1, answer.b()}, new int[] {answer.c() - 1, answer.d()});
            case DRIFT -> List.of(new int[] {answer.a() - 1, answer.b()});
        };
    }

    /** The confirming comparisons of an answer's pairs; null where a side has no measured round yet. */
    private List<Comparison> confirmations(BisectModel.Answer answer) {
        List<Comparison> out = new ArrayList<>();
        for (int[] pair : pairs(answer)) {
            out.add(successes.get(pair[0]).isEmpty() || successes.get(pair[1]).isEmpty() ? null
                    : compare(pair[0], pair[1]));
        }
        return out;
    }

    Comparison compare(int base, int cand) {
        return MetricComparator.compare(settings.model(), settings.config(), settings.metric(), path.get(base),
                measurement(base), path.get(cand), measurement(cand), settings.comparison());
    }

    private Measurement measurement(int i) {
        List<Success> s = successes.get(i);
        return new Measurement(settings.metric(), settings.unit(), s.stream().map(Success::value).toList(),
                s.stream().map(Success::samples).toList());
    }

    BisectModel fit() {
        List<BisectModel.Obs> obs = new ArrayList<>();
        boolean[] unmeasurable = new boolean[path.size()];
        for (int i = 0; i <= last; i++) {
            for (Success s : successes.get(i)) {
                obs.add(new BisectModel.Obs(i, s.location(), s.block()));
            }
            unmeasurable[i] = skipped(i) && successes.get(i).isEmpty();
        }
        return new BisectModel(path.size(), obs, unmeasurable, tlog);
    }

    boolean skipped(int i) {
        return failures[i] >= settings.skipAfterFailures();
    }

    int remaining() {
        return settings.maxRuns() - runs.size();
    }

    // ---- finishing -------------------------------------------------------------------------------
}
