package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import dev.commitbench.internal.Shutdown;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * {@code ConsoleProgress} is the one console progress of both front ends: one line per finished run,
 * {@code [3/12] backend.model=gpt2 · main@1a2b3c4 · round 2 · 12.3s elapsed · ~45s left} ({@code · FAILED} when it
 * produced no report), the session's notes after a prefix, and, when asked, the engine's own output as it comes.
 * The command line writes to standard error ({@code note: }, its output only with {@code --verbose}), the extension
 * to standard output ({@code commitbench: }). Every line is flushed. Thread-safe as far as the writer is.
 *
 * @param out         where the lines go
 * @param notePrefix  what comes before a note, e.g. {@code note: }
 * @param engineLines whether the engine's output is shown too
 */
@API(status = INTERNAL, since = "0.1")
public record ConsoleProgress(PrintWriter out, String notePrefix, boolean engineLines) implements ProgressListener {

    @Override
    public void runFinished(int index, int total, String point, Commit commit, int round, Duration elapsed,
            Duration remaining, boolean succeeded) {
        print(line(index, total, point, commit, round, elapsed, remaining, succeeded));
    }

    @Override
    public void engineLine(String line) {
        if (engineLines) {
            print(line);
        }
    }

    @Override
    public void note(String message) {
        print(notePrefix + message);
    }

    @Override
    public void interrupted(String message) {
        if (Shutdown.firstToReport()) { // several sessions (one per device) share one exit: one line says it
            print("commitbench: " + message);
        }
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }

    static String line(int index, int total, String point, Commit commit, int round, Duration elapsed,
            Duration remaining, boolean succeeded) {
        String where = point.isEmpty() ? "" : point + " · ";
        return String.format(Locale.ROOT, "[%d/%d] %s%s · round %d · %s elapsed · ~%s left%s", index, total, where,
                commit.displayName(), round, seconds(elapsed), seconds(remaining), succeeded ? "" : " · FAILED");
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis < 60_000 ? String.format(Locale.ROOT, "%.1fs", millis / 1000.0)
                : String.format(Locale.ROOT, "%dm%02ds", millis / 60_000, millis / 1000 % 60);
    }
}
