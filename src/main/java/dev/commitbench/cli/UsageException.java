package dev.commitbench.cli;

/** {@code UsageException} is used to report a bad command line; the command exits with {@link ExitCode#USAGE}. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
