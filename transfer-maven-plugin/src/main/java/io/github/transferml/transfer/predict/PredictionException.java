package io.github.transferml.transfer.predict;

/** The model cannot be loaded as an image classifier or cannot classify; the message says how to fix it. */
public class PredictionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the problem and its fix */
    public PredictionException(String message) {
        super(message);
    }

    /**
     * @param message the problem and its fix
     * @param cause the underlying error
     */
    public PredictionException(String message, Throwable cause) {
        super(message, cause);
    }
}
