package io.github.transferml.transfer.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a tar, optionally gzipped, as a stream: a tar has no index, so each entry is checked when
 * its header is read, before its bytes are written. Its header's size is exact (the format frames the
 * bytes by it), so the running total of declared sizes stops an oversized archive before it is written.
 */
final class TarExtraction {

    private TarExtraction() {}

    static void extract(Path archive, boolean gzipped, ExtractionGuard guard) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                InputStream raw = gzipped ? new GZIPInputStream(file, 1 << 16) : file;
                TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                guard.countEntry();
                String name = entry.getName();
                guard.resolve(name);
                checkType(entry, guard);
                if (entry.isDirectory()) {
                    guard.directory(name);
                } else {
                    guard.declare(name, entry.getRealSize());
                    guard.file(name, tar);
                }
            }
        }
    }

    private static void checkType(TarArchiveEntry entry, ExtractionGuard guard) throws UnsafeArchiveException {
        String name = entry.getName();
        if (entry.isSymbolicLink()) {
            throw guard.symbolicLink(name, entry.getLinkName());
        }
        if (entry.isLink()) {
            throw guard.hardLink(name, entry.getLinkName());
        }
        if (entry.isCharacterDevice()) {
            throw guard.special(name, "a character device");
        }
        if (entry.isBlockDevice()) {
            throw guard.special(name, "a block device");
        }
        if (entry.isFIFO()) {
            throw guard.special(name, "a FIFO");
        }
    }
}
