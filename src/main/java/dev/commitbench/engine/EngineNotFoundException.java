package dev.commitbench.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** The engine's executable does not exist: says how to install optimum-benchmark or point to it. */
@API(status = EXPERIMENTAL, since = "0.1")
public class EngineNotFoundException extends EngineException {

    /**
     * An error with a message that names the executable and says how to install it or point to it.
     *
     * @param message the message
     */
    public EngineNotFoundException(String message) {
        super(message);
    }
}
