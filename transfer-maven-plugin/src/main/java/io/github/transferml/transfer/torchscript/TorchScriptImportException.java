package io.github.transferml.transfer.torchscript;

/** Says why a TorchScript module's parameters could not be imported into DJL blocks. */
public final class TorchScriptImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason why, phrased to follow "cannot be imported: " */
    public TorchScriptImportException(String reason) {
        super(reason);
    }

    /**
     * @param reason why
     * @param cause the underlying failure
     */
    public TorchScriptImportException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
