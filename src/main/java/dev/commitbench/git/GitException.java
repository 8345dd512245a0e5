package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** A git problem the user must fix (unknown ref, not a repository, shallow clone, ...); the message says how. */
@API(status = INTERNAL, since = "0.1")
public class GitException extends RuntimeException {

    /**
     * An error with a message that names the input and says what to do.
     *
     * @param message the message
     */
    public GitException(String message) {
        super(message);
    }

    /**
     * An error with a message and the failure behind it.
     *
     * @param message the message
     * @param cause the failure behind it
     */
    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}
