package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.commitbench.Commit;
import dev.commitbench.bisect.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Verifies where a bisection's batch runs on several devices: the ends' ABBA pairs, an anchor with the commit next to
 * it, and a confirming pair each stay on one device in their order; the other commits get a device each; one device
 * runs the batch in its order.
 */
class BisectLanesTests {

    private static final int LAST = 32;

    private static Commit commit(int i) {
        return new Commit(String.format(Locale.ROOT, "%07x", 0x1000000 + i) + "0".repeat(33), "c" + i);
    }

    private static List<Trial> batch(Object... indexAndRole) {
        List<Trial> batch = new ArrayList<>();
        for (int i = 0; i < indexAndRole.length; i += 2) {
            int index = (Integer) indexAndRole[i];
            batch.add(new Trial(100 + i / 2, index, commit(index), (Trial.Role) indexAndRole[i + 1]));
        }
        return batch;
    }

    private static List<List<Integer>> indices(List<List<Trial>> lanes) {
        return lanes.stream().map(lane -> lane.stream().map(Trial::index).toList()).toList();
    }

    @Test
    void an_anchor_that_runs_first_shares_the_first_device_with_the_commit_after_it_the_others_get_one_each() {
        List<Trial> batch = batch(0, Trial.Role.ANCHOR, 8, Trial.Role.SEARCH, 16, Trial.Role.SEARCH, 24,
                Trial.Role.SEARCH, 4, Trial.Role.SEARCH);

        assertThat(indices(BisectLanes.place(batch, 4))).containsExactly(List.of(0, 8), List.of(16), List.of(24),
                List.of(4));
    }

    @Test
    void an_anchor_that_runs_last_shares_the_first_device_with_the_commit_before_it_so_that_device_runs_abba() {
        List<Trial> first = batch(0, Trial.Role.ANCHOR, 8, Trial.Role.SEARCH, 16, Trial.Role.SEARCH);
        List<Trial> second = batch(12, Trial.Role.SEARCH, 20, Trial.Role.SEARCH, LAST, Trial.Role.ANCHOR);

        List<List<Trial>> one = BisectLanes.place(first, 2);
        List<List<Trial>> two = BisectLanes.place(second, 2);

        assertThat(indices(one)).containsExactly(List.of(0, 8), List.of(16));
        assertThat(indices(two)).containsExactly(List.of(20, LAST), List.of(12));
        assertThat(one.get(0)).extracting(Trial::role).containsExactly(Trial.Role.ANCHOR, Trial.Role.SEARCH);
        assertThat(two.get(0)).extracting(Trial::role).containsExactly(Trial.Role.SEARCH, Trial.Role.ANCHOR);
    }

    @Test
    void the_ends_go_in_their_abba_pairs_one_pair_per_device_in_turn() {
        List<Trial> ends = batch(0, Trial.Role.END, LAST, Trial.Role.END, LAST, Trial.Role.END, 0, Trial.Role.END, 0,
                Trial.Role.END, LAST, Trial.Role.END);

        assertThat(indices(BisectLanes.place(ends, 4))).containsExactly(List.of(0, LAST), List.of(LAST, 0),
                List.of(0, LAST), List.of());
        assertThat(indices(BisectLanes.place(ends, 2))).containsExactly(List.of(0, LAST, 0, LAST), List.of(LAST, 0));
    }

    @Test
    void a_confirming_pair_stays_on_one_device_in_its_order() {
        List<Trial> confirm = batch(21, Trial.Role.CONFIRM, 20, Trial.Role.CONFIRM);

        assertThat(indices(BisectLanes.place(confirm, 4))).containsExactly(List.of(21, 20), List.of(), List.of(),
                List.of());
    }

    @Test
    void more_commits_than_devices_take_the_devices_in_turn_and_one_device_runs_the_batch_in_its_order() {
        List<Trial> batch = batch(1, Trial.Role.SEARCH, 2, Trial.Role.SEARCH, 3, Trial.Role.SEARCH, LAST,
                Trial.Role.ANCHOR);

        assertThat(indices(BisectLanes.place(batch, 2))).containsExactly(List.of(3, LAST), List.of(1, 2));
        assertThat(indices(BisectLanes.place(batch, 1))).containsExactly(List.of(1, 2, 3, LAST));
        assertThatIllegalArgumentException().isThrownBy(() -> BisectLanes.place(batch, 0))
                .withMessage("a batch needs at least one lane but got 0");
    }
}
