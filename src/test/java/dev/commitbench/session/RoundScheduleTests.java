package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies that rounds are interleaved in ABBA blocks, or in a seeded random order. */
class RoundScheduleTests {

    @Test
    void twoCommitsRunInAbbaBlocks() {
        var schedule = new RoundSchedule(BenchmarkPlan.RoundOrder.ABBA, 1);
        List<Integer> runs = new ArrayList<>();
        for (int round = 1; round <= 4; round++) {
            runs.addAll(schedule.order(2, 0, round));
        }
        assertThat(runs).containsExactly(0, 1, 1, 0, 0, 1, 1, 0);
    }

    @Test
    void threeCommitsGoForwardThenBackward() {
        var schedule = new RoundSchedule(BenchmarkPlan.RoundOrder.ABBA, 1);
        assertThat(schedule.order(3, 5, 1)).containsExactly(0, 1, 2);
        assertThat(schedule.order(3, 5, 2)).containsExactly(2, 1, 0);
        assertThat(schedule.order(3, 5, 3)).containsExactly(0, 1, 2);
    }

    @Test
    void randomOrderIsAPermutationReproducibleFromTheSeed() {
        var schedule = new RoundSchedule(BenchmarkPlan.RoundOrder.RANDOM, 42);
        List<List<Integer>> orders = new ArrayList<>();
        for (int round = 1; round <= 20; round++) {
            List<Integer> order = schedule.order(4, 1, round);
            assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3);
            assertThat(new RoundSchedule(BenchmarkPlan.RoundOrder.RANDOM, 42).order(4, 1, round)).isEqualTo(order);
            orders.add(order);
        }
        assertThat(orders.stream().distinct().count()).as("distinct orders in 20 rounds of 4 commits").isGreaterThan(5);
    }
}
