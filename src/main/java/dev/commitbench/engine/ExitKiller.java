package dev.commitbench.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.exec.ProcessDestroyer;

/**
 * {@code ExitKiller} is used to kill the engine processes still running when the JVM exits (their whole
 * trees: {@link ProcessRunner} registers processes whose {@code destroy} does). One shutdown hook, added
 * with the first process and kept, unlike Commons Exec's {@code ShutdownHookProcessDestroyer}, which adds
 * its hook for every process and, on removing it, starts and joins a thread: about a millisecond per run
 * on a loaded 2-core machine. Thread-safe.
 */
final class ExitKiller implements ProcessDestroyer {

    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private boolean hooked;

    @Override
    public boolean add(Process process) {
        synchronized (this) {
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "commitbench-engine-killer"));
                hooked = true;
            }
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

    /** What the shutdown hook does: destroys every process still registered. */
    void killAll() {
        processes.forEach(Process::destroy);
    }
}
