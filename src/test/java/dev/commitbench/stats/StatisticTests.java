package dev.commitbench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.commitbench.Measurement;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatisticTests {

    private static final double[] ONE_TO_TEN = {7, 3, 10, 1, 5, 9, 2, 8, 4, 6};
    /** Two rounds whose values (10.5, 12) are not a statistic of their samples, as a latency's total. */
    private static final Measurement LATENCY_TOTAL = new Measurement("decode.latency.total", "s",
            List.of(10.5, 12.0), List.of(List.of(1.0, 2.0), List.of(3.0, 4.0, 5.0)));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "decode.latency.mean, 5.5",
        "decode.latency.p50, 5.5",
        "decode.latency.median, 5.5",
        "decode.latency.p90, 9.1",
        "decode.latency.p99, 9.91",
        "decode.latency.p95, 9.55",
        "decode.latency.max, 10",
        "decode.latency.min, 1",
    })
    void a_location_statistic_is_the_one_the_last_path_segment_names_like_numpy(String metric, double expected) {
        assertThat(Statistic.of(metric).compute(ONE_TO_TEN.clone(), ONE_TO_TEN.length)).isCloseTo(expected, within(1e-9));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"decode.latency.mean", "decode.latency.p90", "decode.latency.median",
        "decode.latency.max", "decode.latency.min"})
    void a_location_statistic_is_computed_over_the_iterations_of_every_round(String metric) {
        Statistic statistic = Statistic.of(metric);

        assertThat(statistic.samples(LATENCY_TOTAL)).isEqualTo(LATENCY_TOTAL.roundSamples());
        assertThat(statistic).hasToString(metric.substring(metric.lastIndexOf('.') + 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"decode.latency.total", "decode.latency.count", "decode.latency.stdev",
        "decode.latency.stdev_", "decode.throughput.value", "load.memory.max_ram", "decode.energy.gpu",
        "decode.energy.total", "decode.efficiency.value"})
    void any_other_segment_is_the_mean_of_the_round_values_one_sample_per_round(String metric) {
        Statistic statistic = Statistic.of(metric);

        assertThat(statistic.samples(LATENCY_TOTAL)).containsExactly(List.of(10.5), List.of(12.0));
        assertThat(statistic.isMean()).isTrue();
        assertThat(statistic).hasToString("mean of the round values");
    }

    @Test
    void percentile_by_selection_equals_percentile_of_the_sorted_values() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(60);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(8); // many ties
            }
            double q = random.nextDouble();
            double[] sorted = values.clone();
            Arrays.sort(sorted);

            double selected = Statistic.quantile(values.clone(), n, q);

            assertThat(selected).as("n=%d q=%f values=%s", n, q, Arrays.toString(values))
                    .isCloseTo(percentileOfSorted(sorted, q), within(1e-12));
        }
    }

    @Test
    void only_the_first_n_values_count() {
        double[] values = {1, 2, 3, 1000};

        assertThat(Statistic.of("x.mean").compute(values, 3)).isEqualTo(2.0);
        assertThat(Statistic.of("x.max").compute(values, 3)).isEqualTo(3.0);
        assertThat(Statistic.of("x.mean").compute(values, 0)).isNaN();
    }

    /** numpy's linear percentile {@code q} of the sorted values. */
    private static double percentileOfSorted(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
