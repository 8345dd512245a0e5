package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.Commit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Verifies the console's progress lines, notes and (when asked, e.g. with --verbose) the engine's output. */
class ConsoleProgressTests {

    private static final Commit MAIN = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");

    private final StringWriter err = new StringWriter();

    @Test
    void one_line_per_run_with_point_commit_round_and_times() {
        var progress = new ConsoleProgress(new PrintWriter(err), "note: ", false);

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
    void the_extensions_notes_and_the_exits_line_have_their_prefix() {
        var progress = new ConsoleProgress(new PrintWriter(err), "commitbench: ", false);

        progress.engineLine("not shown");
        progress.note("2 gates undecided");
        progress.interrupted("interrupted before the first run; nothing to clean up.");

        assertThat(err.toString().lines()).containsExactly("commitbench: 2 gates undecided",
                "commitbench: interrupted before the first run; nothing to clean up.");
    }

    @Test
    void verbose_shows_the_engine_output() {
        new ConsoleProgress(new PrintWriter(err), "note: ", true).engineLine("optimum-benchmark says hello");

        assertThat(err.toString()).isEqualTo("optimum-benchmark says hello" + System.lineSeparator());
    }
}
