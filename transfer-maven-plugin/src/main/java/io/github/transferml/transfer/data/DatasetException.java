package io.github.transferml.transfer.data;

/** The data cannot be read or does not fit together; the message names the file and the fix. */
public class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, with the file and how to fix it */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, with the file and how to fix it
     * @param cause the underlying error
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
