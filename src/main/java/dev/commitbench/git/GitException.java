package dev.commitbench.git;

/** A git problem the user must fix (unknown ref, not a repository, shallow clone, ...); the message says how. */
public class GitException extends RuntimeException {

    public GitException(String message) {
        super(message);
    }

    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}
