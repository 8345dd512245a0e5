package dev.commitbench.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;
import org.apache.commons.exec.Watchdog;

/**
 * {@code ProcessRunner} is used by the engines to run one process with Commons Exec: in a working
 * directory, with extra environment variables, its stdout and stderr going line by line to an
 * {@link EngineLog}, under an {@link ExecuteWatchdog} timeout that kills the whole process tree
 * (descendants included) and a shutdown hook that does the same when the JVM exits.
 * The process's own wall time is measured from its start to its exit, without the launching and
 * stream handling around it. Thread-safe.
 */
final class ProcessRunner {

    /** Exit code reported for a process killed by the timeout. */
    static final int KILLED = -1;

    private static final TreeKillingDestroyer DESTROYER = new TreeKillingDestroyer();
    private static final Duration STREAM_STOP_TIMEOUT = Duration.ofSeconds(2);

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
            found = workingDirectory.resolve(executable);
            where = "at " + found;
        } else {
            String path = environment(environment).getOrDefault("PATH", "");
            found = null;
            for (String entry : path.split(File.pathSeparator)) {
                Path candidate = Path.of(entry.isEmpty() ? "." : entry).resolve(executable);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    found = candidate.toAbsolutePath();
                    break;
                }
            }
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
     * @throws EngineException when the process cannot be started
     */
    static Result run(List<String> command, Path workingDirectory, Map<String, String> environment,
            Duration timeout, EngineLog log) {
        CommandLine commandLine = new CommandLine(command.get(0));
        command.stream().skip(1).forEach(argument -> commandLine.addArgument(argument, false));
        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(timeout);
        LineStream stdout = new LineStream(log, false);
        LineStream stderr = new LineStream(log, true);
        PumpStreamHandler streams = new PumpStreamHandler(stdout, stderr);
        streams.setStopTimeout(STREAM_STOP_TIMEOUT);
        DefaultExecutor executor = DefaultExecutor.builder()
                .setWorkingDirectory(workingDirectory)
                .setExecuteStreamHandler(streams)
                .get();
        executor.setExitValues(null);
        executor.setWatchdog(watchdog);
        executor.setProcessDestroyer(DESTROYER);
        log.newProcess();
        int exitCode;
        try {
            exitCode = executor.execute(commandLine, environment(environment));
        } catch (IOException e) {
            Process process = watchdog.process;
            if (process == null || process.isAlive()) {
                throw new EngineException("Cannot start " + command + " in " + workingDirectory + ": " + e.getMessage(),
                        e);
            }
            // It ran, but a child process kept its output open past its exit.
            log.note("(commitbench: output after the process's exit was not captured: " + e.getMessage() + ")");
            exitCode = process.exitValue();
        } finally {
            stdout.close();
            stderr.close();
        }
        if (watchdog.timedOut) {
            log.note("(commitbench: timed out after " + timeout + "; the process tree was killed)");
        }
        return new Result(watchdog.timedOut ? KILLED : exitCode, watchdog.timedOut, watchdog.wallTime());
    }

    private static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(extra);
        return environment;
    }

    /** Kills a process and every descendant it has now (taken before the kill, which orphans them). */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** Times the process (start to exit, as Commons Exec reports them) and kills its tree on timeout. */
    private static final class TreeKillingWatchdog extends ExecuteWatchdog {

        private volatile Process process;
        private volatile long startNanos;
        private volatile long endNanos;
        private volatile boolean timedOut;

        @SuppressWarnings("deprecation") // the builder cannot make a subclass
        TreeKillingWatchdog(Duration timeout) {
            super(timeout.isZero() || timeout.isNegative() ? INFINITE_TIMEOUT : Math.max(1, timeout.toMillis()));
        }

        @Override
        public synchronized void start(Process process) {
            startNanos = System.nanoTime();
            this.process = process;
            super.start(process);
        }

        @Override
        public void stop() {
            if (endNanos == 0) {
                endNanos = System.nanoTime();
            }
            super.stop();
        }

        @Override
        public synchronized void timeoutOccured(Watchdog watchdog) {
            Process running = process;
            if (running != null && running.isAlive()) {
                timedOut = true;
                killTree(running);
            }
            super.timeoutOccured(watchdog);
        }

        Duration wallTime() {
            return startNanos == 0 ? Duration.ZERO : Duration.ofNanos((endNanos == 0 ? System.nanoTime() : endNanos)
                    - startNanos);
        }
    }

    /** The JVM's shutdown hook kills the whole tree of every process still running. */
    private static final class TreeKillingDestroyer extends ShutdownHookProcessDestroyer {

        private final Set<Process> running = ConcurrentHashMap.newKeySet();

        @Override
        public boolean add(Process process) {
            running.add(process);
            return super.add(process);
        }

        @Override
        public boolean remove(Process process) {
            running.remove(process);
            return super.remove(process);
        }

        @Override
        public void run() {
            running.forEach(ProcessRunner::killTree);
            super.run();
        }
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
