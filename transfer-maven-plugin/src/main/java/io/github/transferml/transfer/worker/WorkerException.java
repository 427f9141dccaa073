package io.github.transferml.transfer.worker;

/**
 * The worker process failed: it crashed, ran out of memory, was killed, or could not start. Says
 * which goal, what the worker was doing, and how it ended; no archive was changed.
 */
public class WorkerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened */
    public WorkerException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause why
     */
    public WorkerException(String message, Throwable cause) {
        super(message, cause);
    }
}
