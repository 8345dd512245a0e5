package dev.commitbench.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** Base of the engine's errors that stop more than one run. */
@API(status = EXPERIMENTAL, since = "0.1")
public class EngineException extends RuntimeException {

    /**
     * An error with a message that says what went wrong and what to do.
     *
     * @param message the message
     */
    public EngineException(String message) {
        super(message);
    }

    /**
     * An error with a message and the failure behind it.
     *
     * @param message the message
     * @param cause the failure behind it
     */
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
