package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * {@code DeviceException} is used to report a device list that cannot be used: one that does not parse, or names a
 * device this machine does not have. Its message names the input and says what to do; a front end reports it as a
 * usage error.
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public class DeviceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with a message that names the input and says what to do.
     *
     * @param message the message
     */
    public DeviceException(String message) {
        super(message);
    }
}
