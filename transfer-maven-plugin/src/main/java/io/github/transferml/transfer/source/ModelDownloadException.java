package io.github.transferml.transfer.source;

import java.io.IOException;

/**
 * A model could not be downloaded, or was refused: too large, or not what its SHA-256 pin says. The
 * message is complete, names the URL only in its {@linkplain io.github.transferml.transfer.util.ModelUrls#redact redacted} form, and
 * says what to do. Nothing of the download is left in the cache.
 */
public class ModelDownloadException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message the URL (redacted), the problem and its fix */
    public ModelDownloadException(String message) {
        super(message);
    }

    /**
     * @param message the URL (redacted), the problem and its fix
     * @param cause the underlying error, whose own messages hold no URL
     */
    public ModelDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
