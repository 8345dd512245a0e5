package dev.commitbench.cli;

import dev.commitbench.Commit;
import dev.commitbench.session.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code ConsoleProgress} is used to print one line per finished run, and the session's notes, to the
 * console's error stream (standard output is kept for the Markdown summary).
 */
final class ConsoleProgress implements ProgressListener {

    private final PrintWriter err;
    private final boolean verbose;

    ConsoleProgress(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public void runFinished(int index, int total, String point, Commit commit, int round, Duration elapsed,
            Duration remaining, boolean succeeded) {
        String where = point.isEmpty() ? "" : point + " · ";
        err.printf(Locale.ROOT, "[%d/%d] %s%s · round %d · %s elapsed · ~%s left%s%n", index, total, where,
                commit.displayName(), round, seconds(elapsed), seconds(remaining), succeeded ? "" : " · FAILED");
        err.flush();
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis < 60_000 ? String.format(Locale.ROOT, "%.1fs", millis / 1000.0)
                : String.format(Locale.ROOT, "%dm%02ds", millis / 60_000, millis / 1000 % 60);
    }

    @Override
    public void engineLine(String line) {
        if (verbose) {
            err.println(line);
            err.flush();
        }
    }

    @Override
    public void note(String message) {
        err.println("note: " + message);
        err.flush();
    }
}
