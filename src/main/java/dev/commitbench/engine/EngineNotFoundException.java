package dev.commitbench.engine;

/** The engine's executable does not exist: says how to install optimum-benchmark or point to it. */
public class EngineNotFoundException extends EngineException {

    public EngineNotFoundException(String message) {
        super(message);
    }

    public EngineNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
