package dev.commitbench.session;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code RepositoryLockChild} is used by {@link RepositoryLockTests} as another JVM holding a repository's lock:
 * it takes the lock for the given common git directory, prints {@code locked}, and releases it when a line comes
 * on standard input.
 *
 * <p>Usage: {@code RepositoryLockChild <common git dir>}
 */
public final class RepositoryLockChild {

    private RepositoryLockChild() {
    }

    public static void main(String[] args) {
        new RepositoryLock(Path.of(args[0])).run(() -> {
            System.out.println("locked");
            System.out.flush();
            try {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        System.out.println("released");
    }
}
