package dev.commitbench.stats;

import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code HierarchicalBootstrap} is used to resample one commit's samples the way they were produced:
 * first rounds (engine processes) with replacement, then iterations with replacement within each
 * chosen round, and to compute the statistic of each resample. Primitive arrays only; not
 * thread-safe (the caller owns the random generator).
 */
final class HierarchicalBootstrap {

    private final double[] values;
    private final int[] start;
    private final int[] length;
    private final int maxLength;

    /** Flattens the non-empty rounds of {@code rounds}. */
    HierarchicalBootstrap(List<List<Double>> rounds) {
        int count = 0;
        int total = 0;
        for (List<Double> round : rounds) {
            if (!round.isEmpty()) {
                count++;
                total += round.size();
            }
        }
        values = new double[total];
        start = new int[count];
        length = new int[count];
        int r = 0;
        int pos = 0;
        int max = 0;
        for (List<Double> round : rounds) {
            if (round.isEmpty()) {
                continue;
            }
            start[r] = pos;
            length[r] = round.size();
            max = Math.max(max, round.size());
            for (double v : round) {
                values[pos++] = v;
            }
            r++;
        }
        maxLength = max;
    }

    /** The number of non-empty rounds. */
    int rounds() {
        return start.length;
    }

    /** The statistic over every sample pooled. */
    double pooled(Statistic statistic) {
        return statistic.compute(values.clone(), values.length);
    }

    /** {@code resamples} bootstrap replicates of {@code statistic}. */
    double[] replicates(Statistic statistic, int resamples, SplittableRandom random) {
        int rounds = start.length;
        double[] out = new double[resamples];
        double[] buffer = statistic.isMean() ? null : new double[rounds * maxLength];
        for (int b = 0; b < resamples; b++) {
            if (buffer == null) {
                double sum = 0;
                int n = 0;
                for (int i = 0; i < rounds; i++) {
                    int r = random.nextInt(rounds);
                    int s = start[r];
                    int len = length[r];
                    for (int j = 0; j < len; j++) {
                        sum += values[s + random.nextInt(len)];
                    }
                    n += len;
                }
                out[b] = sum / n;
            } else {
                int n = 0;
                for (int i = 0; i < rounds; i++) {
                    int r = random.nextInt(rounds);
                    int s = start[r];
                    int len = length[r];
                    for (int j = 0; j < len; j++) {
                        buffer[n++] = values[s + random.nextInt(len)];
                    }
                }
                out[b] = statistic.compute(buffer, n);
            }
        }
        return out;
    }
}
