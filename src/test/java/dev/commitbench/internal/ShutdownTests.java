package dev.commitbench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.exec.ProcessDestroyer;
import org.junit.jupiter.api.Test;

/**
 * Verifies the exit's order on an instance of its own (the JVM's hook is the same code): registered processes
 * are destroyed first, and only those; then the actions run, the last registered first, each on its own; and
 * once the exit has begun, nothing new starts or registers.
 */
class ShutdownTests {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Shutdown shutdown = new Shutdown(new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void destroysTheRegisteredProcessesOnlyThenRunsTheActionsLastFirst() throws Exception {
        ProcessDestroyer destroyer = shutdown.processDestroyer();
        Process registered = new ProcessBuilder("sleep", "30").start();
        Process removed = new ProcessBuilder("sleep", "30").start();
        List<String> ran = new ArrayList<>();
        try {
            assertThat(destroyer.add(registered)).isTrue();
            assertThat(destroyer.add(removed)).isTrue();
            assertThat(destroyer.remove(removed)).isTrue();
            shutdown.register("first", () -> ran.add("first: registered process alive " + registered.isAlive()));
            shutdown.register("failing", () -> {
                throw new IllegalStateException("git worktree prune failed");
            });
            shutdown.register("last", () -> ran.add("last"));
            shutdown.register("cancelled", () -> ran.add("cancelled")).cancel();

            shutdown.run();

            assertThat(ran).containsExactly("last", "first: registered process alive false");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("commitbench: could not finish failing while the"
                    + " JVM exits: git worktree prune failed" + System.lineSeparator());
            assertThat(removed.isAlive()).as("a removed process").isTrue();
        } finally {
            registered.destroyForcibly();
            removed.destroyForcibly();
            removed.waitFor();
        }
    }

    @Test
    void onceTheExitBeganAProcessStartedElsewhereIsDestroyedAndNothingRegisters() throws Exception {
        Thread exit = new Thread(shutdown::run, "exit");
        exit.start();
        exit.join();
        assertThat(shutdown.started()).isTrue();

        Process late = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(shutdown.processDestroyer().add(late)).as("added by another thread than the exit's").isFalse();
            assertThat(late.waitFor(5, TimeUnit.SECONDS)).as("destroyed at once").isTrue();
            assertThatThrownBy(() -> shutdown.register("late", () -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the JVM is exiting; late cannot be registered any more");
        } finally {
            late.destroyForcibly();
        }
    }

    @Test
    void duringTheExitOnlyTheFirstReporterPrintsOutsideItEveryOne() throws Exception {
        assertThat(shutdown.claimReport()).as("outside an exit").isTrue();
        assertThat(shutdown.claimReport()).as("outside an exit, again").isTrue();
        Thread exit = new Thread(shutdown::run, "exit");
        exit.start();
        exit.join();
        assertThat(shutdown.claimReport()).as("the first during the exit").isTrue();
        assertThat(shutdown.claimReport()).as("the next during the exit").isFalse();
    }

    @Test
    void aProcessStartedAsTheExitBeginsIsWaitedForAndDestroyed() throws Exception {
        Shutdown.Starting starting = shutdown.beginStart();
        Thread exit = new Thread(shutdown::run, "exit");
        exit.start();
        Thread.sleep(200);
        assertThat(exit.isAlive()).as("the exit waits for the start in flight").isTrue();
        Process started = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(shutdown.processDestroyer().add(started)).as("registered during the exit").isFalse();
            starting.close();
            exit.join(10_000);
            assertThat(exit.isAlive()).isFalse();
            assertThat(started.isAlive()).as("the late process, destroyed and waited for").isFalse();
        } finally {
            started.destroyForcibly();
        }
    }
}
