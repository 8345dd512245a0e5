package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
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
 * @param confidence         the interval's confidence level, e.g. {@code 0.95}
 * @param thresholdPercent   the threshold the verdict used, in percent
 * @param verdict            the verdict
 * @param baselineCv         the coefficient of variation of the baseline's round values, as a fraction
 *                           ({@code 0.012} is 1.2%); NaN below two rounds
 * @param candidateCv        the coefficient of variation of the candidate's round values, as a fraction
 * @param resolvablePercent  the smallest change the current rounds can resolve, in percent
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

    /** {@return true when the threshold is below the smallest change the rounds can resolve} */
    public boolean thresholdBelowResolution() {
        return thresholdPercent < resolvablePercent;
    }

    /** {@return {@code model · config}, or just the model when the config label is empty} */
    public String point() {
        return config.isEmpty() ? model : model + " · " + config;
    }
}
