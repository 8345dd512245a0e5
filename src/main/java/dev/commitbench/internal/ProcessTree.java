package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apiguardian.api.API;

/**
 * {@code ProcessTree} is the one lifecycle of every process commitbench starts (engines, git, setup commands,
 * the cluster and device tools): it runs a command with Commons Exec under a watchdog timeout and
 * {@link Shutdown}'s destroyer, and whatever stops the process (the timeout, the JVM's exit, an interrupt of
 * the waiting thread) kills its whole tree, descendants included. It also holds the one {@code PATH} lookup.
 * Thread-safe.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class ProcessTree {

    private static final Duration STREAM_STOP_TIMEOUT = Duration.ofSeconds(2);

    private ProcessTree() {
    }

    /**
     * How one process ended.
     *
     * @param exitCode    the exit code the process returned (a killed process's as the system reports it)
     * @param timedOut    whether the timeout killed its tree
     * @param wallTime    from just before its launch (fork and exec included) to its exit
     * @param interrupted whether the waiting thread was interrupted (the tree was killed)
     * @param streamError why output written after the process's exit was not captured (a child kept the streams
     *                    open), or {@code null}
     */
    @API(status = INTERNAL, since = "0.1")
    public record Result(int exitCode, boolean timedOut, Duration wallTime, boolean interrupted, String streamError) {
    }

    /**
     * Runs {@code command} in {@code directory} with exactly {@code environment} and waits for it or its
     * {@code timeout} ({@link Duration#ZERO} or negative: none). Its standard output and error go to {@code out}
     * and {@code err}, which stay open.
     *
     * @param command     the program (a path, or a name Commons Exec looks up) and its arguments, passed unquoted
     * @param directory   the working directory
     * @param environment the process's whole environment
     * @param timeout     the limit, after which the tree is killed
     * @param out         where standard output goes
     * @param err         where standard error goes
     * @return how it ended
     * @throws IOException when the process cannot be started (the JVM's exit has begun, the program is missing)
     */
    public static Result run(List<String> command, Path directory, Map<String, String> environment, Duration timeout,
            OutputStream out, OutputStream err) throws IOException {
        CommandLine line = new CommandLine(command.get(0));
        command.stream().skip(1).forEach(argument -> line.addArgument(argument, false));
        TimingWatchdog watchdog = new TimingWatchdog(timeout);
        PumpStreamHandler streams = new PumpStreamHandler(out, err);
        streams.setStopTimeout(STREAM_STOP_TIMEOUT);
        TreeKillingExecutor executor = new TreeKillingExecutor(directory, streams, watchdog);
        executor.setExitValues(null);
        executor.setWatchdog(watchdog);
        executor.setProcessDestroyer(Shutdown.destroyer());
        int exitCode;
        String streamError = null;
        try {
            exitCode = executor.execute(line, environment);
        } catch (IOException e) {
            Process process = executor.process;
            if (process == null || process.isAlive()) {
                throw e;
            }
            // it ran, but a child process kept its output open past its exit
            streamError = e.getMessage();
            exitCode = process.exitValue();
        }
        boolean interrupted = executor.process != null && executor.process.interrupted;
        return new Result(exitCode, watchdog.killedProcess(), watchdog.wallTime(), interrupted, streamError);
    }

    /**
     * Kills a process and every descendant it has now (taken before the kill, which orphans them).
     *
     * @param process the process
     */
    public static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * {@return {@code process} wrapped so that {@code destroy()} kills its tree, for a destroyer or a watchdog}
     *
     * @param process the process
     */
    public static Process treeKilling(Process process) {
        return new TreeKillingProcess(process);
    }

    /**
     * Looks {@code program} up on {@code path} as a shell does: the first entry holding an executable regular file
     * of that name (an empty entry is the current directory).
     *
     * @param program a program name without {@code /}
     * @param path    the {@code PATH} value ({@code null}: none)
     * @return the executable's absolute path, if found
     */
    public static Optional<Path> onPath(String program, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
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
            try (Shutdown.Starting starting = Shutdown.starting()) {
                process = new TreeKillingProcess(super.launch(command, env, directory));
                // registered here, not only after this returns, so that an exit beginning now waits for it and kills
                // it (the executor registers it again: the same process, one entry)
                Shutdown.destroyer().add(process);
            }
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
            kill(process);
        }

        @Override
        public Process destroyForcibly() {
            kill(process);
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
}
