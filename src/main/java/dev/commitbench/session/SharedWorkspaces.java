package dev.commitbench.session;

import dev.commitbench.Commit;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.Workspace;
import dev.commitbench.git.Workspaces;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code SharedWorkspaces} is used by the worker sessions of one {@link DeviceRun}, and by the lanes of a
 * {@link BisectRun} on several devices, to share one set of workspaces:
 * each commit is materialized once for all of them, by the first worker that needs it, under the repository lock;
 * the others wait for that commit alone, holding no lock, and a commit already made is handed out without waiting
 * on anything. A failed materialization is not kept: every worker waiting for it sees the failure, and the next
 * one to need the commit tries again, as a session on its own does.
 *
 * <p>With several workers, {@link #materializeAhead(List)} makes the commits on a thread of its own while the first
 * runs go on, so that no worker waits for the next commit when its first run ends (one worker materializing while
 * another measures happens with several workers anyway; with one, nothing is made ahead, so that its runs stay as
 * quiet as a session's). The workspaces' notes are handed out once ({@link #newWarnings()}), not once per worker.
 *
 * <p>In place there is one checkout for the whole repository, so every call checks its commit out again under the
 * lock, as a session on its own does.
 *
 * <p>{@link DeviceRun} owns it: the worker sessions do not close it, {@code DeviceRun} does, once ({@code BisectRun}
 * closes the workspaces underneath it). Thread-safe.
 */
final class SharedWorkspaces implements Workspaces {

    private final Workspaces workspaces;
    private final RepositoryLock lock;
    private final boolean inPlace;
    private final ConcurrentMap<String, CompletableFuture<Workspace>> materialized = new ConcurrentHashMap<>();
    /**
     * The workspaces' warnings as of their last change (opening, or a commit made): read here, so that a worker
     * asking for them never waits for a commit being made (the workspaces hold their own lock meanwhile).
     */
    private List<String> warnings;
    /** How many of the warnings a worker has been handed. */
    private int warningsHandedOut;
    private volatile boolean closed;

    SharedWorkspaces(Workspaces workspaces, RepositoryLock lock, CheckoutMode mode) {
        this.workspaces = workspaces;
        this.lock = lock;
        this.inPlace = mode == CheckoutMode.IN_PLACE;
        this.warnings = workspaces.warnings();
    }

    @Override
    public Workspace materialize(Commit commit) {
        if (inPlace || closed) {
            try { // closed: the workspaces refuse it, saying so
                return lock.call(() -> workspaces.materialize(commit));
            } finally {
                refreshWarnings();
            }
        }
        CompletableFuture<Workspace> mine = new CompletableFuture<>();
        CompletableFuture<Workspace> existing = materialized.putIfAbsent(commit.sha(), mine);
        if (existing != null) {
            try {
                return existing.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            Workspace workspace = lock.call(() -> workspaces.materialize(commit));
            refreshWarnings();
            mine.complete(workspace);
            return workspace;
        } catch (RuntimeException | Error e) {
            refreshWarnings();
            materialized.remove(commit.sha(), mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private void refreshWarnings() {
        List<String> now = workspaces.warnings();
        synchronized (this) {
            warnings = now;
        }
    }

    /**
     * Starts materializing {@code commits}, in order, on a daemon thread of its own; a commit that fails is left to
     * the run that needs it, which tries again and reports why. Nothing in place, where there is one checkout.
     *
     * @param commits the commits, in the order the first runs need them
     */
    void materializeAhead(List<Commit> commits) {
        if (inPlace) {
            return;
        }
        Thread ahead = new Thread(() -> {
            for (Commit commit : commits) {
                if (closed) {
                    return;
                }
                try {
                    materialize(commit);
                } catch (RuntimeException e) {
                    // the run that needs the commit materializes it again and records why it could not
                }
            }
        }, "commitbench-materialize-ahead");
        ahead.setDaemon(true);
        ahead.start();
    }

    /** {@return the workspaces' warnings no worker has been handed yet, in order; each is handed out once} */
    synchronized List<String> newWarnings() {
        List<String> fresh = List.copyOf(warnings.subList(Math.min(warningsHandedOut, warnings.size()),
                warnings.size()));
        warningsHandedOut = warnings.size();
        return fresh;
    }

    @Override
    public void markFailed() {
        workspaces.markFailed();
    }

    @Override
    public synchronized List<String> warnings() {
        return warnings;
    }

    @Override
    public String cleanupNote() {
        return workspaces.cleanupNote();
    }

    /** Removes the workspaces (kept when a run failed and the plan keeps them), under the repository lock; idempotent. */
    @Override
    public void close() {
        closed = true;
        lock.run(workspaces::close);
    }

    /** Removes the workspaces during the JVM's exit, as {@link RepositoryLock#runAtExit} allows. */
    void closeAtExit() {
        closed = true;
        lock.runAtExit(workspaces::close);
    }
}
