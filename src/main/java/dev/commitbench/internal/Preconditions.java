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

    public static void condition(boolean condition, String message) {
        if (!condition) {
            throw new PreconditionViolationException(message);
        }
    }

    public static String notBlank(String value, String message) {
        condition(value != null && !value.isBlank(), message);
        return value;
    }
}
