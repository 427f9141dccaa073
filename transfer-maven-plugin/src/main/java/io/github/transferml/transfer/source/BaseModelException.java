package io.github.transferml.transfer.source;

/** The base network cannot be found, loaded, verified or cut; the message says how to fix it. */
public class BaseModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the problem and its fix */
    public BaseModelException(String message) {
        super(message);
    }

    /**
     * @param message the problem and its fix
     * @param cause the underlying error
     */
    public BaseModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
