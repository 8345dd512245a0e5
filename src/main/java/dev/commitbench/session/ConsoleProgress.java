package dev.commitbench.session;

import dev.commitbench.Commit;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code ConsoleProgress} is used to print one line per engine run:
 * {@code [3/12] backend.model=gpt2 · main@1a2b3c4 · round 2 · 12.3s elapsed · ~45s left}.
 * Thread-safe as far as the stream is.
 */
final class ConsoleProgress implements ProgressListener {

    private final PrintStream out;

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void runFinished(int index, int total, String point, Commit commit, int round, Duration elapsed,
            Duration remaining, boolean succeeded) {
        out.println(line(index, total, point, commit, round, elapsed, remaining, succeeded));
    }

    @Override
    public void note(String message) {
        out.println("commitbench: " + message);
    }

    @Override
    public void interrupted(String message) {
        out.println("commitbench: " + message);
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
