package dev.commitbench.git;

import dev.commitbench.internal.Shutdown;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * {@code Exec} is used to run the {@code git} executable and setup commands through Commons Exec, under a
 * watchdog timeout and {@link Shutdown}'s destroyer, so that no process outlives the JVM's orderly exit, while
 * the cleanup that runs during the exit (removing and pruning worktrees) may still run git.
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
     * Runs {@code command} in {@code directory}; standard output goes to {@code out}, standard error is
     * captured (and copied to {@code out} too when {@code out} is a log).
     */
    static Result run(Path directory, List<String> command, Map<String, String> extraEnvironment, OutputStream out,
            boolean stderrToOut, Duration timeout) {
        CommandLine line = new CommandLine(command.get(0));
        command.subList(1, command.size()).forEach(word -> line.addArgument(word, false));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream errTarget = stderrToOut ? new TeeStream(err, out) : err;
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(directory)
                .setExecuteStreamHandler(new PumpStreamHandler(out, errTarget)).get();
        executor.setWatchdog(watchdog);
        executor.setProcessDestroyer(Shutdown.destroyer());
        executor.setExitValues(null);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("GIT_TERMINAL_PROMPT", "0");
        environment.putAll(extraEnvironment);
        try {
            int exit = executor.execute(line, environment);
            return new Result(exit, err.toString(StandardCharsets.UTF_8), watchdog.killedProcess());
        } catch (IOException e) {
            throw new GitException("Could not run [" + String.join(" ", command) + "] in " + directory + ": "
                    + e.getMessage() + ". Check that the program is installed and on the PATH.", e);
        }
    }

    /** Whether {@code program} is an executable file on the PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
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
