package dev.commitbench.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The run was stopped because the JVM is exiting (Ctrl-C, SIGTERM, {@code System.exit}), or the thread waiting
 * for it was interrupted: its process tree is killed and the plan stops. A front end says so in one line instead
 * of reporting a failed run.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class EngineInterruptedException extends EngineException {

    /**
     * The exception with its message.
     *
     * @param message what was interrupted, with the process's command line and log
     */
    public EngineInterruptedException(String message) {
        super(message);
    }
}
