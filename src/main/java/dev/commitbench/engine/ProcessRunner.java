package dev.commitbench.engine;

import dev.commitbench.internal.Shutdown;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * {@code ProcessRunner} is used by the engines to run one process with Commons Exec: in a working
 * directory, with extra environment variables, its stdout and stderr going line by line to an
 * {@link EngineLog}, under an {@link ExecuteWatchdog} timeout and {@link Shutdown}'s destroyer.
 * Whatever stops the process (the timeout, the JVM's shutdown, an interrupt of the waiting thread) kills
 * its whole tree, descendants included: the launched process is wrapped so that {@code destroy()} does.
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
            found = workingDirectory.resolve(executable).normalize();
            where = "at " + found;
        } else {
            String path = environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
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
     * @throws EngineInterruptedException when the waiting thread was interrupted (the tree is killed and the
     *                         thread's interrupt flag is kept) or the JVM is exiting
     * @throws EngineException when the process cannot be started
     */
    static Result run(List<String> command, Path workingDirectory, Map<String, String> environment,
            Duration timeout, EngineLog log) {
        CommandLine commandLine = new CommandLine(command.get(0));
        command.stream().skip(1).forEach(argument -> commandLine.addArgument(argument, false));
        TimingWatchdog watchdog = new TimingWatchdog(timeout);
        LineStream stdout = new LineStream(log, false);
        LineStream stderr = new LineStream(log, true);
        PumpStreamHandler streams = new PumpStreamHandler(stdout, stderr);
        streams.setStopTimeout(STREAM_STOP_TIMEOUT);
        TreeKillingExecutor executor = new TreeKillingExecutor(workingDirectory, streams, watchdog);
        executor.setExitValues(null);
        executor.setWatchdog(watchdog);
        executor.setProcessDestroyer(Shutdown.destroyer());
        if (Shutdown.inProgress()) {
            throw exiting(command, workingDirectory, log);
        }
        log.newProcess();
        int exitCode;
        try {
            exitCode = executor.execute(commandLine, environment(environment));
        } catch (IOException e) {
            Process process = executor.process;
            if (Shutdown.inProgress()) {
                throw exiting(command, workingDirectory, log);
            }
            if (process == null || process.isAlive()) {
                throw new EngineException("Cannot start " + command + " in " + workingDirectory + ": " + e.getMessage()
                        + ". Check that the directory exists and that the executable can run there.", e);
            }
            // It ran, but a child process kept its output open past its exit.
            log.note("(commitbench: output after the process's exit was not captured: " + e.getMessage() + ")");
            exitCode = process.exitValue();
        } finally {
            stdout.close();
            stderr.close();
        }
        if (executor.process != null && executor.process.interrupted) {
            Thread.currentThread().interrupt();
            log.note("(commitbench: interrupted; the process tree was killed)");
            throw new EngineInterruptedException("Interrupted while running " + command + " in " + workingDirectory
                    + "; its process tree was killed. Full output: " + log.file());
        }
        if (Shutdown.inProgress() || STOP_SIGNALS.contains(exitCode) && Shutdown.awaitInProgress(SIGNAL_GRACE)) {
            throw exiting(command, workingDirectory, log);
        }
        boolean timedOut = watchdog.killedProcess();
        if (timedOut) {
            log.note("(commitbench: timed out after " + Outcomes.seconds(timeout) + "; the process tree was killed)");
        }
        Duration wallTime = watchdog.wallTime();
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

    /** Kills a process and every descendant it has now (taken before the kill, which orphans them). */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** Launches processes wrapped in {@link TreeKillingProcess}, so every destroy kills the tree. */
    private static final class TreeKillingExecutor extends DefaultExecutor {

        private volatile TreeKillingProcess process;
        private final TimingWatchdog timing;

        @SuppressWarnings("deprecation") // the builder cannot make a subclass
        TreeKillingExecutor(Path workingDirectory, PumpStreamHandler streams, TimingWatchdog timing) {
            setWorkingDirectory(workingDirectory.toFile());
            setStreamHandler(streams);
            this.timing = timing;
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, Path directory) throws IOException {
            // The clock starts before fork/exec: the process may run for a while before the watchdog
            // hears of it, and a timed iteration must include its whole life.
            timing.launching();
            process = new TreeKillingProcess(super.launch(command, env, directory));
            return process;
        }
    }

    /** Times the process from just before its launch to its exit. */
    private static final class TimingWatchdog extends ExecuteWatchdog {

        private volatile long startNanos;
        private volatile long endNanos;

        @SuppressWarnings("deprecation") // the builder cannot make a subclass
        TimingWatchdog(Duration timeout) {
            super(timeout.isZero() || timeout.isNegative() ? INFINITE_TIMEOUT : Math.max(1, timeout.toMillis()));
        }

        void launching() {
            startNanos = System.nanoTime();
        }

        @Override
        public synchronized void start(Process process) {
            if (startNanos == 0) {
                startNanos = System.nanoTime();
            }
            super.start(process);
        }

        @Override
        public void stop() {
            if (endNanos == 0) {
                endNanos = System.nanoTime();
            }
            super.stop();
        }

        Duration wallTime() {
            return startNanos == 0 ? Duration.ZERO : Duration.ofNanos((endNanos == 0 ? System.nanoTime() : endNanos)
                    - startNanos);
        }
    }

    /** A process whose {@code destroy} kills its whole tree, and which remembers an interrupted wait. */
    private static final class TreeKillingProcess extends Process {

        private final Process process;
        private volatile boolean interrupted;

        TreeKillingProcess(Process process) {
            this.process = process;
        }

        @Override
        public void destroy() {
            killTree(process);
        }

        @Override
        public Process destroyForcibly() {
            killTree(process);
            return this;
        }

        @Override
        public int waitFor() throws InterruptedException {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                interrupted = true;
                throw e;
            }
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            return process.waitFor(timeout, unit);
        }

        @Override
        public int exitValue() {
            return process.exitValue();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public OutputStream getOutputStream() {
            return process.getOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return process.getInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return process.getErrorStream();
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public ProcessHandle toHandle() {
            return process.toHandle();
        }

        @Override
        public Stream<ProcessHandle> descendants() {
            return process.descendants();
        }

        @Override
        public Stream<ProcessHandle> children() {
            return process.children();
        }

        @Override
        public CompletableFuture<Process> onExit() {
            return process.onExit().thenApply(p -> this);
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
