package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * {@code Workspaces} materializes commits, once each per run, and cleans up on {@link #close()}
 * (worktrees removed and pruned; in-place mode restores the original branch or detached HEAD).
 * Thread-safe; {@code close} is idempotent.
 */
@API(status = INTERNAL, since = "0.1")
public interface Workspaces extends AutoCloseable {

    /**
     * Opens workspaces for the repository whose working tree is {@code repository}.
     *
     * <p>In place, a run that was killed earlier is restored first, and {@link #warnings()} says so.
     *
     * @param repository the repository's working tree
     * @param options how and where to materialize commits
     * @throws GitException when the workspace root cannot be written, or in place when the tree is dirty
     * @return the workspaces; close them
     */
    static Workspaces open(Path repository, WorkspaceOptions options) {
        return Tools.detect().open(repository, options);
    }

    /**
     * Where a commit's benchmark config is: an absolute {@code configDir} as it is; a relative one against the
     * commit's workspace (benchmark.py's behaviour), or, with {@code fromCheckout}, against {@code checkout}
     * (the user's current working tree), so that one benchmark definition measures every commit.
     *
     * @param workspace the commit's workspace
     * @param configDir the config directory as the user gave it
     * @param checkout the user's current working tree
     * @param fromCheckout whether a relative {@code configDir} resolves against {@code checkout}
     * @return the config directory for that commit
     */
    static Path configDirectory(Workspace workspace, String configDir, Path checkout, boolean fromCheckout) {
        return (fromCheckout ? checkout : workspace.directory()).resolve(configDir);
    }

    /**
     * Checks that the config dir exists in one commit's workspace. An absolute {@code configDir} is
     * checked as it is.
     *
     * @param workspace the commit's workspace
     * @param configDir the config directory as the user gave it
     * @return the error for that commit only (its runs become errors; the others still run), or empty
     */
    static Optional<String> requireDirectory(Workspace workspace, String configDir) {
        Path directory = workspace.directory().resolve(configDir);
        if (Files.isDirectory(directory)) {
            return Optional.empty();
        }
        return Optional.of("Config dir [" + configDir + "] does not exist in commit " + workspace.commit().displayName()
                + " (looked for " + directory + "), so that commit's runs are errors; the other commits still run. "
                + "Add the directory to that commit, or resolve the config dir against the current checkout "
                + "(configFromCheckout = true, or --config-from-checkout on the command line).");
    }

    /**
     * Materializes {@code commit} (or returns the directory already made for it in this run).
     *
     * @param commit the commit
     * @return its workspace
     */
    Workspace materialize(Commit commit);

    /** Marks the run as failed, so that {@code keepWorkspaces} keeps the worktrees on close. */
    void markFailed();

    /**
     * Warnings and notes for the user, in order: Git LFS pointer files while git-lfs is missing, submodules
     * not initialized, a cached workspace made again, an in-place run restored after a crash.
     *
     * @return the warnings, possibly none
     */
    List<String> warnings();

    /**
     * {@return what {@link #close()} leaves, for a user whose run was interrupted: {@code the worktrees are removed;
     * the repository was not changed}, or in place {@code the repository is restored to main}}
     */
    String cleanupNote();

    @Override
    void close();
}
