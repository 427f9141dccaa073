package io.github.transferml.transfer.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the worker process cost the machine, as Linux counts it for the process itself: its peak
 * resident memory ({@code VmHWM} in {@code /proc/self/status}: heap, native memory of the engine,
 * the JVM's own) and the bytes it caused to be written to storage ({@code write_bytes} in {@code
 * /proc/self/io}: archives, reports and spilled caches, deleted ones included). Reported in one log
 * line when the worker ends, so a build shows what to give {@code -Xmx} and how much disk a run
 * needs. Elsewhere (no {@code /proc}) there is no line.
 */
final class ProcessFootprint {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path IO = Path.of("/proc/self/io");

    private ProcessFootprint() {}

    /** @return the log line for this process, or empty where {@code /proc} does not say */
    static Optional<String> describeSelf() {
        return describe(read(STATUS), read(IO));
    }

    /**
     * @param status the text of {@code /proc/<pid>/status}, or null
     * @param io the text of {@code /proc/<pid>/io}, or null
     * @return the log line, or empty when neither figure is there
     */
    static Optional<String> describe(String status, String io) {
        OptionalLong peak = status == null ? OptionalLong.empty() : field(status, "VmHWM:");
        OptionalLong written = io == null ? OptionalLong.empty() : field(io, "write_bytes:");
        if (peak.isEmpty() && written.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder line = new StringBuilder("Worker:");
        if (peak.isPresent()) { // VmHWM is in kB, which Linux means as KiB; MB are MiB, as cacheMemoryMb's
            line.append(String.format(Locale.ROOT, " peak memory %,d MB (VmHWM)", peak.getAsLong() >> 10));
        }
        if (written.isPresent()) {
            line.append(peak.isPresent() ? "," : "").append(String.format(Locale.ROOT,
                    " wrote %,.1f MB to disk (write_bytes)", written.getAsLong() / (double) (1L << 20)));
        }
        return Optional.of(line.toString());
    }

    /** The number after {@code name} on its line, e.g. {@code VmHWM:	  812344 kB}. */
    static OptionalLong field(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                String[] words = line.substring(name.length()).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(words[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null; // not Linux, or not readable: no figure
        }
    }
}
