package io.github.transferml.transfer.archive;

import io.github.transferml.transfer.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip reproducibly and safely: entries sorted by name, stored uncompressed (so no zlib
 * build can change the bytes), one fixed timestamp, no extra fields; written to a temporary file
 * beside the target and then moved over it in one step, so a failed or interrupted build never
 * leaves a half-written archive nor damages the previous one.
 */
public final class ModelArchive {

    private ModelArchive() {}

    /**
     * Writes the archive.
     *
     * @param target the archive to create or replace
     * @param entries entry names and their bytes
     * @param timestamp the time stamped on every entry
     * @throws IOException if it cannot be written; the target is then unchanged
     */
    public static void write(Path target, Map<String, byte[]> entries, Instant timestamp) throws IOException {
        AtomicFiles.write(target, zip(entries, timestamp));
    }

    /**
     * Zips entries reproducibly.
     *
     * @param entries entry names and their bytes
     * @param timestamp the time stamped on every entry
     * @return the zip's bytes
     * @throws IOException never, in practice (memory only)
     */
    public static byte[] zip(Map<String, byte[]> entries, Instant timestamp) throws IOException {
        SortedMap<String, byte[]> sorted = new TreeMap<>(entries);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : sorted.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                // DOS time fields have no zone: write the instant's UTC wall clock, so the bytes do
                // not depend on the build machine's time zone (and add no extended timestamps).
                zipEntry.setTimeLocal(LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC));
                // Stored, not deflated: DEFLATE output differs between zlib builds (zlib, zlib-ng), so
                // a deflated archive's bytes would depend on the JDK; parameters barely compress anyway.
                CRC32 crc = new CRC32();
                crc.update(entry.getValue());
                zipEntry.setMethod(ZipEntry.STORED);
                zipEntry.setSize(entry.getValue().length);
                zipEntry.setCompressedSize(entry.getValue().length);
                zipEntry.setCrc(crc.getValue());
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
