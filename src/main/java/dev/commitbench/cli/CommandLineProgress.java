package dev.commitbench.cli;

import dev.commitbench.Commit;
import dev.commitbench.session.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code CommandLineProgress} is used to print one line per finished run, and the session's notes, to the
 * console's error stream (standard output is kept for the Markdown summary).
 */
final class CommandLineProgress implements ProgressListener {

    private final PrintWriter err;
    private final boolean verbose;

    CommandLineProgress(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public void runFinished(int index, int total, String point, Commit commit, int round, Duration elapsed,
            Duration remaining, boolean succeeded) {
        err.println(ProgressListener.runLine(index, total, point, commit, round, elapsed, remaining, succeeded));
        err.flush();
    }

    @Override
    public void engineLine(String line) {
        if (verbose) {
            err.println(line);
            err.flush();
        }
    }

    @Override
    public void interrupted(String message) {
        err.println("commitbench: " + message);
        err.flush();
    }

    @Override
    public void note(String message) {
        err.println("note: " + message);
        err.flush();
    }
}
