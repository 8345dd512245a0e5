package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.junit.platform.commons.PreconditionViolationException;

/**
 * Internal precondition checks that throw JUnit's public {@link PreconditionViolationException}.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class Preconditions {

    private Preconditions() {
    }

    /**
     * Throws when {@code condition} is false.
     *
     * @param condition what must hold
     * @param message the exception's message
     */
    public static void condition(boolean condition, String message) {
        if (!condition) {
            throw new PreconditionViolationException(message);
        }
    }

    /**
     * Throws when {@code value} is {@code null} or blank.
     *
     * @param value the value
     * @param message the exception's message
     * @return {@code value}
     */
    public static String notBlank(String value, String message) {
        condition(value != null && !value.isBlank(), message);
        return value;
    }
}
