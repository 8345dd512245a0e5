package dev.commitbench.session;

import dev.commitbench.bisect.Trial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code BisectLanes} is used by {@link BisectRun} to place one batch of a bisection on its devices: one lane per
 * device, run at the same time, each lane's trials one after the other in the order the search asked for them.
 * Trials that are compared with each other stay on one device, in their order:
 * <ul>
 *   <li>the ends' rounds go in their ABBA pairs (good then bad, bad then good), each pair on the least busy lane;</li>
 *   <li>a search batch's anchor goes on the first lane together with the commit next to it (anchor first in one
 *       batch, last in the next), so that the first device runs good or bad and a searched commit in ABBA order
 *       from batch to batch; each other commit of the batch gets a lane of its own (the least busy one, when there
 *       are more commits than lanes);</li>
 *   <li>a confirming batch (a commit and its parent) runs on the first lane, in its order.</li>
 * </ul>
 * With one lane, that is the batch in its order. Which device runs which trial does not change what the search
 * asks for next: the outcomes are recorded in the batch's order.
 */
final class BisectLanes {

    private BisectLanes() {
    }

    /**
     * Places {@code batch} on {@code lanes} lanes.
     *
     * @param batch the trials, in the order the search wants them started
     * @param lanes the number of lanes (devices), at least 1
     * @return one list per lane (some empty when the batch is small), each in the batch's order
     */
    static List<List<Trial>> place(List<Trial> batch, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("a batch needs at least one lane but got " + lanes);
        }
        List<List<Trial>> placed = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            placed.add(new ArrayList<>());
        }
        List<List<Trial>> units = units(batch);
        units.stream().filter(BisectLanes::hasAnchor).forEach(placed.get(0)::addAll);
        for (List<Trial> unit : units) {
            if (!hasAnchor(unit)) {
                placed.stream().min(Comparator.comparingInt(List::size)).orElseThrow().addAll(unit);
            }
        }
        placed.forEach(lane -> lane.sort(Comparator.comparingInt(Trial::sequence)));
        return placed;
    }

    /** The groups of trials that must run on one device, in the batch's order. */
    private static List<List<Trial>> units(List<Trial> batch) {
        List<List<Trial>> units = new ArrayList<>();
        if (batch.stream().anyMatch(t -> t.role() == Trial.Role.CONFIRM)) {
            units.add(new ArrayList<>(batch));
            return units;
        }
        int anchor = -1;
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).role() == Trial.Role.ANCHOR) {
                anchor = i;
            }
        }
        // the anchor's partner: the commit after it when it runs first, the one before it when it runs last
        int partner = anchor < 0 || batch.size() < 2 ? -1 : anchor == 0 ? 1 : anchor - 1;
        List<Trial> ends = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Trial trial = batch.get(i);
            if (trial.role() == Trial.Role.END) {
                ends.add(trial);
                if (ends.size() == 2) {
                    units.add(ends);
                    ends = new ArrayList<>();
                }
            } else if (i == anchor || i == partner) {
                if (i == Math.min(anchor, partner < 0 ? anchor : partner)) {
                    units.add(partner < 0 ? List.of(trial) : List.of(batch.get(Math.min(anchor, partner)),
                            batch.get(Math.max(anchor, partner))));
                }
            } else {
                units.add(List.of(trial));
            }
        }
        if (!ends.isEmpty()) {
            units.add(ends);
        }
        return units;
    }

    private static boolean hasAnchor(List<Trial> unit) {
        return unit.stream().anyMatch(t -> t.role() == Trial.Role.ANCHOR);
    }
}
