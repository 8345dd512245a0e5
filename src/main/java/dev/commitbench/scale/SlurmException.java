package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code SlurmException} is used to report why a Slurm array could not run to its end: its message says what
 * happened (quoting Slurm's own error where there is one) and what to do, and its {@link #reason()} lets a front
 * end choose an exit code.
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public class SlurmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the array could not run. */
    @API(status = INTERNAL, since = "0.1")
    public enum Reason {
        /** A Slurm client command ({@code sbatch}, {@code scontrol}, …) is not on the {@code PATH}. */
        NOT_INSTALLED,
        /** The client is there but not configured (e.g. {@code SLURM_CONF} names a missing file). */
        MISCONFIGURED,
        /** The controller ({@code slurmctld}) did not answer, or not in time. */
        NOT_ANSWERING,
        /** The array's options are wrong ({@code sbatch} refused it, or an option commitbench sets was given). */
        REJECTED,
        /** The run folder is not on a filesystem every node of the cluster sees. */
        NOT_SHARED,
        /** The array did not finish in the time given; it was cancelled. */
        TIMED_OUT,
        /** The wait was interrupted (Ctrl-C, or the waiting thread); the array was cancelled. */
        INTERRUPTED
    }

    /** Why the array could not run. */
    private final Reason reason;

    /**
     * An error with a message that says what went wrong and what to do.
     *
     * @param reason  why the array could not run
     * @param message the message
     */
    public SlurmException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * An error with a message and the failure behind it.
     *
     * @param reason  why the array could not run
     * @param message the message
     * @param cause   the failure behind it
     */
    public SlurmException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return why the array could not run} */
    public Reason reason() {
        return reason;
    }
}
