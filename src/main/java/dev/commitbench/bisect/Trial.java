package dev.commitbench.bisect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Commit;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code Trial} is one engine run the search asks for: one round (one process) of one commit on the
 * first-parent path. The caller runs it and hands its outcome back with
 * {@link BisectSearch#record(Trial, RoundOutcome)}.
 *
 * <p>For example, running a batch in the order given:
 *
 * <pre><code class='java'>
 * for (Trial trial : search.nextBatch()) {
 *     search.record(trial, runOneRound(trial.commit()));
 * }
 * </code></pre>
 *
 * @param sequence the run's number in this bisection, from 1, in the order the search wants runs started
 * @param index    the commit's position on the path: 0 is the good end, the last index the bad end
 * @param commit   the commit to run
 * @param role     why the search runs it
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Trial(int sequence, int index, Commit commit, Role role) {

    /** Why a trial is run. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Role {
        /** A round of the good or the bad end, before the search, to compare them. */
        END,
        /** A round of an end interleaved with the search's rounds, so that drift over time can be removed. */
        ANCHOR,
        /** A round of a commit the search chose for what it tells about where the metric changed. */
        SEARCH,
        /** A round of a located commit or its parent, for the confirming comparison. */
        CONFIRM
    }

    /**
     * Validates the parts.
     *
     * @param sequence the run's number in this bisection, from 1
     * @param index the commit's position on the path
     * @param commit the commit to run
     * @param role why the search runs it
     */
    public Trial {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(role, "role");
    }
}
