package dev.commitbench.git;

import dev.commitbench.internal.ProcessTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Exec} is used to run the {@code git} executable and setup commands through {@link ProcessTree}, the
 * lifecycle the engines use too: a timeout or the JVM's orderly exit kills the whole process tree, while the
 * cleanup that runs during the exit (removing and pruning worktrees) may still run git.
 */
final class Exec {

    /** What a finished process left: its exit code and its standard error. */
    record Result(int exitCode, String stderr, boolean timedOut) {

        /** The last {@code n} lines of standard error, for messages. */
        String stderrTail(int n) {
            List<String> lines = stderr.strip().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    private Exec() {
    }

    /**
     * Runs {@code command} in {@code directory} through {@link ProcessTree} (a timeout or the JVM's exit kills
     * the whole tree); standard output goes to {@code out}, standard error is captured (and copied to {@code out}
     * too when {@code out} is a log). An interrupt of the waiting thread kills the tree and is kept on the thread.
     */
    static Result run(Path directory, List<String> command, Map<String, String> extraEnvironment, OutputStream out,
            boolean stderrToOut, Duration timeout) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream errTarget = stderrToOut ? new TeeStream(err, out) : err;
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("GIT_TERMINAL_PROMPT", "0");
        environment.putAll(extraEnvironment);
        try {
            ProcessTree.Result ended = ProcessTree.run(command, directory, environment, timeout, out, errTarget);
            if (ended.interrupted()) {
                Thread.currentThread().interrupt();
            }
            return new Result(ended.exitCode(), err.toString(StandardCharsets.UTF_8), ended.timedOut());
        } catch (IOException e) {
            throw new GitException("Could not run [" + String.join(" ", command) + "] in " + directory + ": "
                    + e.getMessage() + ". Check that the program is installed and on the PATH.", e);
        }
    }

    /** Whether {@code program} is an executable file on the PATH. */
    static boolean onPath(String program) {
        return ProcessTree.onPath(program, System.getenv("PATH")).isPresent();
    }

    /** Writes to two streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
