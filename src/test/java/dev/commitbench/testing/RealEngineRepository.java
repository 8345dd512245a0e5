package dev.commitbench.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code RealEngineRepository} is used by the real-engine tests to build, in a temporary directory, the
 * repository transformers' {@code benchmark.py} was run on ({@code ../shared/fixtures/optimum-benchmark-cpu/
 * transformers-benchmark-py/scratch-repo/}): {@code benchmark/config/generation.yaml} adapted for a CPU, whose
 * {@code backend.model} points at the tiny GPT-2 through {@link #MODEL}, made quicker for tests: no memory tracking
 * (it runs a process of its own and took 2 to 3 times as long as the rest of a run on a busy 2-core machine) and the
 * benchmark process forked instead of spawned (it does not import torch again). Three branches:
 * <ul>
 *   <li>{@code base}: 16 new tokens per generation;</li>
 *   <li>{@code readme}: {@code base} plus a README change: measures the same;</li>
 *   <li>{@code slower}: {@code readme} with 64 new tokens: about 4 times the decode time.</li>
 * </ul>
 * It also records the real engine's argv: {@link #recordingExecutable} wraps it in a script that appends each
 * invocation's arguments to a file.
 */
public final class RealEngineRepository {

    /**
     * The model folder every real-engine test uses: a link to the tiny GPT-2 ({@link RealEngine#model()}) whose path
     * holds a space, {@code =} and {@code ,}, so that every override naming it must be escaped. A constant, because
     * a {@code @Sweep} value is one.
     */
    public static final String MODEL = "/tmp/commitbench real-engine/tiny-gpt2 n_layer=2,n_embd=64";

    /** The generation configs of the scratch repository: 16 new tokens, then 64. */
    static final String SCRATCH = "optimum-benchmark-cpu/transformers-benchmark-py/scratch-repo";

    private static final Pattern MODEL_LINE = Pattern.compile("(?m)^  model: .*$");

    private RealEngineRepository() {
    }

    /**
     * Creates the repository in {@code dir} (the shared fixtures must be there: skipped otherwise) and makes
     * {@link #MODEL} point at the tiny GPT-2.
     */
    public static Path create(Path dir) {
        String fixtures = System.getProperty("commitbench.fixtures");
        Path scratch = fixtures == null ? null : Path.of(fixtures, SCRATCH);
        assumeTrue(scratch != null && Files.isDirectory(scratch),
                "needs ../shared/fixtures/" + SCRATCH + " (the generation.yaml files of the benchmark.py runs)");
        try {
            linkModel();
            Path repo = Files.createDirectories(dir);
            GitCommand.run(repo, "init", "-q", "-b", "base");
            GitCommand.run(repo, "config", "user.name", "commitbench test");
            GitCommand.run(repo, "config", "user.email", "test@commitbench.dev");
            Files.writeString(repo.resolve(".gitignore"), "_benchmark/\n");
            Files.writeString(repo.resolve("README.md"), "# scratch\n");
            writeConfig(repo, scratch, "main=");
            commit(repo, "tiny CPU generation config (16 new tokens)");
            GitCommand.run(repo, "checkout", "-q", "-b", "readme");
            Files.writeString(repo.resolve("README.md"), "# scratch\n\nOnly the README changes here.\n");
            commit(repo, "README only");
            GitCommand.run(repo, "checkout", "-q", "-b", "slower");
            writeConfig(repo, scratch, "slower=");
            commit(repo, "slower: 64 new tokens instead of 16");
            GitCommand.run(repo, "checkout", "-q", "base");
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The full SHA of {@code ref} in {@code repo}. */
    public static String sha(Path repo, String ref) {
        return GitCommand.run(repo, "rev-parse", ref);
    }

    /**
     * A script that appends the arguments of each invocation to {@code argvFile} (one argument a line, then an empty
     * line) and then runs the real optimum-benchmark with them.
     */
    public static Path recordingExecutable(Path dir, Path argvFile) {
        try {
            Path script = Files.createDirectories(dir).resolve("record-and-run-optimum-benchmark");
            Files.writeString(script, "#!/bin/sh\n"
                    + "# Records the arguments, then runs the real optimum-benchmark with them.\n"
                    + "{ for arg in \"$@\"; do printf '%s\\n' \"$arg\"; done; echo; } >> '" + argvFile + "'\n"
                    + "exec '" + RealEngine.executable() + "' \"$@\"\n");
            script.toFile().setExecutable(true);
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The invocations {@link #recordingExecutable} recorded, each its arguments. */
    public static List<List<String>> invocations(Path argvFile) {
        try {
            List<List<String>> invocations = new ArrayList<>();
            List<String> current = new ArrayList<>();
            for (String line : Files.readAllLines(argvFile)) {
                if (line.isEmpty()) {
                    invocations.add(List.copyOf(current));
                    current.clear();
                } else {
                    current.add(line);
                }
            }
            return invocations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeConfig(Path repo, Path scratch, String commitPrefix) throws IOException {
        Path source;
        try (var dirs = Files.list(scratch)) {
            source = dirs.filter(d -> d.getFileName().toString().startsWith(commitPrefix)).findFirst().orElseThrow()
                    .resolve("benchmark/config/generation.yaml");
        }
        String original = Files.readString(source);
        String yaml = MODEL_LINE.matcher(original).replaceFirst("  model: '" + MODEL + "'")
                .replace("  memory: true", "  memory: false")
                .replace("  start_method: spawn", "  start_method: fork");
        if (yaml.contains("memory: true") || yaml.contains("start_method: spawn") || !yaml.contains(MODEL)) {
            throw new IllegalStateException("the generation.yaml of " + source + " is not the one expected:\n" + original);
        }
        Path config = Files.createDirectories(repo.resolve("benchmark/config"));
        Files.writeString(config.resolve("generation.yaml"), yaml);
    }

    private static void commit(Path repo, String message) {
        GitCommand.run(repo, "add", "-A");
        GitCommand.run(repo, "commit", "-q", "-m", message);
    }

    /** Points {@link #MODEL} at the tiny GPT-2, replacing a link that points elsewhere (atomically). */
    private static void linkModel() throws IOException {
        Path link = Path.of(MODEL);
        Path target = RealEngine.model().toAbsolutePath();
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
            return;
        }
        Files.createDirectories(link.getParent());
        Path fresh = link.resolveSibling(link.getFileName() + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(fresh);
        Files.createSymbolicLink(fresh, target);
        try {
            Files.move(fresh, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(fresh);
        }
    }
}
