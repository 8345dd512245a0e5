package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.exec.ProcessDestroyer;
import org.apiguardian.api.API;

/**
 * {@code Shutdown} is used to end a commitbench run cleanly when the JVM exits in the middle of it (Ctrl-C,
 * SIGTERM, {@code System.exit}): one JVM shutdown hook that, in this order,
 * <ol>
 *   <li>marks the exit as started ({@link #inProgress()}), so that no new process starts (one that does is
 *       destroyed at once) and a front end can tell an interrupted run from a failed one;</li>
 *   <li>destroys every process registered through {@link #destroyer()} (the engines' process trees, git,
 *       setup commands) and waits a few seconds for them to die;</li>
 *   <li>runs the actions registered with {@link #onExit}, the last registered first (the session reports what
 *       was interrupted after removing its workspaces; the workspaces restore the repository), each on its
 *       own: one that fails prints one line, never a stack trace, and the others still run.</li>
 * </ol>
 * One hook with a fixed order, unlike one hook per concern: the JVM runs hooks concurrently and in no order,
 * so a hook removing worktrees could race the engine still writing into them, and Commons Exec's
 * {@code ShutdownHookProcessDestroyer} fails ("Shutdown in progress") when cleanup starts git during the exit.
 * The hook is added once and kept (adding and removing a hook per process costs about a millisecond on a
 * loaded machine). Thread-safe.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class Shutdown {

    private static final Shutdown JVM = new Shutdown(System.err);
    private static final Duration PROCESS_GRACE = Duration.ofSeconds(5);

    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private final Deque<Registration> actions = new ConcurrentLinkedDeque<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicBoolean reported = new AtomicBoolean();
    /** Process starts in flight: started, or about to be, and not registered yet ({@link #starting()}). */
    private final AtomicInteger starting = new AtomicInteger();
    /** Processes registered after the exit began, destroyed at once; the exit waits for them to go. */
    private final Set<Process> late = ConcurrentHashMap.newKeySet();
    private final PrintStream err;
    private volatile Thread running;
    private boolean hooked;

    Shutdown(PrintStream err) {
        this.err = err;
    }

    /** {@return whether the JVM has begun to exit (the hook has started)} */
    public static boolean inProgress() {
        return JVM.started();
    }

    /**
     * {@return whether cleanup on this thread should be left to the exit: the JVM is exiting and this is not the
     * exit's thread, whose actions do it (a process this thread started now would be destroyed at once)}
     */
    public static boolean leftToTheExit() {
        return JVM.started() && Thread.currentThread() != JVM.running;
    }

    /**
     * Waits up to {@code timeout} for the JVM's exit to begin: a process that died of SIGINT may have got the
     * terminal's Ctrl-C a moment before this JVM's hook starts.
     *
     * @param timeout how long to wait
     * @return whether the exit has begun
     */
    public static boolean awaitInProgress(Duration timeout) {
        try {
            return JVM.started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inProgress();
        }
    }

    /**
     * {@return whether the caller is the one to print the exit's line: during the JVM's exit, true for the first
     * caller only, so that one line says what was interrupted (the session that was running says it; a front end's
     * fallback, "interrupted before the first run", stays silent then); outside an exit, always true}
     */
    public static boolean firstToReport() {
        return JVM.claimReport();
    }

    boolean claimReport() {
        return !started() || reported.compareAndSet(false, true);
    }

    /** {@return the Commons Exec destroyer that registers processes to destroy when the JVM exits} */
    public static ProcessDestroyer destroyer() {
        return JVM.processDestroyer();
    }

    /**
     * Registers an action to run when the JVM exits, after every registered process is destroyed; cancel it
     * when it is no longer needed.
     *
     * @param name   what the action does, for the line printed when it fails
     * @param action the action
     * @return the registration, to cancel it
     * @throws IllegalStateException when the JVM is already exiting
     */
    public static Registration onExit(String name, Runnable action) {
        return JVM.register(name, action);
    }

    /**
     * Marks a process start in flight, from just before the process is started until it is registered with
     * {@link #destroyer()}: an exit that begins meanwhile waits for the registration (a few seconds at most), which
     * then destroys the process, so that a process started just as the JVM exits is not left running.
     *
     * @return the mark; close it once the process is registered (or was not started)
     */
    public static Starting starting() {
        return JVM.beginStart();
    }

    Starting beginStart() {
        // the hook is in place before the first process starts: an exit that begins while it is being started, before
        // it is registered, must find the hook there to wait for it and destroy it
        hook();
        starting.incrementAndGet();
        return new Starting(this);
    }

    /** A process start in flight ({@link #starting()}); closing it more than once has no further effect. */
    @API(status = INTERNAL, since = "0.1")
    public static final class Starting implements AutoCloseable {
        private final Shutdown owner;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Starting(Shutdown owner) {
            this.owner = owner;
        }

        /** The process is registered, or was not started. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                owner.starting.decrementAndGet();
            }
        }
    }

    /** An action registered with {@link #onExit}. */
    @API(status = INTERNAL, since = "0.1")
    public static final class Registration {
        private final Shutdown owner;
        private final String name;
        private final Runnable action;

        private Registration(Shutdown owner, String name, Runnable action) {
            this.owner = owner;
            this.name = name;
            this.action = action;
        }

        /** The action will not run at exit (it may be running now, on the exit's thread). Idempotent. */
        public void cancel() {
            owner.actions.remove(this);
        }
    }

    boolean started() {
        return started.getCount() == 0;
    }

    ProcessDestroyer processDestroyer() {
        return new ProcessDestroyer() {
            @Override
            public boolean add(Process process) {
                hook();
                if (started() && Thread.currentThread() != running) {
                    // the exit has begun: nothing new may start, except what the exit's own actions run
                    process.destroy();
                    late.add(process);
                    return false;
                }
                return processes.add(process);
            }

            @Override
            public boolean remove(Process process) {
                return processes.remove(process);
            }

            @Override
            public int size() {
                return processes.size();
            }
        };
    }

    Registration register(String name, Runnable action) {
        hook();
        if (started()) {
            throw new IllegalStateException("the JVM is exiting; " + name + " cannot be registered any more");
        }
        Registration registration = new Registration(this, name, action);
        actions.push(registration);
        return registration;
    }

    private synchronized void hook() {
        if (hooked || this != JVM) {
            return;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(this::run, "commitbench-shutdown"));
            hooked = true;
        } catch (IllegalStateException exiting) {
            started.countDown();
        }
    }

    /** The hook's work: mark, destroy the processes and wait for them, then the actions, last registered first. */
    void run() {
        running = Thread.currentThread();
        started.countDown();
        List<Process> alive = new ArrayList<>(processes);
        alive.forEach(Process::destroy);
        long deadline = System.nanoTime() + PROCESS_GRACE.toNanos();
        // a process started just before the exit began is registered (and so destroyed) a moment later
        while (starting.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        alive.addAll(late);
        for (Process process : alive) {
            try {
                process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Registration registration = actions.poll(); registration != null; registration = actions.poll()) {
            try {
                registration.action.run();
            } catch (RuntimeException | Error e) {
                err.println("commitbench: could not finish " + registration.name + " while the JVM exits: "
                        + e.getMessage());
            }
        }
    }
}
