package dev.commitbench.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * {@code BisectHistory} is used to build a linear git history for bisection tests: commit {@code i} (from 0)
 * carries the fake optimum-benchmark's settings that {@code settings} gives for it (in {@code fake-engine.env}),
 * a file of its own (so that every commit changes something), the subject {@code change i} and the author
 * {@code Author i <author-i@example.com>}. The repository has {@code benchmark/config/tiny.yaml} and ignores
 * {@code _benchmark/}. Built with the git executable, isolated from the machine's git configuration.
 */
public final class BisectHistory {

    private final Path repository;
    private final List<String> shas;

    private BisectHistory(Path repository, List<String> shas) {
        this.repository = repository;
        this.shas = List.copyOf(shas);
    }

    /**
     * Fake-engine settings: mean latency {@code mean} seconds, CV 3% per iteration, 1% per process, 10 iterations,
     * seeded by {@code seed} (each run draws anew: pass a counter file with {@code FAKE_OB_COUNTER_FILE}).
     */
    public static String fakeSettings(double mean, int seed) {
        return String.format(Locale.ROOT, "FAKE_OB_MEAN=%.6f%nFAKE_OB_CV=0.03%nFAKE_OB_PROCESS_CV=0.01%n"
                + "FAKE_OB_ITERATIONS=10%nFAKE_OB_SEED=%d%n", mean, seed);
    }

    /** {@code commits} commits on {@code main}; commit i gets {@code settings.apply(i)} as its fake-engine.env. */
    public static BisectHistory create(Path repository, int commits, IntFunction<String> settings) {
        GitCommand.run(repository, "init", "-q", "-b", "main");
        GitCommand.run(repository, "config", "commit.gpgsign", "false");
        List<String> shas = new ArrayList<>();
        try {
            Files.createDirectories(repository.resolve("benchmark/config"));
            Files.writeString(repository.resolve("benchmark/config/tiny.yaml"), "# the fake reads its defaults\n");
            Files.writeString(repository.resolve(".gitignore"), "_benchmark/\n");
            for (int i = 0; i < commits; i++) {
                Files.writeString(repository.resolve(FakeEngine.ENV_FILE), settings.apply(i));
                Files.writeString(repository.resolve("change.txt"), "change " + i + "\n");
                shas.add(commit(repository, "change " + i, i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BisectHistory(repository, shas);
    }

    /** Commits what is in the working tree as author {@code Author n}, and returns the new commit's SHA. */
    public static String commit(Path repository, String subject, int author) {
        GitCommand.run(repository, "add", "-A");
        GitCommand.run(repository, "-c", "user.name=Author " + author, "-c", "user.email=author-" + author
                + "@example.com", "commit", "-q", "-m", subject);
        return GitCommand.run(repository, "rev-parse", "HEAD");
    }

    /** {@return the repository's working tree} */
    public Path repository() {
        return repository;
    }

    /** {@return commit i's full SHA} */
    public String sha(int i) {
        return shas.get(i);
    }

    /** {@return every commit's SHA, oldest first} */
    public List<String> shas() {
        return shas;
    }
}
