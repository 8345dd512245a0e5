package dev.commitbench.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code Processes} is used by tests to check that no process of a killed tree is left running, and to start a child
 * that Ctrl-C reaches.
 */
public final class Processes {

    /**
     * Whether coreutils' {@code env} can reset a signal to its default ({@code --default-signal}, coreutils 8.31 and
     * later).
     */
    private static final boolean ENV_RESETS_SIGNALS = envResetsSignals();

    private Processes() {
    }

    /**
     * {@code command} started so that SIGINT reaches it, as it reaches a program run from a shell prompt: with SIGINT
     * set back to its default action ({@code env --default-signal=INT}) where this JVM inherited it ignored. A
     * background job of a non-interactive shell ({@code mvn verify &} in a script) starts with SIGINT ignored, every
     * child inherits that, and a JVM started so installs no handler for it: its Ctrl-C does nothing at all, which is
     * not what a Ctrl-C test means to check.
     *
     * @param command the command
     * @return the command to start
     */
    public static List<String> reachableBySigint(List<String> command) {
        if (!ENV_RESETS_SIGNALS) {
            return command;
        }
        List<String> reset = new ArrayList<>(List.of("env", "--default-signal=INT"));
        reset.addAll(command);
        return reset;
    }

    private static boolean envResetsSignals() {
        try {
            Process env = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            env.getInputStream().readAllBytes();
            return env.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asserts that none of the processes runs (waiting up to 5 s for the kill signals to land). */
    public static void assertGone(Collection<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (pids.stream().anyMatch(Processes::running) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(pids).as("processes of the killed tree").noneMatch(Processes::running);
    }

    /** Neither gone nor a zombie (killed, waiting for init to reap it, which may take a while). */
    private static boolean running(long pid) {
        Path stat = Path.of("/proc/" + pid + "/stat");
        try {
            if (Files.exists(stat) && Files.readString(stat).replaceFirst("^.*\\) ", "").startsWith("Z")) {
                return false;
            }
        } catch (IOException e) {
            return false; // gone between the two calls
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
