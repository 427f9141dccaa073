package io.github.transferml.transfer.worker;

/**
 * The worker's progress travels on its standard output, one event per line: a marker, the kind and
 * the message with line breaks escaped. Any other line (a native library writing to the same
 * stream) is passed on as it is.
 */
final class WorkerProtocol {

    /** Starts every event line; nothing a library prints looks like it. */
    static final String MARKER = "@@transfer-worker@@ ";

    /** What an event is. */
    enum Kind {
        INFO,
        WARN
    }

    /** One decoded line: an event, or raw output when {@code kind} is null. */
    record Line(Kind kind, String message) {}

    private WorkerProtocol() {}

    static String encode(Kind kind, String message) {
        StringBuilder out = new StringBuilder(MARKER.length() + 5 + message.length()).append(MARKER)
                .append(kind.name()).append(' ');
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static Line decode(String line) {
        if (!line.startsWith(MARKER)) {
            return new Line(null, line);
        }
        int space = line.indexOf(' ', MARKER.length());
        Kind kind;
        try {
            kind = Kind.valueOf(line.substring(MARKER.length(), space < 0 ? line.length() : space));
        } catch (IllegalArgumentException e) {
            return new Line(null, line);
        }
        String text = space < 0 ? "" : line.substring(space + 1);
        StringBuilder message = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                message.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                message.append(c);
            }
        }
        return new Line(kind, message.toString());
    }
}
