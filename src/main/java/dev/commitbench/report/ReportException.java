package dev.commitbench.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * {@code ReportException} is thrown when a run directory cannot be summarized or a summary file cannot be
 * written. Its message names the directory or file and says what to do.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class ReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with a message that names the file and says what is wrong.
     *
     * @param message the message
     */
    public ReportException(String message) {
        super(message);
    }

    /**
     * An error with a message and the failure behind it.
     *
     * @param message the message
     * @param cause the failure behind it
     */
    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
