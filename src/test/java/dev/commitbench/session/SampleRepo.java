package dev.commitbench.session;

import dev.commitbench.testing.GitCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code SampleRepo} is used by the session and extension tests to build a real git repository in a
 * temporary directory: branch {@code main} with a first commit, then branch {@code feature} (checked out)
 * with a second commit. Identity and signing are set in the repository's own config only.
 */
public final class SampleRepo {

    /** A minimal optimum-benchmark config for the fake engine. */
    public static final String CONFIG = "benchmark/config/bench.yaml";

    private SampleRepo() {
    }

    /**
     * Creates the repository: {@code main} holds {@code baseFiles}, {@code feature} (HEAD) adds or
     * replaces {@code headFiles}.
     */
    public static Path create(Path dir, Map<String, String> baseFiles, Map<String, String> headFiles) {
        git(dir, "init", "-q", "-b", "main");
        git(dir, "config", "user.name", "commitbench tests");
        git(dir, "config", "user.email", "tests@commitbench.invalid");
        git(dir, "config", "commit.gpgsign", "false");
        write(dir, baseFiles);
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "baseline");
        git(dir, "checkout", "-q", "-b", "feature");
        write(dir, headFiles);
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "--allow-empty", "-m", "candidate");
        return dir;
    }

    /** The files of a commit the fake engine measures: its config and its latency settings. */
    public static Map<String, String> fakeEngineFiles(String fakeEngineEnv) {
        return Map.of(CONFIG, "name: bench\nmodel: tiny-model\n", "fake-engine.env", fakeEngineEnv);
    }

    /** The full SHA {@code ref} names. */
    public static String sha(Path dir, String ref) {
        return git(dir, "rev-parse", ref);
    }

    /** {@code git worktree list} lines, to check nothing is left registered. */
    public static List<String> worktrees(Path dir) {
        return List.of(git(dir, "worktree", "list").split("\n"));
    }

    /**
     * The repository's checkout plus its registered worktrees, counted from their folders in {@code .git/worktrees},
     * a worktree being added counted too: safe to ask while another thread runs {@code git worktree add}, where
     * {@code git worktree list} can fail reading the half-written entry.
     */
    public static int worktreeCount(Path dir) {
        Path admin = dir.resolve(".git/worktrees");
        if (!Files.isDirectory(admin)) {
            return 1;
        }
        try (var entries = Files.list(admin)) {
            return 1 + (int) entries.filter(Files::isDirectory).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path dir, Map<String, String> files) {
        files.forEach((name, content) -> {
            try {
                Path file = dir.resolve(name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Runs git in {@code dir} and returns its output, stripped; fails on a non-zero exit. */
    public static String git(Path dir, String... args) {
        return GitCommand.run(dir, args);
    }
}
