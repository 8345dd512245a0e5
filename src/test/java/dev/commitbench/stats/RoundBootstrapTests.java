package dev.commitbench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoundBootstrapTests {

    private static final double[][] ROUNDS = {
        {1.0, 2.0, 2.0, 7.0},
        {3.0, 3.5},
        {10.0, 4.0, 4.0, 5.0, 6.0, 0.5}};

    /** Draws exactly as the bootstrap does (whole rounds, each with all its iterations), but stores the resample. */
    private static double[] reference(Statistic statistic, int resamples, SplittableRandom random) {
        double[] out = new double[resamples];
        double[] buffer = new double[100];
        for (int b = 0; b < resamples; b++) {
            int n = 0;
            for (int i = 0; i < ROUNDS.length; i++) {
                for (double v : ROUNDS[RoundBootstrap.index(random, ROUNDS.length)]) {
                    buffer[n++] = v;
                }
            }
            out[b] = statistic.compute(buffer, n);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.p50", "x.p90", "x.p99", "x.p10", "x.max", "x.min", "x.median"})
    void resamples_whole_rounds_and_computes_the_percentile_of_their_pooled_samples(String metric) {
        Statistic statistic = Statistic.of(metric);

        double[] replicates = new RoundBootstrap(ROUNDS).replicates(statistic.level(), 500, new SplittableRandom(3));

        double[] expected = reference(statistic, 500, new SplittableRandom(3));
        for (int b = 0; b < expected.length; b++) {
            assertThat(replicates[b]).as("replicate %d", b).isCloseTo(expected[b], within(1e-9));
        }
    }
}
