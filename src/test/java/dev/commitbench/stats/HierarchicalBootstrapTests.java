package dev.commitbench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HierarchicalBootstrapTests {

    private static final List<List<Double>> ROUNDS = List.of(
            List.of(1.0, 2.0, 2.0, 7.0),
            List.of(),
            List.of(3.0, 3.5),
            List.of(10.0, 4.0, 4.0, 5.0, 6.0, 0.5));

    /** Draws exactly as the bootstrap does (a round, then its iterations), but stores the resample. */
    private static double[] reference(Statistic statistic, int resamples, SplittableRandom random) {
        List<List<Double>> rounds = ROUNDS.stream().filter(r -> !r.isEmpty()).toList();
        double[] out = new double[resamples];
        double[] buffer = new double[100];
        for (int b = 0; b < resamples; b++) {
            int n = 0;
            for (int i = 0; i < rounds.size(); i++) {
                List<Double> round = rounds.get(HierarchicalBootstrap.index(random, rounds.size()));
                for (int j = 0; j < round.size(); j++) {
                    buffer[n++] = round.get(HierarchicalBootstrap.index(random, round.size()));
                }
            }
            out[b] = statistic.compute(buffer, n);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.mean", "x.p50", "x.p90", "x.p99", "x.p10", "x.max", "x.min"})
    void resamples_rounds_then_iterations_within_each_chosen_round(String metric) {
        Statistic statistic = Statistic.of(metric);
        HierarchicalBootstrap bootstrap = new HierarchicalBootstrap(ROUNDS);

        double[] replicates = bootstrap.replicates(statistic, 500, new SplittableRandom(3));

        assertThat(bootstrap.rounds()).isEqualTo(3);
        double[] expected = reference(statistic, 500, new SplittableRandom(3));
        for (int b = 0; b < expected.length; b++) {
            assertThat(replicates[b]).as("replicate %d", b).isCloseTo(expected[b], within(1e-9));
        }
        assertThat(bootstrap.pooled(statistic)).isEqualTo(statistic.compute(
                new double[] {1, 2, 2, 7, 3, 3.5, 10, 4, 4, 5, 6, 0.5}, 12));
    }
}
