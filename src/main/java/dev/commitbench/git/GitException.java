package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** A git problem the user must fix (unknown ref, not a repository, shallow clone, ...); the message says how. */
@API(status = INTERNAL, since = "0.1")
public class GitException extends RuntimeException {

    public GitException(String message) {
        super(message);
    }

    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}
