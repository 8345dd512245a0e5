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

    private static final int MAX_CANDIDATES = 20;
    private static final double MIN_CANDIDATE_PROBABILITY = 0.001;
    private static final int DRIFT_INTERIOR = 3;
    /** Metric statistics that describe a tail or an order statistic, whose round value the search follows. */
    private static final Pattern QUANTILE = Pattern.compile("p\\d{1,2}(\\.\\d+)?|median|min|max");

    private enum Phase { ENDS, SEARCH }

    /** One measured round of a commit. */
    private record Success(double value, List<Double> samples, RoundLocation location, int block) {
    }

    private final List<Commit> path;
    private final BisectSettings settings;
    private final int last;
    private final boolean higherIsBetter;
    private final boolean byValue;
    private final double tlog;
    private final List<List<Success>> successes = new ArrayList<>();
    private final int[] trials;
    private final int[] failures;
    private final String[] lastFailure;
    private final List<BisectResult.Run> runs = new ArrayList<>();
    private final Map<Integer, Trial> pending = new LinkedHashMap<>();
    private final Map<Integer, Integer> blockOf = new HashMap<>();
    private Phase phase = Phase.ENDS;
    private int block;
    private int sequences;
    private int searchBatches;
    private int confirmBatches;
    private Comparison endToEnd;
    private BisectResult result;

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
                        + outcome.value() + ", samples " + abbreviate(outcome.samples()) + ")";
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
                    return finishFailed(end);
                }
            }
            int needGood = skipped(0) ? 0 : settings.endRounds() - successes.get(0).size();
            int needBad = skipped(last) ? 0 : settings.endRounds() - successes.get(last).size();
            if (needGood > 0 || needBad > 0) {
                if (remaining() <= 0) {
                    return finishNotPinned(null);
                }
                return ends(Math.max(needGood, 0), Math.max(needBad, 0));
            }
            endToEnd = compare(0, last);
            if (endToEnd.upperPercent() < settings.thresholdPercent()) {
                return finish(BisectResult.Kind.NO_REGRESSION, null, 0, List.of(), List.of(), List.of(endToEnd),
                        fit(), "No regression: " + describe(endToEnd, "bad") + ", below the threshold "
                                + plain(settings.thresholdPercent()) + ".");
            }
            boolean tooWide = !(endToEnd.lowerPercent() > 0);
            if (tooWide && !skipped(0) && !skipped(last) && successes.get(0).size() < settings.maxEndRounds()
                    && successes.get(last).size() < settings.maxEndRounds() && remaining() >= 2) {
                return ends(1, 1);
            }
            phase = Phase.SEARCH;
        }
        BisectModel model = fit();
        BisectModel.Answer best = model.best();
        if (remaining() <= 0) {
            return best.probability() >= settings.stopProbability() ? finishAnswer(model, best, confirmations(best))
                    : finishNotPinned(model);
        }
        if (best.probability() >= settings.stopProbability() && best.kind() == BisectModel.AnswerKind.DRIFT) {
            List<Integer> inside = driftInterior(best);
            if (!inside.isEmpty()) {
                return searchBatch(inside);
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
                return finishAnswer(model, best, comparisons);
            }
            List<Integer> order = new ArrayList<>(more);
            if (confirmBatches++ % 2 == 1) {
                Collections.reverse(order);
            }
            return batch(order, Trial.Role.CONFIRM, -1);
        }
        boolean[] eligible = new boolean[path.size()];
        for (int i = 1; i < last; i++) {
            eligible[i] = !skipped(i);
        }
        List<Integer> picks = model.choose(Math.min(settings.parallelism(), Math.max(1, remaining())), eligible);
        if (picks.isEmpty()) {
            return finishNotPinned(model);
        }
        return searchBatch(picks);
    }

    /**
     * For a drift answer: the commits to measure inside its range until {@link #DRIFT_INTERIOR} of the
     * commits where the level is between good's and bad's have a measured round (so that the drift is
     * shown by per-commit estimates, and two close steps are not taken for a drift), each in the middle
     * of the widest unmeasured gap; empty when enough are measured.
     */
    private List<Integer> driftInterior(BisectModel.Answer drift) {
        List<Integer> measured = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        for (int i = drift.a(); i < drift.b(); i++) {
            if (!successes.get(i).isEmpty()) {
                measured.add(i);
            } else if (!skipped(i)) {
                open.add(i);
            }
        }
        int want = Math.min(DRIFT_INTERIOR - measured.size(), open.size());
        List<Integer> picks = new ArrayList<>();
        for (int p = 0; p < Math.min(want, settings.parallelism()); p++) {
            int best = -1;
            int bestGap = -1;
            for (int i : open) {
                if (picks.contains(i)) {
                    continue;
                }
                int gap = Integer.MAX_VALUE;
                for (int m : measured) {
                    gap = Math.min(gap, Math.abs(m - i));
                }
                for (int m : picks) {
                    gap = Math.min(gap, Math.abs(m - i));
                }
                gap = Math.min(gap, Math.min(i - (drift.a() - 1), drift.b() - i));
                if (gap > bestGap) {
                    bestGap = gap;
                    best = i;
                }
            }
            picks.add(best);
        }
        return picks;
    }

    /** A search batch: the picks and an anchor, ABBA across batches. */
    private List<Trial> searchBatch(List<Integer> picks) {
        int anchor = anchor();
        List<Integer> order = new ArrayList<>(picks);
        boolean anchorFirst = searchBatches++ % 2 == 0;
        if (anchor >= 0 && remaining() > picks.size()) {
            if (anchorFirst) {
                order.add(0, anchor);
            } else {
                order.add(anchor);
            }
        }
        return batch(order, Trial.Role.SEARCH, anchor >= 0 && order.contains(anchor) ? anchor : -1);
    }

    /** The end to anchor this batch: good and bad in turn, an end that is skipped left out; -1 for none. */
    private int anchor() {
        if (!settings.anchor()) {
            return -1;
        }
        int first = searchBatches % 2 == 0 ? 0 : last;
        int second = first == 0 ? last : 0;
        return !skipped(first) ? first : !skipped(second) ? second : -1;
    }

    /** Rounds of the ends in ABBA order (good, bad, bad, good, ...), each pair a block of its own. */
    private List<Trial> ends(int good, int bad) {
        List<Trial> batch = new ArrayList<>();
        int budget = remaining();
        int pair = 0;
        while ((good > 0 || bad > 0) && batch.size() < budget) {
            block++;
            int[] order = pair++ % 2 == 0 ? new int[] {0, last} : new int[] {last, 0};
            for (int end : order) {
                boolean want = end == 0 ? good > 0 : bad > 0;
                if (want && batch.size() < budget) {
                    batch.add(trial(end, Trial.Role.END));
                    if (end == 0) {
                        good--;
                    } else {
                        bad--;
                    }
                }
            }
        }
        return batch;
    }

    /** One batch (one block): the commits in order, trimmed to the budget; the anchor's trial gets the ANCHOR role. */
    private List<Trial> batch(List<Integer> order, Trial.Role role, int anchor) {
        block++;
        List<Trial> batch = new ArrayList<>();
        int budget = remaining();
        for (int i : order) {
            if (batch.size() >= budget) {
                break;
            }
            batch.add(trial(i, i == anchor && role == Trial.Role.SEARCH ? Trial.Role.ANCHOR : role));
        }
        return batch;
    }

    private Trial trial(int index, Trial.Role role) {
        int sequence = ++sequences;
        Trial t = new Trial(sequence, index, path.get(index), role);
        pending.put(sequence, t);
        blockOf.put(sequence, block);
        return t;
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

    private Comparison compare(int base, int cand) {
        return MetricComparator.compare(settings.model(), settings.config(), settings.metric(), path.get(base),
                measurement(base), path.get(cand), measurement(cand), settings.comparison());
    }

    private Measurement measurement(int i) {
        List<Success> s = successes.get(i);
        return new Measurement(settings.metric(), settings.unit(), s.stream().map(Success::value).toList(),
                s.stream().map(Success::samples).toList());
    }

    private BisectModel fit() {
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

    private boolean skipped(int i) {
        return failures[i] >= settings.skipAfterFailures();
    }

    private int remaining() {
        return settings.maxRuns() - runs.size();
    }

    // ---- finishing -------------------------------------------------------------------------------

    private List<Trial> finishFailed(int end) {
        String which = end == 0 ? "good" : "bad";
        Commit c = path.get(end);
        BisectModel model = successes.get(0).isEmpty() || successes.get(last).isEmpty() ? null : fit();
        return finish(BisectResult.Kind.FAILED, null, 0, List.of(), List.of(), List.of(), model,
                "The " + which + " commit " + c.displayName() + " could not be measured: " + failures[end]
                        + " of its " + trials[end] + " runs failed (last: " + lastFailure[end] + "). Bisection needs both ends to run;"
                        + " check that it builds and that its report has " + settings.metric() + ".");
    }

    private List<Trial> finishNotPinned(BisectModel model) {
        refreshEndToEnd();
        String candidates = model == null ? "" : candidates(model).stream().limit(5)
                .map(c -> c.commit().displayName() + " (" + probability(c.probability()) + ")")
                .collect(Collectors.joining(", "));
        double top = model == null ? 0 : candidates(model).stream().mapToDouble(BisectResult.Candidate::probability)
                .max().orElse(0);
        String why = remaining() <= 0 ? "within the budget of " + settings.maxRuns() + " engine runs"
                : "because no commit left to measure can tell the candidates apart";
        return finish(BisectResult.Kind.NOT_PINNED_DOWN, null, top, List.of(), List.of(), List.of(), model,
                "Not pinned down " + why + (candidates.isEmpty() ? "." : ": the first bad commit is one of " + candidates
                        + ".") + (endToEnd == null ? "" : " " + capitalize(describe(endToEnd, "bad")) + "."));
    }

    private List<Trial> finishAnswer(BisectModel model, BisectModel.Answer answer, List<Comparison> comparisons) {
        refreshEndToEnd();
        List<Comparison> done = comparisons.stream().filter(Objects::nonNull).toList();
        String p = probability(answer.probability());
        switch (answer.kind()) {
            case SINGLE -> {
                Comparison c = comparisons.get(0);
                Commit at = path.get(answer.b());
                if (c != null && (c.verdict() == Verdict.UNCHANGED || c.verdict() == Verdict.IMPROVED)) {
                    return finish(BisectResult.Kind.NO_REGRESSION, null, answer.probability(), List.of(), List.of(), done,
                            model, "No regression beyond the threshold: the metric changes at " + at.displayName()
                                    + " (" + p + ") by " + describeChange(c) + " against " + c.baseline().displayName()
                                    + ", below the threshold " + plain(settings.thresholdPercent()) + ".");
                }
                if (answer.a() == answer.b()) {
                    return finish(BisectResult.Kind.SINGLE_STEP, at, answer.probability(), List.of(at), List.of(), done,
                            model, at.displayName() + " is the first bad commit (" + p + "): " + settings.metric()
                                    + (c == null ? "" : " " + describeChange(c) + " against its parent "
                                            + c.baseline().displayName() + (c.verdict() == Verdict.INCONCLUSIVE
                                                    ? " (the comparison is inconclusive at the threshold "
                                                            + plain(settings.thresholdPercent()) + ")" : ""))
                                    + ".");
                }
                List<Commit> range = path.subList(answer.a(), answer.b() + 1);
                String skippedNames = range.subList(0, range.size() - 1).stream().map(Commit::displayName)
                        .collect(Collectors.joining(", "));
                return finish(BisectResult.Kind.RANGE, null, answer.probability(), List.of(), range, done, model,
                        "The first bad commit could be any of " + range.stream().map(Commit::displayName)
                                .collect(Collectors.joining(", ")) + " (" + p + "): " + skippedNames
                                + (range.size() == 2 ? " was" : " were") + " skipped because "
                                + (range.size() == 2 ? "it" : "they") + " could not be measured"
                                + (c == null ? "" : "; " + c.candidate().displayName() + " is " + describeChange(c)
                                        + " against " + c.baseline().displayName()) + ".");
            }
            case TWO -> {
                Commit first = path.get(answer.b());
                Commit second = path.get(answer.d());
                double rise = model.level(answer.b()) - model.level(0);
                Commit culprit = rise > tlog ? first : second;
                String detail = comparisons.get(0) == null || comparisons.get(1) == null ? ""
                        : ": " + first.displayName() + " " + describeChange(comparisons.get(0)) + " and "
                                + second.displayName() + " " + describeChange(comparisons.get(1)) + " against their parents";
                return finish(BisectResult.Kind.TWO_STEPS, culprit, answer.probability(), List.of(first, second),
                        List.of(), done, model, "Two steps (" + p + ")" + detail + "; the first bad commit (worse than"
                                + " good by more than " + plain(settings.thresholdPercent()) + ") is "
                                + culprit.displayName() + ".");
            }
            case DRIFT -> {
                List<Commit> range = path.subList(answer.a(), answer.b() + 1);
                Comparison c = comparisons.get(0);
                return finish(BisectResult.Kind.DRIFT, null, answer.probability(), List.of(), range, done, model,
                        "A gradual drift (" + p + ") that no single commit explains, over " + range.size()
                                + " commits from " + range.get(0).displayName() + " to "
                                + range.get(range.size() - 1).displayName()
                                + (c == null ? "" : ": " + describeChange(c) + " across the range") + "; see the per-commit"
                                + " estimates.");
            }
            default -> throw new IllegalStateException("unknown answer " + answer.kind());
        }
    }

    /** Compares bad against good again with every round of both (the anchors added some since the ends' comparison). */
    private void refreshEndToEnd() {
        if (endToEnd != null) {
            endToEnd = compare(0, last);
        }
    }

    private List<Trial> finish(BisectResult.Kind kind, Commit culprit, double probability, List<Commit> steps,
            List<Commit> range, List<Comparison> confirmations, BisectModel model, String summary) {
        List<BisectResult.Skipped> skippedList = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            if (skipped(i)) {
                skippedList.add(new BisectResult.Skipped(path.get(i), i, lastFailure[i]));
            }
        }
        int materialized = 0;
        for (int t : trials) {
            materialized += t > 0 ? 1 : 0;
        }
        result = new BisectResult(kind, settings, path.get(0), path.get(last),
                culprit, probability, steps, range, model == null || kind == BisectResult.Kind.NO_REGRESSION
                        ? List.of() : candidates(model), runs.size(),
                materialized, runs, model == null ? List.of() : estimates(model), endToEnd, confirmations, skippedList,
                summary);
        return List.of();
    }

    private List<BisectResult.Candidate> candidates(BisectModel model) {
        double[] p = model.culpritMarginals();
        List<BisectResult.Candidate> out = new ArrayList<>();
        for (int i = 1; i <= last; i++) {
            if (p[i] >= MIN_CANDIDATE_PROBABILITY) {
                out.add(new BisectResult.Candidate(path.get(i), i, p[i]));
            }
        }
        out.sort((a, b) -> Double.compare(b.probability(), a.probability()));
        return out.size() > MAX_CANDIDATES ? out.subList(0, MAX_CANDIDATES) : out;
    }

    private List<BisectResult.CommitEstimate> estimates(BisectModel model) {
        double[] p = model.culpritMarginals();
        double q = Distributions.studentTQuantile(1 - (1 - settings.comparison().confidence()) / 2,
                model.degreesOfFreedom());
        double good = model.level(0);
        double goodError = model.levelError(0);
        List<BisectResult.CommitEstimate> out = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            if (successes.get(i).isEmpty()) {
                continue;
            }
            double level = model.level(i);
            double error = model.levelError(i);
            double absolute = level + model.reference;
            double d = level - good;
            double dError = i == 0 ? 0 : Math.sqrt(error * error + goodError * goodError);
            out.add(new BisectResult.CommitEstimate(path.get(i), i, successes.get(i).size(), failures[i],
                    value(absolute), value(absolute - q * error * (higherIsBetter ? -1 : 1)),
                    value(absolute + q * error * (higherIsBetter ? -1 : 1)), change(d), change(d - q * dError),
                    change(d + q * dError), p[i]));
        }
        return out;
    }

    /** An oriented log level back in the metric's unit. */
    private double value(double level) {
        return Math.exp(higherIsBetter ? -level : level);
    }

    /** An oriented log difference as the comparisons' change in percent (positive is worse). */
    private double change(double d) {
        return higherIsBetter ? (1 - Math.exp(-d)) * 100 : Math.expm1(d) * 100;
    }

    // ---- text ------------------------------------------------------------------------------------

    private String describe(Comparison c, String what) {
        return what + " (" + c.candidate().displayName() + ") is " + describeChange(c) + " against good ("
                + c.baseline().displayName() + ")";
    }

    private String describeChange(Comparison c) {
        return signed(c.changePercent()) + " [" + signed(c.lowerPercent()) + ", " + signed(c.upperPercent()) + "]";
    }

    private static String signed(double percent) {
        return String.format(Locale.ROOT, "%+.1f%%", percent);
    }

    private static String plain(double percent) {
        String s = String.format(Locale.ROOT, "%.2f", percent).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + "%";
    }

    /** {@code P = 0.973}, or {@code P > 0.999}. */
    private static String probability(double p) {
        return p >= 0.9995 ? "P > 0.999" : String.format(Locale.ROOT, "P = %.3f", p);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String abbreviate(List<Double> samples) {
        String s = samples.toString();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
