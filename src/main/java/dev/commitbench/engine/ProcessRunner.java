package dev.commitbench.engine;

import dev.commitbench.internal.ProcessTree;
import dev.commitbench.internal.Shutdown;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.exec.LogOutputStream;

/**
 * {@code ProcessRunner} is used by the engines to run one process through {@link ProcessTree} (the one process
 * lifecycle: a watchdog timeout, {@link Shutdown}'s destroyer, the whole tree killed by whatever stops it): in a
 * working directory, with extra environment variables, its stdout and stderr going line by line to an
 * {@link EngineLog}.
 * Once the JVM is exiting, no process starts, and one that ends then (killed by the exit, or by the terminal's
 * Ctrl-C a moment before it) is reported as interrupted ({@link EngineInterruptedException}), not as failed.
 * The process's own wall time is measured from just before its launch (fork and exec included) to
 * its exit, without the stream handling and bookkeeping around it. Thread-safe.
 */
final class ProcessRunner {

    /** Exit code reported for a process killed by the timeout. */
    static final int KILLED = -1;

    /** Exit codes of a process killed by SIGINT (Ctrl-C) or SIGTERM, as Java reports them (128 + the signal). */
    private static final List<Integer> STOP_SIGNALS = List.of(128 + 2, 128 + 15);
    /** How long a process that died of SIGINT waits for the JVM's own exit to begin (the terminal signals both). */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(2);

    private ProcessRunner() {
    }

    /** How one process ended. */
    record Result(int exitCode, boolean timedOut, Duration wallTime) {
    }

    /**
     * Finds the executable (the command's first word) as the process will need it: a word with a
     * {@code /} is a path (relative to the working directory), any other word is looked up on the
     * {@code PATH} of the process's environment. Returns the command with its first word made absolute.
     *
     * @param advice what to do when it is missing, appended to the message
     * @throws EngineNotFoundException when it does not exist or is not executable
     */
    static List<String> resolve(List<String> command, Path workingDirectory, Map<String, String> environment,
            String advice) {
        String executable = command.get(0);
        Path found;
        String where;
        if (executable.contains("/")) {
            found = workingDirectory.resolve(executable).normalize();
            where = "at " + found;
        } else {
            String path = environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
            found = ProcessTree.onPath(executable, path).orElse(null);
            where = "on the PATH (" + path + ")";
        }
        if (found == null || !Files.isRegularFile(found)) {
            throw new EngineNotFoundException("Executable [" + executable + "] not found " + where + ". " + advice);
        }
        if (!Files.isExecutable(found)) {
            throw new EngineNotFoundException("Executable [" + found + "] is not executable: make it executable"
                    + " (chmod +x) or " + Character.toLowerCase(advice.charAt(0)) + advice.substring(1));
        }
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, found.toString());
        return resolved;
    }

    /**
     * Runs the command (already resolved) and waits for it or its timeout ({@link Duration#ZERO} or
     * negative: none).
     *
     * @throws EngineInterruptedException when the waiting thread was interrupted (the tree is killed and the
     *                         thread's interrupt flag is kept) or the JVM is exiting
     * @throws EngineException when the process cannot be started
     */
    static Result run(List<String> command, Path workingDirectory, Map<String, String> environment,
            Duration timeout, EngineLog log) {
        LineStream stdout = new LineStream(log, false);
        LineStream stderr = new LineStream(log, true);
        if (Shutdown.inProgress()) {
            throw exiting(command, workingDirectory, log);
        }
        log.newProcess();
        ProcessTree.Result ended;
        try {
            ended = ProcessTree.run(command, workingDirectory, environment(environment), timeout, stdout, stderr);
            if (ended.streamError() != null) {
                log.note("(commitbench: output after the process's exit was not captured: " + ended.streamError() + ")");
            }
        } catch (IOException e) {
            if (Shutdown.inProgress()) {
                throw exiting(command, workingDirectory, log);
            }
            throw new EngineException("Cannot start " + command + " in " + workingDirectory + ": " + e.getMessage()
                    + ". Check that the directory exists and that the executable can run there.", e);
        } finally {
            stdout.close();
            stderr.close();
        }
        int exitCode = ended.exitCode();
        if (ended.interrupted()) {
            Thread.currentThread().interrupt();
            log.note("(commitbench: interrupted; the process tree was killed)");
            throw new EngineInterruptedException("Interrupted while running " + command + " in " + workingDirectory
                    + "; its process tree was killed. Full output: " + log.file());
        }
        if (Shutdown.inProgress() || STOP_SIGNALS.contains(exitCode) && Shutdown.awaitInProgress(SIGNAL_GRACE)) {
            throw exiting(command, workingDirectory, log);
        }
        boolean timedOut = ended.timedOut();
        if (timedOut) {
            log.note("(commitbench: timed out after " + Outcomes.seconds(timeout) + "; the process tree was killed)");
        }
        Duration wallTime = ended.wallTime();
        log.footer(String.format(Locale.ROOT, "(commitbench: %s after %.3f ms)", timedOut ? "killed" : "exit code " + exitCode,
                wallTime.toNanos() / 1e6));
        return new Result(timedOut ? KILLED : exitCode, timedOut, wallTime);
    }

    private static EngineInterruptedException exiting(List<String> command, Path workingDirectory, EngineLog log) {
        log.note("(commitbench: interrupted: the JVM is exiting; the process tree was killed)");
        return new EngineInterruptedException("Interrupted: the JVM is exiting (Ctrl-C?) while running " + command
                + " in " + workingDirectory + "; its process tree was killed. Output so far: " + log.file());
    }

    private static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(extra);
        return environment;
    }

    /** One of the process's output streams, split into lines for the log. */
    private static final class LineStream extends LogOutputStream {

        private final EngineLog log;
        private final boolean stderr;

        LineStream(EngineLog log, boolean stderr) {
            super(stderr ? 2 : 1, StandardCharsets.UTF_8);
            this.log = log;
            this.stderr = stderr;
        }

        @Override
        protected void processLine(String line, int level) {
            log.line(line, stderr);
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException e) {
                log.note("(commitbench: cannot read the rest of the output: " + e + ")");
            }
        }
    }
}
