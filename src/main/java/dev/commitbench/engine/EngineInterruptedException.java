package dev.commitbench.engine;

/**
 * The run was stopped because the JVM is exiting (Ctrl-C, SIGTERM, {@code System.exit}), or the thread waiting
 * for it was interrupted: its process tree is killed and the plan stops. A front end says so in one line instead
 * of reporting a failed run.
 */
public class EngineInterruptedException extends EngineException {

    public EngineInterruptedException(String message) {
        super(message);
    }
}
