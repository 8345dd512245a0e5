package dev.commitbench.session;

import dev.commitbench.git.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@code RepositoryLock} is used to serialize the git work on one repository (creating, removing and
 * pruning worktrees) across threads and across JVMs (Surefire {@code forkCount=2}, two command lines), so that
 * one JVM's {@code git worktree prune} never meets another's half-made worktree. What it protects is the
 * repository's worktree administration ({@code <common git dir>/worktrees/}), shared by the main working tree
 * and every linked one, so the lock is where that is: an exclusive file lock on
 * {@code <common git dir>/commitbench.lock} (next to {@code .git/worktrees/}, invisible to {@code git status}),
 * plus an in-JVM lock. The file is made once per repository and kept (deleting a lock file that another
 * process may have opened and be waiting on would let two processes hold "the" lock); it never goes into the
 * system temp directory. Measurements are not under this lock. Thread-safe.
 */
final class RepositoryLock {

    /** The lock file's name in the repository's common git directory. */
    static final String FILE_NAME = "commitbench.lock";

    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
    /** How long the exit waits for the lock before it cleans up without it. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    private final Path lockFile;
    private final ReentrantLock lock;

    /** A lock for the repository whose common git directory ({@code .git}, shared by its linked worktrees) is given. */
    RepositoryLock(Path commonGitDirectory) {
        this.lockFile = commonGitDirectory.toAbsolutePath().normalize().resolve(FILE_NAME);
        this.lock = IN_JVM.computeIfAbsent(lockFile, k -> new ReentrantLock());
    }

    Path file() {
        return lockFile;
    }

    <T> T call(Supplier<T> work) {
        lock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            return work.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock [" + lockFile + "] to serialize git work on the repository: "
                    + "check that the repository's .git directory is writable", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes {@code workspaces} during the JVM's exit ({@link #runAtExit}) and says what is left, for the one line
     * that says what the exit interrupted: the workspaces' cleanup note, or why cleaning up failed.
     */
    String closeAtExit(Workspaces workspaces) {
        try {
            runAtExit(workspaces::close);
            return workspaces.cleanupNote();
        } catch (RuntimeException e) {
            return "cleaning up failed (" + e.getMessage() + ")";
        }
    }

    /**
     * Runs {@code work} during the JVM's exit: under the lock when it can be had within a few seconds (a thread of
     * this JVM may hold it while its git process is being killed), without it otherwise, so that the exit never
     * hangs on it.
     */
    void runAtExit(Runnable work) {
        boolean locked = false;
        try {
            locked = lock.tryLock(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (locked) {
                awaitFileLock(channel);
            }
        } catch (IOException e) {
            // clean up without the file lock
        }
        try {
            work.run();
        } finally {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // released with the process anyway
            }
            if (locked) {
                lock.unlock();
            }
        }
    }

    /** The file lock within a few seconds, or none (it goes with the channel's close). */
    private static FileLock awaitFileLock(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            FileLock fileLock = channel.tryLock();
            if (fileLock != null) {
                return fileLock;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
