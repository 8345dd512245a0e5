package dev.commitbench.git;

import dev.commitbench.Commit;
import java.nio.file.Path;

/**
 * {@code Workspaces} materializes commits, once each per run, and cleans up on {@link #close()}
 * (worktrees removed and pruned; in-place mode restores the original branch or detached HEAD).
 * Thread-safe; {@code close} is idempotent.
 */
public interface Workspaces extends AutoCloseable {

    /**
     * Opens workspaces for the repository whose working tree is {@code repository}.
     *
     * @throws GitException when the workspace root cannot be written, or in place when the tree is dirty
     */
    static Workspaces open(Path repository, WorkspaceOptions options) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Materializes {@code commit} (or returns the directory already made for it in this run). */
    Workspace materialize(Commit commit);

    /** Marks the run as failed, so that {@code keepWorkspaces} keeps the worktrees on close. */
    void markFailed();

    @Override
    void close();
}
