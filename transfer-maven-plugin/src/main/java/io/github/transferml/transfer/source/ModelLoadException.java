package io.github.transferml.transfer.source;

/**
 * A model that cannot be loaded, or that the plugin refuses to load; the message names the model
 * as the user gave it, says why, and what to do.
 */
public class ModelLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the problem and its fix */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * @param message the problem and its fix
     * @param cause the underlying error
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
