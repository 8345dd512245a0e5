package dev.commitbench.git;

import dev.commitbench.Commit;
import dev.commitbench.internal.Shutdown;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code InPlaceWorkspaces} is used for benchmark.py's behaviour: every commit is checked out in the user's
 * own working tree, guarded by an {@link InPlaceGuard}. It refuses a dirty tree, and restores the original
 * branch or detached HEAD on {@link #close()}, from a JVM shutdown hook, and after a crash at the next start.
 * The setup command runs again on every checkout that changes HEAD (with ABBA rounds, A's second run must not
 * use B's build); each commit's log appends.
 * Setup logs go to the configured root, or a fresh directory under the system temp directory that is
 * deleted on close unless a setup command failed.
 */
final class InPlaceWorkspaces extends OpenWorkspaces {

    private final Repository repository;
    private final Path workTree;
    private final WorkspaceOptions options;
    private final InPlaceGuard guard;
    private final Map<String, Workspace> prepared = new HashMap<>();
    private final Shutdown.Registration atExit;
    private Path logDirectory;
    private String current;
    private boolean setupFailed;

    private InPlaceWorkspaces(Repository repository, WorkspaceOptions options, InPlaceGuard guard, List<String> notes) {
        super(repository.getWorkTree().toPath());
        this.repository = repository;
        this.workTree = repository.getWorkTree().toPath();
        this.options = options;
        this.guard = guard;
        this.warnings.addAll(notes);
        this.atExit = Shutdown.onExit("restoring " + workTree, this::close);
    }

    /**
     * Restores a crashed run first (noted in {@link #warnings()}), then starts guarding the repository.
     *
     * @throws GitException when the tree is dirty, or another run uses it in place
     */
    static InPlaceWorkspaces open(Repository repository, WorkspaceOptions options) {
        List<String> notes = new ArrayList<>();
        InPlaceGuard.recover(repository).ifPresent(notes::add);
        return new InPlaceWorkspaces(repository, options, InPlaceGuard.start(repository), notes);
    }

    @Override
    public synchronized Workspace materialize(Commit commit) {
        requireOpen(commit);
        if (!commit.sha().equals(current)) {
            guard.checkout(ObjectId.fromString(commit.sha()), commit.displayName());
            current = commit.sha();
            // the tree changed under the last setup's build: set up again (the log appends)
            Workspace workspace = Setup.prepare(commit, workTree, this::logDirectory, options, false, true);
            setupFailed |= workspace.setupError().isPresent();
            prepared.put(commit.sha(), workspace);
        }
        return prepared.get(commit.sha());
    }

    private Path logDirectory() {
        if (logDirectory == null) {
            try {
                logDirectory = options.root() != null ? Files.createDirectories(options.root())
                        : Files.createTempDirectory("commitbench-setup-");
            } catch (IOException e) {
                throw new GitException("Cannot write the workspace root " + options.root() + " for setup logs: "
                        + e.getMessage() + ". Choose a writable directory (workspaceRoot).", e);
            }
        }
        return logDirectory;
    }

    /** In place there is nothing to keep: the working tree is always restored. */
    @Override
    public void markFailed() {
    }

    @Override
    synchronized void closeOnce() {
        try {
            guard.restore();
            if (options.root() == null && logDirectory != null && !setupFailed) {
                WorktreeWorkspaces.deleteRecursively(logDirectory);
            }
        } catch (IOException e) {
            throw new GitException("Could not delete the setup logs in " + logDirectory + ": " + e.getMessage()
                    + ". Delete the directory yourself.", e);
        } finally {
            repository.close();
            atExit.cancel();
        }
    }

    @Override
    public synchronized String cleanupNote() {
        return "the repository is restored to " + guard.originalName();
    }
}
