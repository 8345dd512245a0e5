package dev.commitbench;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * {@code Verdict} is the outcome of comparing one metric between the baseline and a candidate, given
 * a threshold {@code t} and the confidence interval of the relative change (positive means worse).
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
    INCONCLUSIVE
}
