package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * {@code Gate} is the answer to the one question a test or a CI job asks of a comparison: is the candidate
 * worse than the baseline by more than the threshold {@code t}? It is one-sided, decided from the
 * comparison's confidence interval of the relative change (positive means worse): {@code PASS} when the
 * upper bound lies below {@code +t}, {@code FAIL} when the lower bound lies above {@code +t},
 * {@code INCONCLUSIVE} otherwise.
 *
 * <p>It never contradicts the descriptive {@link Verdict}: {@code FAIL} is exactly {@link Verdict#REGRESSED};
 * {@link Verdict#UNCHANGED} and {@link Verdict#IMPROVED} pass; an {@link Verdict#INCONCLUSIVE} comparison
 * passes when only the improvement is undecided (the interval crosses {@code -t} but lies below {@code +t}).
 *
 * <p>For example, the comparisons that kept a CI job from passing:
 *
 * <pre><code class='java'>
 * List&lt;Comparison&gt; blocking = report.comparisons().stream()
 *         .filter(c -&gt; c.gate() != Gate.PASS)
 *         .toList();
 * </code></pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Gate {
    /** The whole interval lies below {@code +t}: no slowdown beyond the threshold. */
    PASS,
    /** The whole interval lies above {@code +t}: slower by more than the threshold. */
    FAIL,
    /** The interval contains {@code +t}: the rounds so far cannot tell. */
    INCONCLUSIVE;

    /**
     * Whether {@code thresholdPercent} can be a gate's threshold: a positive, finite percentage. The one rule for
     * the annotation, the command line, the comparisons and the assertions: a threshold of 0 would ask for a
     * proof that nothing got slower at all, which no number of rounds can give for an unchanged commit.
     *
     * @param thresholdPercent the threshold {@code t}, in percent
     * @return true when it is above 0 and finite
     * @since 0.2
     */
    public static boolean isValidThreshold(double thresholdPercent) {
        return thresholdPercent > 0 && Double.isFinite(thresholdPercent);
    }

    /**
     * The gate for the interval {@code [lowerPercent, upperPercent]} of the oriented change and the threshold
     * {@code thresholdPercent}, all in percent. An unbounded or NaN interval is inconclusive.
     *
     * @param lowerPercent the interval's lower end, in percent
     * @param upperPercent the interval's upper end, in percent
     * @param thresholdPercent the threshold {@code t}, in percent
     * @return the gate
     */
    public static Gate of(double lowerPercent, double upperPercent, double thresholdPercent) {
        if (lowerPercent > thresholdPercent) {
            return FAIL;
        }
        if (upperPercent < thresholdPercent) {
            return PASS;
        }
        return INCONCLUSIVE;
    }
}
