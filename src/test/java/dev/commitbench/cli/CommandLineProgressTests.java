package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.Commit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Verifies the console's progress lines, notes and (with --verbose only) the engine's output. */
class CommandLineProgressTests {

    private static final Commit MAIN = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");

    private final StringWriter err = new StringWriter();

    @Test
    void one_line_per_run_with_point_commit_round_and_times() {
        var progress = new CommandLineProgress(new PrintWriter(err), false);

        progress.runFinished(3, 12, "backend.model=gpt2", MAIN, 2, Duration.ofMillis(12_345), Duration.ofSeconds(75),
                true);
        progress.runFinished(4, 12, "", MAIN, 2, Duration.ofSeconds(13), Duration.ofSeconds(5), false);
        progress.engineLine("optimum-benchmark says hello");
        progress.note("metric x was found in no report");

        assertThat(err.toString().lines()).containsExactly(
                "[3/12] backend.model=gpt2 · main@1a2b3c4 · round 2 · 12.3s elapsed · ~1m15s left",
                "[4/12] main@1a2b3c4 · round 2 · 13.0s elapsed · ~5.0s left · FAILED",
                "note: metric x was found in no report");
    }

    @Test
    void verbose_shows_the_engine_output() {
        new CommandLineProgress(new PrintWriter(err), true).engineLine("optimum-benchmark says hello");

        assertThat(err.toString()).isEqualTo("optimum-benchmark says hello" + System.lineSeparator());
    }
}
