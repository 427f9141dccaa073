package io.github.transferml.transfer.source;

import java.io.IOException;

/**
 * A model archive was refused because extracting it could write outside its directory, or fill the
 * disk. The message is complete: it names the archive as the user gave it, what is wrong with it, and
 * what to do. Nothing of the archive is left in the cache.
 */
public class UnsafeArchiveException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message the archive, the problem and its fix */
    public UnsafeArchiveException(String message) {
        super(message);
    }
}
