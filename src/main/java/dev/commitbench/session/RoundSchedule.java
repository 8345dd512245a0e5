package dev.commitbench.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * {@code RoundSchedule} is used to order the runs of one sweep point: round {@code r} runs every commit
 * once, forward in odd rounds and backward in even rounds (ABBA blocks generalized to N commits:
 * {@code A B | B A | A B ...}), so that a linear drift across the point cancels over whole blocks, that is
 * fully with an even number of rounds (with an odd number, the last round runs the baseline first and leaves
 * one run's worth of drift between the commits); adaptive rounds continue the same pattern (round 4 runs backward
 * after round 3 ran forward), so completing a block cancels the drift again; or, with
 * {@link BenchmarkPlan.RoundOrder#RANDOM}, in a random order seeded by the plan's seed, the point and the
 * round, so that a run is reproducible. Stateless and thread-safe.
 */
final class RoundSchedule {

    private final BenchmarkPlan.RoundOrder order;
    private final long seed;

    RoundSchedule(BenchmarkPlan.RoundOrder order, long seed) {
        this.order = order;
        this.seed = seed;
    }

    /**
     * The commit indexes (0 = baseline) in the order round {@code round} (from 1) of point
     * {@code pointIndex} (from 0) runs them.
     */
    List<Integer> order(int commitCount, int pointIndex, int round) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < commitCount; i++) {
            indexes.add(i);
        }
        if (order == BenchmarkPlan.RoundOrder.RANDOM) {
            Collections.shuffle(indexes, new Random(seed * 31 + pointIndex * 1_000_003L + round));
        } else if (round % 2 == 0) {
            Collections.reverse(indexes);
        }
        return indexes;
    }
}
