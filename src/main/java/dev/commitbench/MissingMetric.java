package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * {@code MissingMetric} is one metric that one commit's report has at a sweep point and another's
 * lacks, so that the two were never compared on it ({@link CombinedReport#missingMetrics()}).
 *
 * <p>For example, the metrics a candidate's benchmark no longer prints:
 *
 * <pre><code class='java'>
 * for (MissingMetric m : report.missingMetrics()) {
 *     System.out.println(m.metric() + " at " + m.point() + " is missing for " + m.lackingIt().displayName());
 * }
 * </code></pre>
 *
 * @param model      the model of the sweep point
 * @param config     the config label of the sweep point
 * @param metric     the metric path
 * @param lackingIt  the commit whose report lacks the metric
 * @param havingIt   the commit whose report has it (the baseline, or the candidate when the baseline lacks it)
 * @param baselineLacksIt true when {@code lackingIt} is the baseline
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record MissingMetric(String model, String config, String metric, Commit lackingIt, Commit havingIt,
        boolean baselineLacksIt) {

    /** {@return the sweep point as comparisons show it: {@code gpt2 · batch_size=1}, or the model alone} */
    public String point() {
        return config.isEmpty() ? model : model + " · " + config;
    }
}
