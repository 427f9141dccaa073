package io.github.transferml.transfer.cut;

/** A cut point does not name a place in the base network; the message lists the valid ones. */
public class CutPointException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message the problem, with the valid cut points */
    public CutPointException(String message) {
        super(message);
    }
}
