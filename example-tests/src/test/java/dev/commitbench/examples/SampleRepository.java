package dev.commitbench.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code SampleRepository} is used by the examples to build, in a temporary directory, a git repository
 * from the files kept under {@code src/test/resources}. A real project needs none of this: commitbench
 * benchmarks the repository the tests live in.
 */
final class SampleRepository {

    private final Path dir;

    private SampleRepository(Path dir) {
        this.dir = dir;
    }

    static SampleRepository create(String name) throws IOException {
        SampleRepository repo = new SampleRepository(Files.createTempDirectory("commitbench-" + name + "-"));
        repo.git("init", "-q", "-b", "main");
        repo.git("config", "user.name", "commitbench example");
        repo.git("config", "user.email", "example@commitbench.invalid");
        repo.git("config", "commit.gpgsign", "false");
        return repo;
    }

    /** Copies a resource into the repository. */
    SampleRepository copy(String resource, String target) throws IOException {
        try (InputStream in = Objects.requireNonNull(SampleRepository.class.getResourceAsStream("/" + resource),
                resource)) {
            Path file = dir.resolve(target);
            Files.createDirectories(file.getParent());
            Files.write(file, in.readAllBytes());
        }
        return this;
    }

    SampleRepository append(String target, String text) throws IOException {
        Files.writeString(dir.resolve(target), text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    /** Commits everything and tags the commit. */
    SampleRepository commit(String message, String tag) {
        git("add", "-A");
        git("commit", "-q", "-m", message);
        git("tag", tag);
        return this;
    }

    /** The repository's directory. */
    Path dir() {
        return dir;
    }

    private void git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
