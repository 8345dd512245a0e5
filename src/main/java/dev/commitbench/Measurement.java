package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code Measurement} holds one metric of one cell (model, config, commit) over every round.
 *
 * <p>For example, the rounds of one cell of a report:
 *
 * <pre><code class='java'>
 * report.measurement("gpt2", "batch_size=1", head.sha(), "decode.latency.mean").ifPresent(m -&gt;
 *         System.out.println(m.rounds() + " rounds, mean " + m.value() + " " + m.unit()));
 * </code></pre>
 *
 * @param metric       the dotted metric path, e.g. {@code decode.latency.mean}
 * @param unit         the unit the report gives ({@code s}, {@code tokens/s}, {@code MB}), or {@code ""}
 * @param roundValues  the metric's value in each round, in run order (one entry per engine process)
 * @param roundSamples the per-iteration values of each round (a latency's {@code values}); a
 *                     single-valued metric (a throughput, a memory maximum) has one sample per round,
 *                     equal to that round's value
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Measurement(String metric, String unit, List<Double> roundValues, List<List<Double>> roundSamples) {

    /**
     * Copies the lists; a null {@code unit} becomes {@code ""}.
     *
     * @param metric the dotted metric path, e.g. {@code decode.latency.mean}
     * @param unit the unit the report gives ({@code s}, {@code tokens/s}, {@code MB}), or {@code ""}
     * @param roundValues the metric's value in each round, in run order (one entry per engine process)
     * @param roundSamples the per-iteration values of each round (a latency's {@code values}); a single-valued metric
     *                     (a throughput, a memory maximum) has one sample per round, equal to that round's value
     */
    public Measurement {
        Objects.requireNonNull(metric, "metric");
        unit = unit == null ? "" : unit;
        roundValues = List.copyOf(roundValues);
        roundSamples = roundSamples.stream().map(List::copyOf).toList();
        if (roundSamples.size() != roundValues.size()) {
            throw new IllegalArgumentException("metric " + metric + ": " + roundValues.size()
                    + " round values but " + roundSamples.size() + " sample lists");
        }
    }

    /** {@return the number of rounds measured} */
    public int rounds() {
        return roundValues.size();
    }

    /** {@return the value of the first round: what benchmark.py's combined {@code summary.json} shows (first wins)} */
    public double firstValue() {
        return roundValues.get(0);
    }

    /** {@return the mean of the round values} */
    public double value() {
        return roundValues.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
