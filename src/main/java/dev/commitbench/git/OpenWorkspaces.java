package dev.commitbench.git;

import dev.commitbench.Commit;
import dev.commitbench.internal.Shutdown;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OpenWorkspaces} is the part both kinds of {@link Workspaces} share: the warnings gathered so far, and a
 * {@link #close()} that runs once, and not on the JVM's exit (its own action cleans up then: git could not start on
 * this thread). Thread-safe: every method holds the instance's lock.
 */
abstract class OpenWorkspaces implements Workspaces {

    /** The notes for the user, in the order they came. */
    final List<String> warnings = new ArrayList<>();
    private final Path workTree;
    private boolean closed;

    OpenWorkspaces(Path workTree) {
        this.workTree = workTree;
    }

    @Override
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public final synchronized void close() {
        if (closed || Shutdown.leftToTheExit()) {
            return; // during the JVM's exit, its own action does this (git could not start on this thread)
        }
        closed = true;
        closeOnce();
    }

    /** What {@link #close()} does, once. */
    abstract void closeOnce();

    /** {@return whether {@link #close()} ran} */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Refuses to materialize {@code commit} after {@link #close()}. */
    synchronized void requireOpen(Commit commit) {
        if (closed) {
            throw new IllegalStateException("Workspaces for " + workTree + " are closed; open new ones to "
                    + "materialize " + commit.displayName() + ".");
        }
    }
}
