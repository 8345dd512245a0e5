package dev.commitbench;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * {@code Verdict} is the descriptive outcome of comparing one metric between the baseline and a candidate,
 * given a threshold {@code t} and the confidence interval of the relative change (positive means worse).
 * The pass/fail question a test asks is the one-sided {@link Gate}; the two are decided from the same
 * interval and never contradict each other.
 *
 * <p>For example, the verdicts a report holds for one metric:
 *
 * <pre><code class='java'>
 * boolean slower = report.comparisons().stream()
 *         .anyMatch(c -&gt; c.metric().equals("decode.latency.mean") &amp;&amp; c.verdict() == Verdict.REGRESSED);
 * </code></pre>
 */
@API(status = STABLE, since = "0.1")
public enum Verdict {
    /** The whole interval lies above {@code +t}: the candidate is worse by more than the threshold. */
    REGRESSED,
    /** The whole interval lies below {@code -t}: the candidate is better by more than the threshold. */
    IMPROVED,
    /** The whole interval lies inside {@code (-t, +t)}: no change larger than the threshold. */
    UNCHANGED,
    /** The interval crosses {@code +t} or {@code -t}: the rounds so far cannot decide. */
    INCONCLUSIVE;

    /**
     * The verdict for the interval {@code [lowerPercent, upperPercent]} and the threshold {@code thresholdPercent},
     * all in percent: {@code REGRESSED} above {@code +t}, {@code IMPROVED} below {@code -t}, {@code UNCHANGED}
     * inside {@code (-t, +t)}, {@code INCONCLUSIVE} otherwise (also for an unbounded or NaN interval).
     *
     * @param lowerPercent the interval's lower end, in percent
     * @param upperPercent the interval's upper end, in percent
     * @param thresholdPercent the threshold {@code t}, in percent
     * @return the verdict
     */
    public static Verdict of(double lowerPercent, double upperPercent, double thresholdPercent) {
        if (lowerPercent > thresholdPercent) {
            return REGRESSED;
        }
        if (upperPercent < -thresholdPercent) {
            return IMPROVED;
        }
        if (lowerPercent > -thresholdPercent && upperPercent < thresholdPercent) {
            return UNCHANGED;
        }
        return INCONCLUSIVE;
    }
}
