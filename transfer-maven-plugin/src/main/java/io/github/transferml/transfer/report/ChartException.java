package io.github.transferml.transfer.report;

/**
 * A chart could not be drawn, typically because the JVM finds no usable fonts (a minimal container
 * without fontconfig or any font package). Checked, so that every caller decides what to do; the
 * expected answer is a warning and a report without the picture, not a failed build.
 */
public class ChartException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and how to fix it
     * @param cause the underlying error
     */
    public ChartException(String message, Throwable cause) {
        super(message, cause);
    }
}
