package dev.commitbench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Verifies that {@link ExitKiller} destroys the processes registered with it, and only those. */
class ExitKillerTests {

    /** Verifies that the shutdown hook's work destroys a registered process and leaves a removed one alone. */
    @Test
    void killAllDestroysTheRegisteredProcessesOnly() throws Exception {
        ExitKiller killer = new ExitKiller();
        Process registered = new ProcessBuilder("sleep", "30").start();
        Process removed = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(killer.add(registered)).isTrue();
            assertThat(killer.add(removed)).isTrue();
            assertThat(killer.remove(removed)).isTrue();
            assertThat(killer.size()).isEqualTo(1);

            killer.killAll();

            assertThat(registered.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(removed.isAlive()).as("a removed process").isTrue();
        } finally {
            registered.destroyForcibly();
            removed.destroyForcibly();
            removed.waitFor();
        }
        Processes.assertGone(List.of(registered.pid(), removed.pid()));
    }
}
