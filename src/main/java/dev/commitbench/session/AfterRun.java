package dev.commitbench.session;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code AfterRun} is used by the session to do what follows an engine run (reading its report, writing
 * its {@code summary.json}, the progress line), in run order. Overlapped, the tasks run on one thread of
 * their own while the next engine process starts; inline, each runs at once on the caller's thread (for an
 * engine that measures from its process's start, beside which nothing may run). Only the session's thread
 * calls it.
 */
final class AfterRun implements AutoCloseable {

    private final ExecutorService executor;
    private final Deque<Future<?>> pending = new ArrayDeque<>();

    private AfterRun(ExecutorService executor) {
        this.executor = executor;
    }

    /** Tasks run at once, on the caller's thread. */
    static AfterRun inline() {
        return new AfterRun(null);
    }

    /** Tasks run in order on one daemon thread, while the caller goes on. */
    static AfterRun overlapped() {
        return new AfterRun(Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "commitbench-after-run");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /**
     * Runs {@code task} after the tasks submitted before it.
     *
     * @throws RuntimeException the failure of an earlier task that has ended, so that the session stops
     *         before it starts another process
     */
    Future<?> submit(Runnable task) {
        if (executor == null) {
            task.run();
            return CompletableFuture.completedFuture(null);
        }
        while (!pending.isEmpty() && pending.peekFirst().isDone()) {
            result(pending.removeFirst());
        }
        Future<?> future = executor.submit(task);
        pending.addLast(future);
        return future;
    }

    /** Whether tasks run on a thread of their own. */
    boolean isOverlapped() {
        return executor != null;
    }

    /**
     * Waits until one submitted task has run (not those after it); its failure is left for {@link #await()}
     * to throw.
     */
    static void await(Future<?> task) {
        try {
            result(task);
        } catch (RuntimeException e) {
            // thrown by await(), which still holds the task
        }
    }

    /**
     * Waits until every submitted task has run; an interrupt does not cut the wait short (the tasks take
     * milliseconds) but stays set.
     *
     * @throws RuntimeException the first failure of a task, as the task threw it
     */
    void await() {
        awaitThrough(pending.peekLast());
    }

    /**
     * Waits until {@code task} and the tasks before it have run, not those after it; as {@link #await()}
     * otherwise. Returns at once for a task already waited for, or {@code null}.
     *
     * @throws RuntimeException the first failure of those tasks, as the task threw it
     */
    void awaitThrough(Future<?> task) {
        if (task == null || !pending.contains(task)) {
            return;
        }
        RuntimeException first = null;
        while (!pending.isEmpty()) {
            Future<?> head = pending.removeFirst();
            try {
                result(head);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
            if (head == task) {
                break;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Waits for the tasks (as {@link #await()}) and stops the thread. */
    @Override
    public void close() {
        try {
            await();
        } finally {
            if (executor != null) {
                executor.shutdown();
            }
        }
    }

    private static void result(Future<?> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
