package dev.commitbench.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@code RepositoryLock} is used to serialize the git work on one repository (creating, removing and
 * pruning worktrees) across threads and across JVMs (Surefire {@code forkCount=2}), so that one JVM's
 * {@code git worktree prune} never meets another's half-made worktree. It holds an in-JVM lock and an
 * exclusive file lock on {@code <java.io.tmpdir>/commitbench-<hash of the repository path>.lock}.
 * Measurements are not under this lock. Thread-safe.
 */
final class RepositoryLock {

    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final ReentrantLock lock;

    RepositoryLock(Path workTree) {
        this.lockFile = Path.of(System.getProperty("java.io.tmpdir"), "commitbench-" + hash(workTree) + ".lock");
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
                    + "check that the temporary directory is writable", e);
        } finally {
            lock.unlock();
        }
    }

    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    private static String hash(Path workTree) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(workTree.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
