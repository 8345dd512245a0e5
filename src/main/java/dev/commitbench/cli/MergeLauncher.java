package dev.commitbench.cli;

import dev.commitbench.internal.Shutdown;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * {@code MergeLauncher} is used by {@link CommitbenchCommand#main} to run {@code commitbench merge} in a JVM of its own
 * that compiles with the quick compiler only ({@value #QUICK_COMPILER}).
 *
 * <p>A merge is a batch of a few seconds in a fresh JVM: the optimizing compiler's work, about a third of the CPU on a
 * 2-core machine, mostly finishes after the code it compiles has run. Without it 1,000 shards merge in about 1.4 s
 * instead of 2.2 s (docs/benchmarks.md, "Merge"). A JVM cannot change its compilers once started, so this JVM starts a
 * second one: the same {@code java}, the same options, main class and arguments, with the option put first. It hands
 * that JVM its console, waits for it and exits with its exit code; when it is ended itself (SIGTERM, Ctrl-C), it ends
 * the merge's JVM first, and the merge's JVM ends when this one is gone (killed: the pipe that is its standard input
 * ends), so that no process is left.
 *
 * <p>The merge stays in this JVM, as started, when
 * <ul>
 *   <li>the command is not {@code merge};</li>
 *   <li>the JVM's options already choose its compilers ({@code -XX:TieredStopAtLevel}, {@code -XX:+TieredCompilation}
 *       or {@code -XX:-TieredCompilation}, {@code -XX:CompilationMode}, {@code -Xint}, {@code -Xcomp}), on its command
 *       line or in {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} or {@code _JAVA_OPTIONS}: the user chose them
 *       ({@code java -XX:+TieredCompilation -jar commitbench-cli.jar merge ...} keeps the JVM's defaults in one
 *       JVM);</li>
 *   <li>an agent is loaded ({@code -agentlib}, {@code -agentpath}, {@code -javaagent}, {@code -Xrunjdwp},
 *       {@code -Xdebug}, there too): a debugger attached to this JVM, or listening on a port, cannot be started
 *       twice;</li>
 *   <li>the JVM cannot tell its own command line (the operating system does not say, as on Windows), or that command
 *       line does not end with the arguments {@code main} got (a launcher changed them);</li>
 *   <li>the second JVM cannot be started.</li>
 * </ul>
 * Thread-safe: it holds no state.
 */
final class MergeLauncher {

    /** The option the merge's JVM starts with: the quick compiler (C1) only. */
    static final String QUICK_COMPILER = "-XX:TieredStopAtLevel=1";

    /**
     * The environment variable that tells the merge's JVM it was started by this class (its value: the process id of
     * the JVM that started it), and so that its standard input is a pipe from that JVM, which the operating system
     * closes when that JVM ends, however it ends.
     */
    static final String LAUNCHER_VARIABLE = "COMMITBENCH_MERGE_LAUNCHER";

    /** The environment variables the {@code java} launcher and the JVM read options from. */
    private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS");

    private static final List<String> COMPILER_OPTIONS = List.of("-XX:TieredStopAtLevel", "-XX:+TieredCompilation",
            "-XX:-TieredCompilation", "-XX:CompilationMode", "-Xint", "-Xcomp");

    private static final List<String> AGENT_OPTIONS = List.of("-agentlib", "-agentpath", "-javaagent", "-Xrunjdwp",
            "-Xdebug");

    private MergeLauncher() {
    }

    /**
     * {@return the command that starts the merge's JVM, or empty where the merge stays in this JVM (see the class
     * comment)}
     *
     * @param executable this JVM's executable, as the operating system tells it
     * @param commandLine this JVM's arguments after the executable (its options, {@code -jar JAR} or the main class,
     *                    then {@code args}), as the operating system tells them
     * @param args the arguments {@code main} got
     * @param environment this process's environment
     */
    static Optional<List<String>> command(Optional<String> executable, Optional<String[]> commandLine, String[] args,
            Map<String, String> environment) {
        if (args.length == 0 || !args[0].equals("merge") || executable.isEmpty() || commandLine.isEmpty()) {
            return Optional.empty();
        }
        List<String> line = List.of(commandLine.get());
        int jvmPart = line.size() - args.length;
        if (jvmPart < 1 || !line.subList(jvmPart, line.size()).equals(List.of(args))) {
            return Optional.empty();
        }
        List<String> jvmOptions = line.subList(0, jvmPart);
        List<String> fromEnvironment = OPTION_VARIABLES.stream().map(environment::get).filter(v -> v != null)
                .flatMap(v -> Arrays.stream(v.trim().split("\\s+"))).toList();
        if (Stream.concat(jvmOptions.stream(), fromEnvironment.stream())
                .anyMatch(option -> startsWithAny(option, COMPILER_OPTIONS) || startsWithAny(option, AGENT_OPTIONS))) {
            return Optional.empty();
        }
        return Optional.of(Stream.concat(Stream.of(executable.get(), QUICK_COMPILER), line.stream()).toList());
    }

    /**
     * {@return the command that starts the merge's JVM for this JVM's {@code main(args)}, or empty where the merge
     * stays in this JVM}
     *
     * @param args the arguments {@code main} got
     */
    static Optional<List<String>> command(String[] args) {
        if (args.length == 0 || !args[0].equals("merge")) {
            return Optional.empty(); // before asking the operating system
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        return command(info.command(), commandLine(info), args, System.getenv());
    }

    /**
     * This JVM's arguments after its executable: from {@code /proc/self/cmdline} where there is one (Linux; the JDK's
     * {@code ProcessHandle.Info} reads only its first 4,096 bytes there, and gives no arguments for a longer command
     * line, such as a merge of a thousand shard folders), else as {@code ProcessHandle.Info} tells them.
     */
    private static Optional<String[]> commandLine(ProcessHandle.Info info) {
        Path proc = Path.of("/proc/self/cmdline");
        if (Files.isReadable(proc)) {
            try {
                // each argument ends with a NUL byte; decoded as the java launcher decoded main's arguments
                String text = new String(Files.readAllBytes(proc), Charset.forName(System.getProperty(
                        "sun.jnu.encoding", Charset.defaultCharset().name())));
                String[] all = text.split("\0", -1);
                return all.length < 2 ? Optional.empty() : Optional.of(Arrays.copyOfRange(all, 1, all.length - 1));
            } catch (IOException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return info.arguments();
    }

    /**
     * Starts {@code command} with this JVM's output and errors (its input a pipe from this JVM: {@link
     * #watchLauncher}), waits for it and returns its exit code; ends it when this JVM is ended first.
     *
     * @param command the merge's JVM ({@link #command(String[])})
     * @return its exit code, or empty when it could not be started (the merge then runs in this JVM)
     */
    static OptionalInt run(List<String> command) {
        // the console's output and errors; its input a pipe that this JVM holds open until it ends (watchLauncher)
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(LAUNCHER_VARIABLE, Long.toString(ProcessHandle.current().pid()));
        Process merge;
        // Registered with the JVM's one exit hook (Shutdown), which ends it when this JVM is ended first, also when
        // that happens while it is being started; once this JVM is gone, the pipe ends it all the same.
        try (Shutdown.Starting starting = Shutdown.starting()) {
            merge = builder.start();
            if (!Shutdown.destroyer().add(merge)) {
                return OptionalInt.of(ExitCode.INTERRUPTED.code()); // this JVM is exiting: the exit ends it
            }
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalInt.empty();
        }
        while (true) {
            try {
                return OptionalInt.of(merge.waitFor());
            } catch (InterruptedException e) {
                // main's thread is not interrupted by anyone; an exit ends the merge through the hook
            }
        }
    }

    /**
     * In the merge's JVM ({@link #LAUNCHER_VARIABLE} set): watches its standard input, the pipe from the JVM that
     * started it, on a daemon thread, and exits when that pipe ends: that JVM is gone (killed, so that its shutdown hook
     * did not end this one), and the merge's output has nobody to go to. A pipe, not the process id: it ends however
     * that JVM ends, even before this one has begun, and cannot name another process. Elsewhere it does nothing.
     */
    static void watchLauncher() {
        if (System.getenv(LAUNCHER_VARIABLE) == null) {
            return;
        }
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the starting JVM writes nothing; its end closes the pipe
                }
            } catch (IOException e) {
                // the pipe broke: its other end is gone all the same
            }
            System.err.println("commitbench merge: the command that started this merge has ended; stopping.");
            System.exit(ExitCode.INTERRUPTED.code());
        }, "commitbench-merge-launcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static boolean startsWithAny(String option, List<String> prefixes) {
        return prefixes.stream().anyMatch(option::startsWith);
    }
}
