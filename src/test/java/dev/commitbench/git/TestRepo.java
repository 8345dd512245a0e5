package dev.commitbench.git;

import dev.commitbench.testing.GitCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code TestRepo} is used to build a real git repository in a test's temporary directory with the git
 * executable. Identity is set in the repository's own config; the developer's global and system config
 * are not read.
 */
final class TestRepo {

    final Path dir;

    private TestRepo(Path dir) {
        this.dir = dir;
    }

    /** A new repository on branch {@code main} in {@code dir}. */
    static TestRepo init(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestRepo repo = new TestRepo(dir);
        repo.git("init", "--quiet", "--initial-branch=main");
        repo.git("config", "user.name", "Commitbench Test");
        repo.git("config", "user.email", "test@commitbench.invalid");
        repo.git("config", "commit.gpgsign", "false");
        repo.git("config", "gc.auto", "0");
        repo.git("config", "maintenance.auto", "false");
        return repo;
    }

    /** An existing repository (a clone made with {@link #git}). */
    static TestRepo at(Path dir) {
        return new TestRepo(dir);
    }

    TestRepo write(String path, String content) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String path) {
        try {
            return Files.readString(dir.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stages everything and commits; returns the new full SHA. */
    String commit(String message) {
        git("add", "--all");
        git("commit", "--quiet", "--allow-empty", "-m", message);
        return sha("HEAD");
    }

    String sha(String rev) {
        return git("rev-parse", "--verify", rev + "^{commit}");
    }

    /** Runs git in the repository and returns its trimmed standard output. */
    String git(String... args) {
        return run(dir, args);
    }

    static String run(Path directory, String... args) {
        return GitCommand.run(directory, args);
    }
}
