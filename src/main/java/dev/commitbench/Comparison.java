package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * {@code Comparison} is one metric compared between the baseline and one candidate, for one model and
 * config (one sweep point).
 *
 * <p>All changes are relative and oriented so that a positive change is worse: for latency, memory
 * and energy a larger value is worse; for throughput and efficiency a smaller value is worse.
 * {@code change}, {@code lower}, {@code upper}, {@code thresholdPercent} and {@code resolvablePercent}
 * are percentages ({@code 5.0} means 5%).
 *
 * <p>For example, a note for each candidate that did not keep up:
 *
 * <pre><code class='java'>
 * for (Comparison c : report.comparisons()) {
 *     if (c.verdict() == Verdict.REGRESSED) {
 *         System.out.printf("%s: %s is %.1f%% worse (%.1f%% to %.1f%%)%n",
 *                 c.candidate().displayName(), c.metric(), c.changePercent(), c.lowerPercent(), c.upperPercent());
 *     }
 * }
 * </code></pre>
 *
 * @param model              the model ({@code config.backend.model})
 * @param config             the config label (the task overrides, Hydra's {@code override_dirname})
 * @param metric             the dotted metric path
 * @param unit               the metric's unit, or {@code ""}
 * @param baseline           the baseline commit
 * @param candidate          the candidate commit
 * @param baselineValue      the statistic the metric names, over the baseline's samples
 * @param candidateValue     the same statistic over the candidate's samples
 * @param changePercent      the oriented relative change, in percent
 * @param lowerPercent       the lower end of the confidence interval of the change, in percent
 * @param upperPercent       the upper end of the confidence interval of the change, in percent
 * @param confidence         the interval's confidence level: {@code 0.95} at the first look; with adaptive
 *                           rounds, later looks are wider (e.g. {@code 0.976}), so that the gate's errors over
 *                           all looks stay bounded
 * @param thresholdPercent   the threshold the verdict used, in percent
 * @param verdict            the descriptive verdict; the pass/fail answer is {@link #gate()}
 * @param baselineCv         the coefficient of variation of the baseline's round values, as a fraction
 *                           ({@code 0.012} is 1.2%); NaN below two rounds
 * @param candidateCv        the coefficient of variation of the candidate's round values, as a fraction
 * @param baselineIterationCv  the coefficient of variation the baseline's round values would have if only the
 *                           iterations within each round varied (the iterations' variance within a round over their
 *                           number, as a fraction of the statistic): set for a mean of per-iteration samples, NaN
 *                           for any other statistic and where no round has two samples
 * @param candidateIterationCv the same for the candidate
 * @param resolvablePercent  the smallest change the current rounds can resolve (the interval's half-width), in percent
 * @param baselineRounds     the number of baseline rounds
 * @param candidateRounds    the number of candidate rounds
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Comparison(
        String model,
        String config,
        String metric,
        String unit,
        Commit baseline,
        Commit candidate,
        double baselineValue,
        double candidateValue,
        double changePercent,
        double lowerPercent,
        double upperPercent,
        double confidence,
        double thresholdPercent,
        Verdict verdict,
        double baselineCv,
        double candidateCv,
        double baselineIterationCv,
        double candidateIterationCv,
        double resolvablePercent,
        int baselineRounds,
        int candidateRounds) {

    /**
     * Validates the parts; a null {@code unit} becomes {@code ""}.
     *
     * @param model the model ({@code config.backend.model})
     * @param config the config label (the task overrides, Hydra's {@code override_dirname})
     * @param metric the dotted metric path
     * @param unit the metric's unit, or {@code ""}
     * @param baseline the baseline commit
     * @param candidate the candidate commit
     * @param baselineValue the statistic the metric names, over the baseline's samples
     * @param candidateValue the same statistic over the candidate's samples
     * @param changePercent the oriented relative change, in percent
     * @param lowerPercent the lower end of the confidence interval of the change, in percent
     * @param upperPercent the upper end of the confidence interval of the change, in percent
     * @param confidence the interval's confidence level, e.g. {@code 0.95}
     * @param thresholdPercent the threshold the verdict used, in percent
     * @param verdict the verdict
     * @param baselineCv the coefficient of variation of the baseline's round values, as a fraction ({@code 0.012} is
     *                   1.2%); NaN below two rounds
     * @param candidateCv the coefficient of variation of the candidate's round values, as a fraction
     * @param baselineIterationCv the coefficient of variation the baseline's round values would have if only their
     *                            iterations varied; NaN where it does not apply
     * @param candidateIterationCv the same for the candidate
     * @param resolvablePercent the smallest change the current rounds can resolve, in percent
     * @param baselineRounds the number of baseline rounds
     * @param candidateRounds the number of candidate rounds
     */
    public Comparison {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(verdict, "verdict");
        unit = unit == null ? "" : unit;
    }

    /**
     * How many times the iterations' share a commit's round-to-round noise must be for {@link
     * #noiseIsBetweenProcesses()}: 3, so that at least 8/9 of the rounds' variance comes from the processes, and
     * 3 rounds with no difference between processes reach it by chance in about 1 in 8,000 (chi-square, 2 degrees
     * of freedom, above 18).
     */
    public static final double PROCESS_NOISE_FACTOR = 3;

    /** {@return true when the threshold is below the smallest change the rounds can resolve} */
    public boolean thresholdBelowResolution() {
        return thresholdPercent < resolvablePercent;
    }

    /**
     * True when most of a commit's round-to-round noise comes from its processes, not from their iterations: its
     * rounds' values vary at least {@value #PROCESS_NOISE_FACTOR} times as much as their iterations alone would
     * make them vary. More iterations per round cannot reduce such noise; a quieter machine or more rounds can.
     *
     * @return whether the baseline's or the candidate's noise is mostly between processes
     */
    public boolean noiseIsBetweenProcesses() {
        return betweenProcesses(baselineCv, baselineIterationCv) || betweenProcesses(candidateCv, candidateIterationCv);
    }

    private static boolean betweenProcesses(double roundCv, double iterationCv) {
        return roundCv > 0 && iterationCv >= 0 && roundCv >= PROCESS_NOISE_FACTOR * iterationCv;
    }

    /**
     * The one-sided answer to "is the candidate worse by more than the threshold?", from the same interval as
     * the {@link #verdict()}: {@link Gate#FAIL} exactly when the verdict is {@link Verdict#REGRESSED}.
     *
     * @return the gate at this comparison's threshold
     */
    public Gate gate() {
        return Gate.of(lowerPercent, upperPercent, thresholdPercent);
    }

    /**
     * True when the gate is inconclusive but the estimate lies beyond {@code +t} and the whole interval above 0:
     * the candidate is slower, probably by more than the threshold, and the rounds ran out before that was sure.
     *
     * @return whether this comparison is a probable regression
     */
    public boolean probableRegression() {
        return gate() == Gate.INCONCLUSIVE && changePercent > thresholdPercent && lowerPercent > 0;
    }

    /**
     * About how many rounds per commit would settle an inconclusive gate if the change and the noise stay as
     * measured: the interval's arm towards {@code +t} shrinks with the square root of the rounds until it no
     * longer reaches {@code +t}. Empty when the gate is decided, or when the change lies on the threshold or the
     * interval is unbounded (no number of rounds can be named).
     *
     * @return the rounds per commit that would settle the gate, or empty
     */
    public OptionalInt roundsToSettle() {
        if (gate() != Gate.INCONCLUSIVE) {
            return OptionalInt.empty();
        }
        double arm = changePercent > thresholdPercent ? changePercent - lowerPercent : upperPercent - changePercent;
        double room = Math.abs(changePercent - thresholdPercent);
        int rounds = Math.max(1, Math.min(baselineRounds, candidateRounds));
        double needed = rounds * (arm / room) * (arm / room);
        if (!(needed < 1e6) || room == 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Math.max(rounds + 1, (int) Math.ceil(needed)));
    }

    /**
     * A copy decided again from the stored interval with another threshold, in percent.
     *
     * @param percent the threshold, in percent
     * @return the re-decided copy
     */
    public Comparison withThreshold(double percent) {
        return new Comparison(model, config, metric, unit, baseline, candidate, baselineValue, candidateValue,
                changePercent, lowerPercent, upperPercent, confidence, percent,
                Verdict.of(lowerPercent, upperPercent, percent), baselineCv, candidateCv, baselineIterationCv,
                candidateIterationCv, resolvablePercent,
                baselineRounds, candidateRounds);
    }

    /** {@return {@code model · config}, or just the model when the config label is empty} */
    public String point() {
        return config.isEmpty() ? model : model + " · " + config;
    }
}
