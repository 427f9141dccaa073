package io.github.transferml.transfer.evaluate;

/**
 * The model cannot be found, loaded or run as an image classifier (image in, class probabilities
 * out); the message says how to fix it.
 */
public class ClassifierException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the problem and its fix */
    public ClassifierException(String message) {
        super(message);
    }

    /**
     * @param message the problem and its fix
     * @param cause the underlying error
     */
    public ClassifierException(String message, Throwable cause) {
        super(message, cause);
    }
}
