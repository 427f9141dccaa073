package io.github.transferml.transfer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Zips that expand far beyond their size, made in a fraction of a second, for tests and IT scripts. */
public final class ZipBombs {

    private static final int MB = 1 << 20;

    private ZipBombs() {}

    /**
     * Writes a zip with one deflated entry of {@code size} zeros whose central directory declares
     * {@code declared} bytes. Deflating gigabytes would take a while, so one megabyte is deflated
     * with a full flush, which leaves no history behind: every further megabyte deflates to the same
     * bytes, which are repeated.
     *
     * @param zip the zip to write
     * @param name the entry's name
     * @param size how many zeros the entry expands to (whole megabytes)
     * @param declared the size its headers declare
     * @return the zip
     * @throws IOException if it cannot be written
     */
    public static Path zerosZip(Path zip, String name, long size, long declared) throws IOException {
        byte[] zeros = new byte[MB];
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true); // fast: only 2 MiB are deflated
        byte[] first = deflate(deflater, zeros, Deflater.FULL_FLUSH);
        byte[] next = deflate(deflater, zeros, Deflater.FULL_FLUSH);
        deflater.finish();
        byte[] end = deflate(deflater, new byte[0], Deflater.NO_FLUSH);
        deflater.end();
        long megabytes = size / MB;
        CRC32 crc = new CRC32();
        for (long i = 0; i < megabytes; i++) {
            crc.update(zeros);
        }
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipArchiveEntry.DEFLATED);
        entry.setSize(declared);
        entry.setCompressedSize(first.length + (megabytes - 1) * next.length + end.length);
        entry.setCrc(crc.getValue());
        List<InputStream> parts = new ArrayList<>();
        parts.add(new ByteArrayInputStream(first));
        for (long i = 1; i < megabytes; i++) {
            parts.add(new ByteArrayInputStream(next));
        }
        parts.add(new ByteArrayInputStream(end));
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip);
                InputStream raw = new SequenceInputStream(Collections.enumeration(parts))) {
            out.addRawArchiveEntry(entry, raw);
        }
        return zip;
    }

    /** Deflates all of the input with a flush, or (after {@code finish()}) to the end of the stream. */
    private static byte[] deflate(Deflater deflater, byte[] input, int flush) {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 << 10];
        while (true) {
            int n = deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
            // A flush is complete when it leaves room in the buffer; the end, when the deflater says so.
            if (flush == Deflater.NO_FLUSH ? deflater.finished() : n < buffer.length) {
                return out.toByteArray();
            }
        }
    }
}
