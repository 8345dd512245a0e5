package dev.commitbench.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * {@code Beside} is used by the session to do two independent things at once: one on the caller's thread,
 * the other on a thread of its own, waiting for both.
 */
final class Beside {

    private Beside() {
    }

    /**
     * Runs {@code beside} on a new thread named {@code name} and {@code here} on the caller's, and returns
     * when both have ended.
     *
     * @throws RuntimeException what {@code here} threw, with what {@code beside} threw suppressed in it, or
     *         what {@code beside} threw alone
     */
    static void run(String name, Runnable beside, Runnable here) {
        get(name, beside, () -> {
            here.run();
            return null;
        });
    }

    /**
     * {@link #run}, returning what {@code here} gives once both have ended.
     *
     * @param <T> what {@code here} gives
     * @return {@code here}'s result
     * @throws RuntimeException what {@code here} threw, with what {@code beside} threw suppressed in it, or
     *         what {@code beside} threw alone
     */
    static <T> T get(String name, Runnable beside, Supplier<T> here) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        new Thread(() -> {
            try {
                beside.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name).start();
        RuntimeException failure = null;
        T result = null;
        try {
            result = here.get();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            done.join();
        } catch (CompletionException e) {
            RuntimeException other = e.getCause() instanceof RuntimeException cause ? cause : e;
            if (failure == null) {
                failure = other;
            } else {
                failure.addSuppressed(other);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
