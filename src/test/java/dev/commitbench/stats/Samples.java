package dev.commitbench.stats;

import dev.commitbench.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** {@code Samples} is used by the stats tests to build measurements with known, seeded noise. */
final class Samples {

    private Samples() {
    }

    /**
     * A measurement of {@code rounds} rounds of {@code iterations} lognormal values around {@code center}
     * with iteration noise {@code cv} and a per-round lognormal offset {@code roundCv}.
     */
    static Measurement lognormal(String metric, double center, double cv, double roundCv, int rounds, int iterations,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Double> values = new ArrayList<>();
        List<List<Double>> samples = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double offset = Math.exp(roundCv * gaussian(random));
            List<Double> round = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                round.add(center * offset * Math.exp(cv * gaussian(random)));
            }
            samples.add(round);
            values.add(round.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        }
        return new Measurement(metric, "s", values, samples);
    }

    /** A single-valued metric: one sample per round, equal to the round's value. */
    static Measurement singleValued(String metric, String unit, double... roundValues) {
        List<Double> values = new ArrayList<>();
        List<List<Double>> samples = new ArrayList<>();
        for (double v : roundValues) {
            values.add(v);
            samples.add(List.of(v));
        }
        return new Measurement(metric, unit, values, samples);
    }

    static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
