package dev.commitbench.engine;

/** Base of the engine's errors that stop more than one run. */
public class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
