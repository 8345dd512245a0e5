package dev.commitbench.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** The engine exited 2 (a usage error): the whole plan stops at once, with the engine's message. */
@API(status = EXPERIMENTAL, since = "0.1")
public class EngineUsageException extends EngineException {

    /**
     * An error with a message that names the bad argument and says what to change.
     *
     * @param message the message
     */
    public EngineUsageException(String message) {
        super(message);
    }
}
