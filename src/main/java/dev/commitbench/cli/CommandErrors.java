package dev.commitbench.cli;

import dev.commitbench.engine.EngineException;
import dev.commitbench.engine.EngineUsageException;
import dev.commitbench.git.GitException;
import dev.commitbench.git.NotARepositoryException;
import dev.commitbench.internal.Shutdown;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * {@code CommandErrors} is used by the commands that benchmark the repository they run in ({@code commitbench} and
 * {@code commitbench bisect}) to turn what stopped them into a message on standard error and an exit code: a
 * usage error (exit 2, with the help line naming the command), a failure (exit 3; a stack trace only for what is
 * not the engine's nor a file's), or nothing more than the exit's own line when the JVM is shutting down (exit 130).
 */
final class CommandErrors {

    private final PrintWriter err;
    private final String command;
    private final String notARepositoryAdvice;

    /**
     * @param err standard error
     * @param command the command as typed, e.g. {@code commitbench bisect}
     * @param notARepositoryAdvice what follows "Run COMMAND from inside the working tree of the repository to"
     *                             when the working directory is not in a repository
     */
    CommandErrors(PrintWriter err, String command, String notARepositoryAdvice) {
        this.err = err;
        this.command = command;
        this.notARepositoryAdvice = notARepositoryAdvice;
    }

    /** Prints {@code message} and the help line; exit 2. */
    int usage(String message) {
        err.println(message);
        err.println("Run " + command + " --help for the flags and examples.");
        return ExitCode.USAGE.code();
    }

    /** Says what stopped the command; exit 2 for the user's input, 130 while shutting down, 3 otherwise. */
    int failed(RuntimeException e) {
        if (Shutdown.inProgress()) {
            return ExitCode.INTERRUPTED.code(); // whatever the exit broke, its one line says what happened
        }
        if (e instanceof NotARepositoryException notARepository) {
            // the command line has no 'repository' setting: it works on the repository it runs in
            return usage("Usage error: not a git repository: " + notARepository.directory() + " (nor any of its"
                    + " parent directories). Run " + command + " from inside the working tree of the repository to "
                    + notARepositoryAdvice);
        }
        if (e instanceof UsageException) {
            return usage(e.getMessage());
        }
        if (e instanceof IllegalArgumentException || e instanceof GitException || e instanceof EngineUsageException) {
            return usage("Usage error: " + e.getMessage());
        }
        if (e instanceof EngineException || e instanceof UncheckedIOException) {
            err.println("Error: " + e.getMessage());
        } else {
            err.println("Error: " + e);
            e.printStackTrace(err);
        }
        return ExitCode.FAILURE.code();
    }
}
