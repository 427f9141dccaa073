package io.github.transferml.transfer.archive;

import io.github.transferml.transfer.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip reproducibly and safely: entries sorted by name, stored uncompressed (so no zlib
 * build can change the bytes), one fixed timestamp, no extra fields; streamed to a temporary file
 * beside the target, forced to the disk and then moved over it in one step, so a failed or
 * interrupted build never leaves a half-written archive nor damages the previous one. Entries may
 * be files, streamed from disk: the parameters of a large model are never held in memory whole.
 */
public final class ModelArchive {

    private ModelArchive() {}

    /**
     * One entry's content: bytes in memory, or a file read from disk when the archive is written.
     *
     * @param bytes the bytes, or null for a file
     * @param file the file, or null for bytes
     */
    public record Entry(byte[] bytes, Path file) {

        /** @param bytes the content @return an entry of these bytes */
        public static Entry of(byte[] bytes) {
            return new Entry(java.util.Objects.requireNonNull(bytes, "bytes"), null);
        }

        /** @param file the content, read when the archive is written @return an entry of that file */
        public static Entry of(Path file) {
            return new Entry(null, java.util.Objects.requireNonNull(file, "file"));
        }

        private long size() throws IOException {
            return bytes != null ? bytes.length : Files.size(file);
        }

        private long crc() throws IOException {
            CRC32 crc = new CRC32();
            if (bytes != null) {
                crc.update(bytes);
                return crc.getValue();
            }
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    crc.update(buffer, 0, n);
                }
            }
            return crc.getValue();
        }

        private void writeTo(OutputStream out) throws IOException {
            if (bytes != null) {
                out.write(bytes);
            } else {
                Files.copy(file, out);
            }
        }
    }

    /**
     * Writes the archive.
     *
     * @param target the archive to create or replace
     * @param entries entry names and their bytes
     * @param timestamp the time stamped on every entry
     * @throws IOException if it cannot be written; the target is then unchanged
     */
    public static void write(Path target, Map<String, byte[]> entries, Instant timestamp) throws IOException {
        writeEntries(target, inMemory(entries), timestamp);
    }

    /**
     * Writes the archive, streaming each entry into it.
     *
     * @param target the archive to create or replace
     * @param entries entry names and their contents
     * @param timestamp the time stamped on every entry
     * @throws IOException if it cannot be written; the target is then unchanged
     */
    public static void writeEntries(Path target, Map<String, Entry> entries, Instant timestamp) throws IOException {
        SortedMap<String, Entry> sorted = new TreeMap<>(entries);
        AtomicFiles.write(target, out -> zipTo(out, sorted, timestamp));
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        zipTo(bytes, new TreeMap<>(inMemory(entries)), timestamp);
        return bytes.toByteArray();
    }

    private static Map<String, Entry> inMemory(Map<String, byte[]> entries) {
        Map<String, Entry> out = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> out.put(name, Entry.of(bytes)));
        return out;
    }

    private static void zipTo(OutputStream out, SortedMap<String, Entry> sorted, Instant timestamp)
            throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, Entry> entry : sorted.entrySet()) {
            ZipEntry zipEntry = new ZipEntry(entry.getKey());
            // DOS time fields have no zone: write the instant's UTC wall clock, so the bytes do
            // not depend on the build machine's time zone (and add no extended timestamps).
            zipEntry.setTimeLocal(LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC));
            // Stored, not deflated: DEFLATE output differs between zlib builds (zlib, zlib-ng), so
            // a deflated archive's bytes would depend on the JDK; parameters barely compress anyway.
            long size = entry.getValue().size();
            zipEntry.setMethod(ZipEntry.STORED);
            zipEntry.setSize(size);
            zipEntry.setCompressedSize(size);
            zipEntry.setCrc(entry.getValue().crc());
            zip.putNextEntry(zipEntry);
            entry.getValue().writeTo(zip);
            zip.closeEntry();
        }
        zip.finish(); // the caller owns the stream
    }
}
