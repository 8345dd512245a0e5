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
 * {@code BisectConclusion} is used by {@link BisectSearch} to conclude: it turns the search's state and the model's
 * answer into the {@link BisectResult} (its kind, culprit, candidates, per-commit estimates, skipped commits) and the
 * one-paragraph summary that says what was found.
 */
final class BisectConclusion {

    private static final int MAX_CANDIDATES = 20;
    private static final double MIN_CANDIDATE_PROBABILITY = 0.001;

    private final BisectSearch search;

    BisectConclusion(BisectSearch search) {
        this.search = search;
    }

    List<Trial> finishFailed(int end) {
        String which = end == 0 ? "good" : "bad";
        Commit c = search.path.get(end);
        BisectModel model = search.successes.get(0).isEmpty() || search.successes.get(search.last).isEmpty() ? null : search.fit();
        return finish(BisectResult.Kind.FAILED, null, 0, List.of(), List.of(), List.of(), model,
                "The " + which + " commit " + c.displayName() + " could not be measured: " + search.failures[end]
                        + " of its " + search.trials[end] + " runs failed (last: " + search.lastFailure[end] + "). Bisection needs both ends to run;"
                        + " check that it builds and that its report has " + search.settings.metric() + ".");
    }

    List<Trial> finishNotPinned(BisectModel model) {
        refreshEndToEnd();
        String candidates = model == null ? "" : candidates(model).stream().limit(5)
                .map(c -> c.commit().displayName() + " (" + probability(c.probability()) + ")")
                .collect(Collectors.joining(", "));
        double top = model == null ? 0 : candidates(model).stream().mapToDouble(BisectResult.Candidate::probability)
                .max().orElse(0);
        String why = search.remaining() <= 0 ? "within the budget of " + search.settings.maxRuns() + " engine runs"
                : "because no commit left to measure can tell the candidates apart";
        return finish(BisectResult.Kind.NOT_PINNED_DOWN, null, top, List.of(), List.of(), List.of(), model,
                "Not pinned down " + why + (candidates.isEmpty() ? "." : ": the first bad commit is one of " + candidates
                        + ".") + (search.endToEnd == null ? "" : " " + capitalize(describe(search.endToEnd, "bad")) + "."));
    }

    List<Trial> finishAnswer(BisectModel model, BisectModel.Answer answer, List<Comparison> comparisons) {
        refreshEndToEnd();
        List<Comparison> done = comparisons.stream().filter(Objects::nonNull).toList();
        String p = probability(answer.probability());
        switch (answer.kind()) {
            case SINGLE -> {
                Comparison c = comparisons.get(0);
                Commit at = search.path.get(answer.b());
                if (c != null && (c.verdict() == Verdict.UNCHANGED || c.verdict() == Verdict.IMPROVED)) {
                    return finish(BisectResult.Kind.NO_REGRESSION, null, answer.probability(), List.of(), List.of(), done,
                            model, "No regression beyond the threshold: the metric changes at " + at.displayName()
                                    + " (" + p + ") by " + describeChange(c) + " against " + c.baseline().displayName()
                                    + ", below the threshold " + plain(search.settings.thresholdPercent()) + ".");
                }
                if (answer.a() == answer.b()) {
                    return finish(BisectResult.Kind.SINGLE_STEP, at, answer.probability(), List.of(at), List.of(), done,
                            model, at.displayName() + " is the first bad commit (" + p + "): " + search.settings.metric()
                                    + (c == null ? "" : " " + describeChange(c) + " against its parent "
                                            + c.baseline().displayName() + (c.verdict() == Verdict.INCONCLUSIVE
                                                    ? " (the comparison is inconclusive at the threshold "
                                                            + plain(search.settings.thresholdPercent()) + ")" : ""))
                                    + ".");
                }
                List<Commit> range = search.path.subList(answer.a(), answer.b() + 1);
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
                Commit first = search.path.get(answer.b());
                Commit second = search.path.get(answer.d());
                double rise = model.level(answer.b()) - model.level(0);
                Commit culprit = rise > search.tlog ? first : second;
                String detail = comparisons.get(0) == null || comparisons.get(1) == null ? ""
                        : ": " + first.displayName() + " " + describeChange(comparisons.get(0)) + " and "
                                + second.displayName() + " " + describeChange(comparisons.get(1)) + " against their parents";
                return finish(BisectResult.Kind.TWO_STEPS, culprit, answer.probability(), List.of(first, second),
                        List.of(), done, model, "Two steps (" + p + ")" + detail + "; the first bad commit (worse than"
                                + " good by more than " + plain(search.settings.thresholdPercent()) + ") is "
                                + culprit.displayName() + ".");
            }
            case DRIFT -> {
                List<Commit> range = search.path.subList(answer.a(), answer.b() + 1);
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
        if (search.endToEnd != null) {
            search.endToEnd = search.compare(0, search.last);
        }
    }

    List<Trial> finish(BisectResult.Kind kind, Commit culprit, double probability, List<Commit> steps,
            List<Commit> range, List<Comparison> confirmations, BisectModel model, String summary) {
        List<BisectResult.Skipped> skippedList = new ArrayList<>();
        for (int i = 0; i <= search.last; i++) {
            if (search.skipped(i)) {
                skippedList.add(new BisectResult.Skipped(search.path.get(i), i, search.lastFailure[i]));
            }
        }
        int materialized = 0;
        for (int t : search.trials) {
            materialized += t > 0 ? 1 : 0;
        }
        search.result = new BisectResult(kind, search.settings, search.path.get(0), search.path.get(search.last),
                culprit, probability, steps, range, model == null || kind == BisectResult.Kind.NO_REGRESSION
                        ? List.of() : candidates(model), search.runs.size(),
                materialized, search.runs, model == null ? List.of() : estimates(model), search.endToEnd, confirmations, skippedList,
                summary);
        return List.of();
    }

    private List<BisectResult.Candidate> candidates(BisectModel model) {
        double[] p = model.culpritMarginals();
        List<BisectResult.Candidate> out = new ArrayList<>();
        for (int i = 1; i <= search.last; i++) {
            if (p[i] >= MIN_CANDIDATE_PROBABILITY) {
                out.add(new BisectResult.Candidate(search.path.get(i), i, p[i]));
            }
        }
        out.sort((a, b) -> Double.compare(b.probability(), a.probability()));
        return out.size() > MAX_CANDIDATES ? out.subList(0, MAX_CANDIDATES) : out;
    }

    private List<BisectResult.CommitEstimate> estimates(BisectModel model) {
        double[] p = model.culpritMarginals();
        double q = Distributions.studentTQuantile(1 - (1 - search.settings.comparison().confidence()) / 2,
                model.degreesOfFreedom());
        double good = model.level(0);
        double goodError = model.levelError(0);
        List<BisectResult.CommitEstimate> out = new ArrayList<>();
        for (int i = 0; i <= search.last; i++) {
            if (search.successes.get(i).isEmpty()) {
                continue;
            }
            double level = model.level(i);
            double error = model.levelError(i);
            double absolute = level + model.reference;
            double d = level - good;
            double dError = i == 0 ? 0 : Math.sqrt(error * error + goodError * goodError);
            out.add(new BisectResult.CommitEstimate(search.path.get(i), i, search.successes.get(i).size(), search.failures[i],
                    value(absolute), value(absolute - q * error * (search.higherIsBetter ? -1 : 1)),
                    value(absolute + q * error * (search.higherIsBetter ? -1 : 1)), change(d), change(d - q * dError),
                    change(d + q * dError), p[i]));
        }
        return out;
    }

    /** An oriented log level back in the metric's unit. */
    private double value(double level) {
        return Math.exp(search.higherIsBetter ? -level : level);
    }

    /** An oriented log difference as the comparisons' change in percent (positive is worse). */
    private double change(double d) {
        return search.higherIsBetter ? (1 - Math.exp(-d)) * 100 : Math.expm1(d) * 100;
    }

    // ---- text ------------------------------------------------------------------------------------

    String describe(Comparison c, String what) {
        return what + " (" + c.candidate().displayName() + ") is " + describeChange(c) + " against good ("
                + c.baseline().displayName() + ")";
    }

    private String describeChange(Comparison c) {
        return signed(c.changePercent()) + " [" + signed(c.lowerPercent()) + ", " + signed(c.upperPercent()) + "]";
    }

    private static String signed(double percent) {
        return String.format(Locale.ROOT, "%+.1f%%", percent);
    }

    static String plain(double percent) {
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

    static String abbreviate(List<Double> samples) {
        String s = samples.toString();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
