package dev.commitbench.bisect;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code BisectBatches} is used by {@link BisectSearch} to make its batches of trials: the ends' rounds in ABBA
 * order, a search batch of picks with an anchor of an end, and, for a drift, the commits inside its range to measure.
 * Each batch is a block of its own (the model's drift is per block).
 */
final class BisectBatches {

    private static final int DRIFT_INTERIOR = 3;

    private final BisectSearch search;

    BisectBatches(BisectSearch search) {
        this.search = search;
    }

    /**
     * For a drift answer: the commits to measure inside its range until {@link #DRIFT_INTERIOR} of the
     * commits where the level is between good's and bad's have a measured round (so that the drift is
     * shown by per-commit estimates, and two close steps are not taken for a drift), each in the middle
     * of the widest unmeasured gap; empty when enough are measured.
     */
    List<Integer> driftInterior(BisectModel.Answer drift) {
        List<Integer> measured = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        for (int i = drift.a(); i < drift.b(); i++) {
            if (!search.successes.get(i).isEmpty()) {
                measured.add(i);
            } else if (!search.skipped(i)) {
                open.add(i);
            }
        }
        int want = Math.min(DRIFT_INTERIOR - measured.size(), open.size());
        List<Integer> picks = new ArrayList<>();
        for (int p = 0; p < Math.min(want, search.settings.parallelism()); p++) {
            int best = -1;
            int bestGap = -1;
            for (int i : open) {
                if (picks.contains(i)) {
                    continue;
                }
                int gap = Integer.MAX_VALUE;
                for (int m : measured) {
                    gap = Math.min(gap, Math.abs(m - i));
                }
                for (int m : picks) {
                    gap = Math.min(gap, Math.abs(m - i));
                }
                gap = Math.min(gap, Math.min(i - (drift.a() - 1), drift.b() - i));
                if (gap > bestGap) {
                    bestGap = gap;
                    best = i;
                }
            }
            picks.add(best);
        }
        return picks;
    }

    /** A search batch: the picks and an anchor, ABBA across batches. */
    List<Trial> searchBatch(List<Integer> picks) {
        int anchor = anchor();
        List<Integer> order = new ArrayList<>(picks);
        boolean anchorFirst = search.searchBatches++ % 2 == 0;
        if (anchor >= 0 && search.remaining() > picks.size()) {
            if (anchorFirst) {
                order.add(0, anchor);
            } else {
                order.add(anchor);
            }
        }
        return batch(order, Trial.Role.SEARCH, anchor >= 0 && order.contains(anchor) ? anchor : -1);
    }

    /** The end to anchor this batch: good and bad in turn, an end that is skipped left out; -1 for none. */
    private int anchor() {
        if (!search.settings.anchor()) {
            return -1;
        }
        int first = search.searchBatches % 2 == 0 ? 0 : search.last;
        int second = first == 0 ? search.last : 0;
        return !search.skipped(first) ? first : !search.skipped(second) ? second : -1;
    }

    /** Rounds of the ends in ABBA order (good, bad, bad, good, ...), each pair a block of its own. */
    List<Trial> ends(int good, int bad) {
        List<Trial> batch = new ArrayList<>();
        int budget = search.remaining();
        int pair = 0;
        while ((good > 0 || bad > 0) && batch.size() < budget) {
            search.block++;
            int[] order = pair++ % 2 == 0 ? new int[] {0, search.last} : new int[] {search.last, 0};
            for (int end : order) {
                boolean want = end == 0 ? good > 0 : bad > 0;
                if (want && batch.size() < budget) {
                    batch.add(trial(end, Trial.Role.END));
                    if (end == 0) {
                        good--;
                    } else {
                        bad--;
                    }
                }
            }
        }
        return batch;
    }

    /** One batch (one block): the commits in order, trimmed to the budget; the anchor's trial gets the ANCHOR role. */
    List<Trial> batch(List<Integer> order, Trial.Role role, int anchor) {
        search.block++;
        List<Trial> batch = new ArrayList<>();
        int budget = search.remaining();
        for (int i : order) {
            if (batch.size() >= budget) {
                break;
            }
            batch.add(trial(i, i == anchor && role == Trial.Role.SEARCH ? Trial.Role.ANCHOR : role));
        }
        return batch;
    }

    private Trial trial(int index, Trial.Role role) {
        int sequence = ++search.sequences;
        Trial t = new Trial(sequence, index, search.path.get(index), role);
        search.pending.put(sequence, t);
        search.blockOf.put(sequence, search.block);
        return t;
    }
}
