package dev.commitbench.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

/** {@code Processes} is used by tests to check that no process of a killed tree is left running. */
public final class Processes {

    private Processes() {
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
