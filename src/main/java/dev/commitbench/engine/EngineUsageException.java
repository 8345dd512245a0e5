package dev.commitbench.engine;

/** The engine exited 2 (a usage error): the whole plan stops at once, with the engine's message. */
public class EngineUsageException extends EngineException {

    public EngineUsageException(String message) {
        super(message);
    }
}
