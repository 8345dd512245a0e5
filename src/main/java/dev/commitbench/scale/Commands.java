package dev.commitbench.scale;

import dev.commitbench.internal.ProcessTree;
import dev.commitbench.internal.Shutdown;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.exec.ProcessDestroyer;

/**
 * {@code Commands} is used to run the short tools of this package ({@code nvidia-smi}, {@code rocm-smi},
 * {@code sbatch}, {@code scontrol}, {@code squeue}, {@code scancel}, {@code sinfo}): with an environment (the JVM's,
 * with some variables replaced), under a timeout, registered with {@link Shutdown}'s destroyer (so that the JVM's
 * exit kills them, and nothing starts once it has begun), capturing standard output and standard error. The
 * executable is looked up on the {@code PATH} of that environment, so that a caller (and a test) decides what is
 * installed. An interrupt of the waiting thread kills the process tree and is reported as
 * {@link InterruptedException}; Commons Exec's {@code DefaultExecutor} is not used here because it clears the
 * waiting thread's interrupt flag, which would lose a cancellation. Thread-safe.
 */
final class Commands {

    /** What a finished process left. */
    record Result(int exitCode, String stdout, String stderr, boolean timedOut) {

        boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        /** Standard error, else standard output, stripped to its last {@code n} lines, for messages. */
        String errorText(int n) {
            String text = stderr.isBlank() ? stdout : stderr;
            List<String> lines = text.strip().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    private final Map<String, String> environment;

    /**
     * @param overrides variables that replace the JVM's own for every command (for example {@code PATH} or
     *                  {@code SLURM_CONF})
     */
    Commands(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(System.getenv());
        merged.putAll(overrides);
        this.environment = Map.copyOf(merged);
    }

    /** {@return the environment every command gets} */
    Map<String, String> environment() {
        return environment;
    }

    /** {@return the {@code PATH} the executables are looked up on} */
    String path() {
        return environment.getOrDefault("PATH", "");
    }

    /** {@return the executable named {@code program} on the {@code PATH}, if there is one} */
    Optional<Path> find(String program) {
        return ProcessTree.onPath(program, path());
    }

    /**
     * Runs {@code command} (its first word an executable on the {@code PATH}, or a path) in {@code directory} and
     * waits for it, at most {@code timeout}; then its process tree is killed and the result says so.
     *
     * @throws IOException          when it cannot be started (not found, not executable, or the JVM is exiting)
     * @throws InterruptedException when the waiting thread is interrupted; the process tree is killed first
     */
    Result run(List<String> command, Path directory, Duration timeout) throws IOException, InterruptedException {
        String program = command.get(0);
        Path executable = program.contains("/") ? Path.of(program)
                : find(program).orElseThrow(() -> new IOException(program + " is not on the PATH (" + path() + ")"));
        List<String> line = new java.util.ArrayList<>(command);
        line.set(0, executable.toString());
        Path out = Files.createTempFile("commitbench-out", ".txt");
        Path err = Files.createTempFile("commitbench-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process;
            ProcessDestroyer destroyer = Shutdown.destroyer();
            try (Shutdown.Starting starting = Shutdown.starting()) {
                process = ProcessTree.treeKilling(builder.start());
                if (!destroyer.add(process)) {
                    process.destroyForcibly();
                    throw new IOException("the JVM is exiting; " + program + " was not run");
                }
            }
            boolean timedOut = false;
            try {
                if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                    timedOut = true;
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                throw e;
            } finally {
                destroyer.remove(process);
            }
            return new Result(timedOut ? -1 : process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), timedOut);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@return e.g. {@code 10 s} or {@code 0.5 s}, for messages} */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s"
                : java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** {@return the words as one line a POSIX shell reads back as the same words} */
    static String shellLine(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(shellWord(word));
        }
        return line.toString();
    }

    /** {@return the word quoted for a POSIX shell where it needs to be} */
    static String shellWord(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
