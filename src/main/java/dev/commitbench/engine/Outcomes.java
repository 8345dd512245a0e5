package dev.commitbench.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** {@code Outcomes} is used by the engines to turn a finished process into a {@link RunOutcome} or an error. */
final class Outcomes {

    private Outcomes() {
    }

    static RunOutcome of(String engine, List<String> command, RunRequest request, ProcessRunner.Result result,
            EngineLog log) {
        return of(engine, command, request, result, log, "");
    }

    /**
     * The outcome of a finished process; a failed one's message leads with {@code diagnosis} (what the output
     * says went wrong and what to do), or else with the cause the output names ({@link #cause}), before the run
     * directory and the command, so that a report that shows only a message's start still shows it.
     */
    static RunOutcome of(String engine, List<String> command, RunRequest request, ProcessRunner.Result result,
            EngineLog log, String diagnosis) {
        List<String> lastLines = log.lastLines();
        String message = "";
        if (result.timedOut()) {
            message = engine + " timed out after " + seconds(request.timeout()) + "; its whole process tree was killed."
                    + " Raise the `timeout` setting if runs need longer.\n" + details(command, request, log, lastLines);
        } else if (result.exitCode() != 0) {
            message = engine + " failed with exit code " + result.exitCode() + ": "
                    + (diagnosis.isEmpty() ? cause(lastLines) : diagnosis + ".") + "\n"
                    + details(command, request, log, lastLines);
        }
        return new RunOutcome(request.runDirectory(), log.file(), result.exitCode(), result.timedOut(),
                result.wallTime(), lastLines, message);
    }

    /** Exit code 2: the plan stops with the engine's own message. */
    static EngineUsageException usageError(String engine, List<String> command, RunRequest request, EngineLog log) {
        return new EngineUsageException(engine + " reported a usage error (exit code 2): " + cause(log.lastLines())
                + "\nThe plan stops: fix the arguments or the configuration it names.\n"
                + details(command, request, log, log.lastLines()));
    }

    static Path createRunDirectory(Path runDirectory) {
        try {
            return Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new EngineException("Cannot create the run directory " + runDirectory
                    + ": check that the output directory is writable (" + e + ")", e);
        }
    }

    /** Deletes the run directory when it is empty; leaves it otherwise. */
    static void deleteIfEmpty(Path runDirectory) {
        try {
            Files.deleteIfExists(runDirectory);
        } catch (IOException notEmpty) {
            // something was written there after all: it stays
        }
    }

    static String commandLine(List<String> command) {
        return command.stream().map(w -> w.isEmpty() || w.matches(".*[\\s'\"\\\\$`].*")
                ? "'" + w.replace("'", "'\\''") + "'" : w).collect(Collectors.joining(" "));
    }

    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    /**
     * What went wrong, in one line, for the first line of a failure (the tables show that line): the output's last line
     * that names an error or an exception, else its last line, without a final period.
     */
    static String cause(List<String> lastLines) {
        List<String> lines = lastLines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "(no output)";
        }
        String cause = lines.get(lines.size() - 1);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).matches("(?i).*(error|exception).*")) {
                cause = lines.get(i);
                break;
            }
        }
        return cause.endsWith(".") ? cause.substring(0, cause.length() - 1) : cause;
    }

    /** The lines after the cause: where it ran, how, and where its output is. */
    static String details(List<String> command, RunRequest request, EngineLog log, List<String> lastLines) {
        return "Run directory: " + request.runDirectory() + "\nCommand: " + commandLine(command)
                + "\nFull output: " + log.file() + "\n"
                + (lastLines.isEmpty() ? "(no output)" : "Last lines of the output:\n  " + String.join("\n  ", lastLines));
    }
}
