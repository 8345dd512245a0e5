package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import java.time.Duration;
import org.apiguardian.api.API;

/** Receives the session's progress; {@link ConsoleProgress} prints it, the same way for both front ends. */
@API(status = INTERNAL, since = "0.1")
public interface ProgressListener {

    /**
     * Called after each engine run: {@code [k/N] point · commit · round r · elapsed · ~left}.
     *
     * @param index     k, from 1
     * @param total     N, the runs planned so far (grows when adaptive rounds are added)
     * @param point     the sweep point's label
     * @param commit    the commit
     * @param round     the round, from 1
     * @param elapsed   the time since the session started
     * @param remaining the estimated time left
     * @param succeeded whether the run produced a report
     */
    void runFinished(int index, int total, String point, Commit commit, int round, Duration elapsed,
            Duration remaining, boolean succeeded);

    /**
     * An engine process ended (successfully or not), with its own wall time.
     *
     * @param outcome how the process ended
     */
    default void engineFinished(dev.commitbench.engine.RunOutcome outcome) {
    }

    /**
     * A line of the engine's output, as it comes.
     *
     * @param line the line, without its line break
     */
    default void engineLine(String line) {
    }

    /**
     * A note or warning for the user (duplicates dropped, a metric found in no report, ...).
     *
     * @param message the note
     */
    default void note(String message) {
    }

    /**
     * The JVM is exiting in the middle of the session (Ctrl-C): the one line that says what was interrupted and
     * what is left, e.g. {@code interrupted during run 3 of 12 (size=small · HEAD@5d6e7f8 · round 2); the worktrees
     * are removed; the repository was not changed.} Called on the exit's thread, after the cleanup.
     *
     * @param message the line, without a prefix
     */
    default void interrupted(String message) {
        note(message);
    }

    /** A listener that ignores everything. */
    ProgressListener SILENT = (index, total, point, commit, round, elapsed, remaining, succeeded) -> { };
}
