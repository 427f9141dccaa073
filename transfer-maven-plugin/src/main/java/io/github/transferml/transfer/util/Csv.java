package io.github.transferml.transfer.util;

/** CSV fields as RFC 4180 writes them, for every CSV the plugin writes. */
public final class Csv {

    private Csv() {}

    /**
     * Quotes a field when it needs it: a comma, a double quote or a line break; quotes inside are
     * doubled. Other fields stay as they are.
     *
     * @param text the value
     * @return the field
     */
    public static String field(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
