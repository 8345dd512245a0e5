package dev.commitbench.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code InParallel} is used by the shard merge to do the same independent thing to many items at once (read a
 * thousand {@code shard.json}, link a thousand shard folders), on a few threads of its own that take the next item
 * as they become free. The results come back in the items' order whatever order they finish in, so what the caller
 * does with them next does not depend on timing.
 */
final class InParallel {

    private InParallel() {
    }

    /**
     * How many threads work on file-system calls: twice the processors (a thread waiting for the disk leaves its
     * processor to another), at least 2 and at most 8.
     */
    static int fileThreads() {
        return Math.max(2, Math.min(8, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Applies {@code function} to every item on up to {@code threads} threads named {@code name}, and waits for all.
     *
     * @return the results, in the items' order
     * @throws RuntimeException the first failure in the items' order (an unchecked one as thrown, an error wrapped),
     *         with the later ones suppressed in it; every item is tried even when an earlier one fails
     */
    static <T, R> List<R> map(String name, List<T> items, int threads, Function<? super T, ? extends R> function) {
        Object[] results = new Object[items.size()];
        Throwable[] failures = new Throwable[items.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                try {
                    results[i] = function.apply(items.get(i));
                } catch (Throwable e) {
                    failures[i] = e;
                }
            }
        };
        List<Thread> started = new ArrayList<>();
        for (int t = 1; t < Math.min(threads, items.size()); t++) {
            Thread thread = new Thread(worker, name + "-" + t);
            thread.setDaemon(true);
            thread.start();
            started.add(thread);
        }
        worker.run();
        boolean interrupted = false;
        for (Thread thread : started) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the workers end with their items; keep the flag for the caller
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        RuntimeException first = null;
        for (Throwable failure : failures) {
            if (failure == null) {
                continue;
            }
            if (first == null) {
                first = failure instanceof RuntimeException unchecked ? unchecked : new IllegalStateException(failure);
            } else {
                first.addSuppressed(failure);
            }
        }
        if (first != null) {
            throw first;
        }
        @SuppressWarnings("unchecked")
        List<R> list = (List<R>) Arrays.asList(results);
        return list;
    }
}
