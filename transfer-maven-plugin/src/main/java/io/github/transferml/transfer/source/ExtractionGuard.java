package io.github.transferml.transfer.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * The rules every extracted entry passes, whatever the archive's format: a relative path that stays
 * in the target directory, a plain file or directory, and no more entries or bytes than the limits
 * allow. Bytes are counted as they are written, so a header that understates a size cannot get past
 * the cap. One guard serves one extraction.
 */
final class ExtractionGuard {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);

    private static final String CRAFTED = " A model archive holds only files and directories with relative paths:"
            + " this one is corrupt or crafted. Use a model archive you trust, or rebuild this one from its files.";

    private static final String NO_LINKS = " Links are refused: one could lead later entries, or the model loader,"
            + " outside the extracted directory, and a model archive needs none. Replace the link by the file it"
            + " points to and rebuild the archive.";

    private final String archive;
    private final Path target;
    private final ExtractionLimits limits;
    private int entries;
    private long declared;
    private long written;
    private boolean touched;

    /**
     * @param archive the archive as the user named it: every refusal names it so
     * @param target the empty directory to extract into
     * @param limits the caps
     */
    ExtractionGuard(String archive, Path target, ExtractionLimits limits) {
        this.archive = archive;
        this.target = target.toAbsolutePath().normalize();
        this.limits = limits;
    }

    /** Refuses an archive whose index already lists more entries than the cap, before anything is written. */
    void checkEntryCount(long count) throws UnsafeArchiveException {
        if (count > limits.maxEntries()) {
            throw tooManyEntries();
        }
    }

    /** Counts one more entry of an archive read as a stream, whose entry count is known only at its end. */
    void countEntry() throws UnsafeArchiveException {
        if (++entries > limits.maxEntries()) {
            throw tooManyEntries();
        }
    }

    /**
     * Refuses an archive whose index declares more uncompressed bytes than the cap, before anything
     * is written.
     *
     * @param total the sum of every entry's declared size
     * @param largest the name of the largest entry
     * @param largestSize its declared size
     */
    void checkDeclaredTotal(long total, String largest, long largestSize) throws UnsafeArchiveException {
        if (total > limits.maxBytes()) {
            throw refusal("its entries declare " + ExtractionLimits.size(total) + " uncompressed, more than the cap of "
                    + limits.describe() + "; the largest is '" + largest + "' (" + ExtractionLimits.size(largestSize)
                    + "). " + kept() + " " + limits.howToRaise(total));
        }
    }

    /**
     * Adds an entry's declared size to the running total of an archive read as a stream, refusing it
     * before its bytes are written when the total passes the cap.
     *
     * @param name the entry
     * @param size its declared size, negative when unknown
     */
    void declare(String name, long size) throws UnsafeArchiveException {
        if (size <= 0) {
            return;
        }
        declared = add(declared, size);
        if (declared > limits.maxBytes()) {
            throw refusal("its entries declare more than the cap of " + limits.describe() + " uncompressed: entry '"
                    + name + "' (" + ExtractionLimits.size(size) + ") brings them to "
                    + ExtractionLimits.size(declared) + ". " + kept() + " " + limits.howToRaise(declared));
        }
    }

    /**
     * Where an entry goes: refuses absolute names, drive letters, {@code ..} segments and anything
     * else that would resolve outside the target. Backslashes count as separators, as an archive
     * made on Windows means them.
     *
     * @param name the entry's name as the archive stores it
     * @return the path in the target directory
     */
    Path resolve(String name) throws UnsafeArchiveException {
        String unified = name.replace('\\', '/');
        if (unified.startsWith("/") || DRIVE.matcher(unified).matches()) {
            throw entryRefusal(name, "has an absolute path, so it would be written outside the directory it is"
                    + " extracted to." + CRAFTED);
        }
        for (String segment : unified.split("/")) {
            if (segment.equals("..")) {
                throw entryRefusal(name, "has a '..' segment, so it would be written outside the directory it is"
                        + " extracted to." + CRAFTED);
            }
        }
        Path resolved;
        try {
            resolved = target.resolve(unified).normalize();
        } catch (InvalidPathException e) {
            throw entryRefusal(name, "is not a valid file name on this system. Rename it and rebuild the archive.");
        }
        if (!resolved.startsWith(target)) {
            throw entryRefusal(name, "resolves outside the directory it is extracted to." + CRAFTED);
        }
        return resolved;
    }

    /** The refusal of a symbolic link; {@code linkTarget} may be null where reading it would cost. */
    UnsafeArchiveException symbolicLink(String name, String linkTarget) {
        return entryRefusal(name, "is a symbolic link" + (linkTarget == null ? "" : " (to '" + linkTarget + "')") + "."
                + NO_LINKS);
    }

    /** The refusal of a hard link. */
    UnsafeArchiveException hardLink(String name, String linkTarget) {
        return entryRefusal(name, "is a hard link (to '" + linkTarget + "')." + NO_LINKS);
    }

    /** The refusal of a device, FIFO, socket or an entry of a type this guard does not know. */
    UnsafeArchiveException special(String name, String kind) {
        return entryRefusal(name, "is " + kind + "." + CRAFTED);
    }

    /** The error for an entry that is safe but cannot be read; not a refusal, yet named the same way. */
    IOException unreadable(String name, String problem) {
        return new IOException("Cannot extract " + archive + ": entry '" + name + "' " + problem);
    }

    /** Creates a directory entry (and its parents). */
    void directory(String name) throws IOException {
        Path dir = resolve(name);
        touched = true;
        Files.createDirectories(dir);
    }

    /**
     * Writes a file entry, counting its bytes against the cap. The stream is read to the entry's end
     * but not closed: a tar stream goes on with the next entry.
     *
     * @param name the entry
     * @param data its bytes
     */
    void file(String name, InputStream data) throws IOException {
        Path file = resolve(name);
        if (file.equals(target)) {
            throw entryRefusal(name, "is a file without a name." + CRAFTED);
        }
        touched = true;
        Files.createDirectories(file.getParent());
        byte[] buffer = new byte[1 << 16];
        // CREATE_NEW: a second entry of the same name must not overwrite the first unnoticed.
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = data.read(buffer)) > 0) {
                if (n > limits.maxBytes() - written) { // the bytes that would pass the cap are never written
                    throw refusal("it expands to more than the cap of " + limits.describe() + ", although its"
                            + " entries declare " + ExtractionLimits.size(declared) + " in all, so a header"
                            + " understates its entry's size (the cap was reached in entry '" + name + "'). The archive"
                            + " is corrupt or crafted: extraction stopped at the cap, and nothing was kept. Use a model"
                            + " archive you trust.");
                }
                out.write(buffer, 0, n);
                written += n;
            }
        } catch (FileAlreadyExistsException e) {
            throw entryRefusal(name, "appears twice, so the second copy would replace the first." + CRAFTED);
        }
    }

    /**
     * Records the declared total of an archive whose index was checked up front, so that the message
     * of a header that lies can say what the headers promised.
     */
    void declaredUpFront(long total) {
        declared = total;
    }

    private UnsafeArchiveException tooManyEntries() {
        return refusal("it holds more than " + limits.maxEntries() + " entries, the cap for a model archive, which"
                + " holds a handful of files: this one is corrupt or crafted to exhaust the file system. "
                + kept() + " Use a model archive you trust.");
    }

    private String kept() {
        return touched ? "What was extracted has been deleted." : "Nothing was extracted.";
    }

    private UnsafeArchiveException entryRefusal(String name, String problem) {
        return refusal("entry '" + name + "' " + problem);
    }

    private UnsafeArchiveException refusal(String problem) {
        return new UnsafeArchiveException("Refusing to extract " + archive + ": " + problem);
    }

    /** Adds two sizes; a sum too large for a long (declared by a hostile header) stays at the largest long. */
    static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
