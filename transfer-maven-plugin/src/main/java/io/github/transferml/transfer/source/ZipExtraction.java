package io.github.transferml.transfer.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Extracts a zip through its central directory, which lists every entry with its name, type and
 * size: so every check but the byte count runs before the first byte is written. (A zip read as a
 * stream, as DJL does, learns an entry's size only after writing it.)
 */
final class ZipExtraction {

    // The file-type bits of a Unix mode, which zips made on Unix keep in their external attributes.
    private static final int TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int DIRECTORY = 0040000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int REGULAR_FILE = 0100000;
    private static final int SYMBOLIC_LINK = 0120000;
    private static final int SOCKET = 0140000;

    private ZipExtraction() {}

    static void extract(Path archive, ExtractionGuard guard) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
            guard.checkEntryCount(entries.size());
            long total = 0;
            ZipArchiveEntry largest = null;
            for (ZipArchiveEntry entry : entries) {
                guard.resolve(entry.getName());
                checkType(entry, guard);
                if (!entry.isDirectory() && entry.getSize() > 0) {
                    total = ExtractionGuard.add(total, entry.getSize());
                    if (largest == null || entry.getSize() > largest.getSize()) {
                        largest = entry;
                    }
                }
            }
            if (largest != null) {
                guard.checkDeclaredTotal(total, largest.getName(), largest.getSize());
            }
            guard.declaredUpFront(total);
            for (ZipArchiveEntry entry : entries) {
                if (entry.isDirectory()) {
                    guard.directory(entry.getName());
                    continue;
                }
                if (!zip.canReadEntryData(entry)) {
                    throw guard.unreadable(entry.getName(), "is encrypted, or compressed with a method that cannot be"
                            + " read (zip method " + entry.getMethod() + "). Rebuild the archive without encryption,"
                            + " with deflate or no compression.");
                }
                try (InputStream data = zip.getInputStream(entry)) {
                    guard.file(entry.getName(), data);
                }
            }
        }
    }

    private static void checkType(ZipArchiveEntry entry, ExtractionGuard guard) throws UnsafeArchiveException {
        if (entry.getPlatform() != ZipArchiveEntry.PLATFORM_UNIX) {
            return; // other platforms record no links or devices
        }
        switch (entry.getUnixMode() & TYPE_MASK) {
            case 0:
            case REGULAR_FILE:
            case DIRECTORY:
                return;
            case SYMBOLIC_LINK:
                // Its target is the entry's data, which a hostile archive could make huge: not read.
                throw guard.symbolicLink(entry.getName(), null);
            case FIFO:
                throw guard.special(entry.getName(), "a FIFO");
            case CHARACTER_DEVICE:
                throw guard.special(entry.getName(), "a character device");
            case BLOCK_DEVICE:
                throw guard.special(entry.getName(), "a block device");
            case SOCKET:
                throw guard.special(entry.getName(), "a socket");
            default:
                throw guard.special(entry.getName(), "of unknown type (Unix mode "
                        + Integer.toOctalString(entry.getUnixMode()) + ")");
        }
    }
}
