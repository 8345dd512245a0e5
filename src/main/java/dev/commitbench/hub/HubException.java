package dev.commitbench.hub;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * {@code HubException} is thrown when an upload to the Hugging Face Hub fails: the Hub refused it (the
 * message gives the status, the Hub's own message and what to do), it could not be reached after every
 * retry, or the local folder cannot be uploaded. The local folder is never modified. Messages never
 * contain the token.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class HubException extends RuntimeException {

    /** The HTTP status, or {@code -1}. */
    private final int status;

    /**
     * An error that did not come from a Hub answer.
     *
     * @param message what went wrong and what to do
     */
    public HubException(String message) {
        this(message, -1, null);
    }

    /**
     * An error, with the Hub's HTTP status when it answered.
     *
     * @param message what went wrong and what to do
     * @param status the HTTP status, or {@code -1} when there was no answer
     * @param cause the failure behind it, or {@code null}
     */
    public HubException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** {@return the HTTP status the Hub answered with, or {@code -1} when there was no answer} */
    public int status() {
        return status;
    }
}
