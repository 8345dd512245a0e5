package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code UnitResult} is used to hold how one unit of a {@link WorkerPool} batch ended: its value, or the failure
 * that ended it, or that it never ran (the batch was cancelled first), with the device it ran on and its wall time.
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 *
 * @param index    the unit's place in the plan (0-based)
 * @param unit     the unit
 * @param pinning  the device it ran on ({@link Pinning#none()}: the default device; also for a unit that never ran)
 * @param status   how it ended
 * @param value    what it returned, or {@code null} unless it succeeded
 * @param failure  what it threw, or {@code null} unless it failed
 * @param wallTime how long it ran ({@link Duration#ZERO} when it never ran)
 * @param <U> the unit's type
 * @param <R> the result's type
 */
@API(status = INTERNAL, since = "0.1")
public record UnitResult<U, R>(int index, U unit, Pinning pinning, Status status, R value, Throwable failure,
        Duration wallTime) {

    /**
     * Checks the values.
     *
     * @param index the unit's place in the plan
     * @param unit the unit
     * @param pinning the device it ran on
     * @param status how it ended
     * @param value what it returned, or {@code null}
     * @param failure what it threw, or {@code null}
     * @param wallTime how long it ran
     */
    public UnitResult {
        Objects.requireNonNull(pinning, "pinning");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(wallTime, "wallTime");
        if (status == Status.FAILED) {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** How a unit ended. */
    @API(status = INTERNAL, since = "0.1")
    public enum Status {
        /** It returned a value. */
        SUCCEEDED,
        /** It threw (or was interrupted while it ran). */
        FAILED,
        /** It never started: the batch was cancelled (or the JVM began to exit) before its turn. */
        NOT_RUN
    }

    /** {@return whether it returned a value} */
    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
