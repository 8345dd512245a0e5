package dev.commitbench.bisect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code RoundRunner} is used by {@link BisectSearch#run(RoundRunner)} to run one batch of trials: one
 * engine process per trial, in the order given (or spread over workers, started in that order), and
 * one outcome per trial in the same order. A round that fails is a {@link RoundOutcome#failed}, not an
 * exception; an exception stops the search.
 *
 * <p>For example, a simulated engine:
 *
 * <pre><code class='java'>
 * RoundRunner runner = batch -&gt; batch.stream()
 *         .map(trial -&gt; RoundOutcome.measured(latencyOf(trial.index()), List.of(latencyOf(trial.index()))))
 *         .toList();
 * BisectResult result = BisectSearch.over(path, BisectSettings.of("decode.latency.mean")).run(runner);
 * </code></pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface RoundRunner {

    /**
     * Runs the trials.
     *
     * @param batch the trials, in the order they should start
     * @return one outcome per trial, in the same order
     */
    List<RoundOutcome> run(List<Trial> batch);
}
