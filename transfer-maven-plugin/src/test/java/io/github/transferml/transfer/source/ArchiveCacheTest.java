package io.github.transferml.transfer.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.transferml.transfer.ZipBombs;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCacheTest {

    private static final int MB = 1 << 20;

    private static final String CRAFTED = " A model archive holds only files and directories with relative paths:"
            + " this one is corrupt or crafted. Use a model archive you trust, or rebuild this one from its files.";

    private static final String NO_LINKS = " Links are refused: one could lead later entries, or the model loader,"
            + " outside the extracted directory, and a model archive needs none. Replace the link by the file it"
            + " points to and rebuild the archive.";

    @TempDir
    Path dir;

    @Test
    void extract_should_write_the_files_of_a_zip() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("model/", new byte[0]);
        entries.put("model/serving.properties", bytes("engine=PyTorch\n"));
        entries.put("model/synset.txt", bytes("a\nb\n"));
        Path zip = zip(dir.resolve("model.zip"), entries);

        Path extracted = extract(zip, ExtractionLimits.DEFAULT);

        assertEquals(cache().resolve("cache/transfer").resolve(Sha256.of(zip)).resolve("model"), extracted);
        assertArrayEquals(bytes("a\nb\n"), Files.readAllBytes(extracted.resolve("model/synset.txt")));
        assertEquals(List.of(".", "model", "model/serving.properties", "model/synset.txt"), tree(extracted));
        assertEquals(extracted, extract(zip, ExtractionLimits.DEFAULT), "extracted once, then reused");
    }

    @Test
    void extract_should_write_the_files_of_a_tar_gz_even_with_long_names() throws Exception {
        String longName = "model/" + "a".repeat(120) + ".txt"; // a GNU long-name entry, read with commons-lang3
        Path tgz = tar(dir.resolve("model.tar.gz"), true, tar -> {
            file(tar, "model/serving.properties", bytes("engine=PyTorch\n"));
            file(tar, longName, bytes("long"));
        });

        Path extracted = extract(tgz, ExtractionLimits.DEFAULT);

        assertArrayEquals(bytes("long"), Files.readAllBytes(extracted.resolve(longName)));
        assertEquals(List.of(".", "model", longName, "model/serving.properties"), tree(extracted));
    }

    @Test
    void extract_should_refuse_an_entry_outside_the_target() throws Exception {
        Path zip = zip(dir.resolve("evil.zip"), Map.of("../evil", bytes("x")));

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(zip, ExtractionLimits.DEFAULT));

        assertEquals("Refusing to extract " + zip + ": entry '../evil' has a '..' segment, so it would be written"
                + " outside the directory it is extracted to." + CRAFTED, e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_a_parent_segment_written_with_backslashes() throws Exception {
        Path zip = unixZip(dir.resolve("evil.zip"), "model\\..\\..\\evil");

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(zip, ExtractionLimits.DEFAULT));

        assertEquals("Refusing to extract " + zip + ": entry 'model\\..\\..\\evil' has a '..' segment, so it would be"
                + " written outside the directory it is extracted to." + CRAFTED, e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_an_absolute_entry() throws Exception {
        Path outside = dir.resolve("outside/evil").toAbsolutePath(); // a /tmp/… path that must stay absent
        Path zip = zip(dir.resolve("evil.zip"), Map.of(outside.toString(), bytes("x")));

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(zip, ExtractionLimits.DEFAULT));

        assertEquals("Refusing to extract " + zip + ": entry '" + outside + "' has an absolute path, so it would be"
                + " written outside the directory it is extracted to." + CRAFTED, e.getMessage());
        assertFalse(Files.exists(outside));
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_an_entry_with_a_drive_letter() throws Exception {
        Path zip = unixZip(dir.resolve("evil.zip"), "C:\\Windows\\evil.dll");

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(zip, ExtractionLimits.DEFAULT));

        assertEquals("Refusing to extract " + zip + ": entry 'C:\\Windows\\evil.dll' has an absolute path, so it would"
                + " be written outside the directory it is extracted to." + CRAFTED, e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_an_absolute_tar_entry() throws Exception {
        Path outside = dir.resolve("outside/evil").toAbsolutePath();
        Path tar = tar(dir.resolve("evil.tar"), false, out -> file(out, outside.toString(), bytes("x")));

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(tar, ExtractionLimits.DEFAULT));

        assertEquals("Refusing to extract " + tar + ": entry '" + outside + "' has an absolute path, so it would be"
                + " written outside the directory it is extracted to." + CRAFTED, e.getMessage());
        assertFalse(Files.exists(outside));
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_a_zip_symbolic_link() throws Exception {
        Path zip = dir.resolve("link.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            ZipArchiveEntry link = new ZipArchiveEntry("link");
            link.setUnixMode(0120777);
            out.putArchiveEntry(link);
            out.write(bytes("/etc/passwd"));
            out.closeArchiveEntry();
        }

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(zip, ExtractionLimits.DEFAULT));

        assertEquals("Refusing to extract " + zip + ": entry 'link' is a symbolic link." + NO_LINKS, e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_a_tar_symbolic_link() throws Exception {
        Path tgz = tar(dir.resolve("link.tgz"), true, out -> {
            file(out, "model/serving.properties", bytes("engine=PyTorch\n"));
            TarArchiveEntry link = new TarArchiveEntry("model/link", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        });

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(tgz, ExtractionLimits.DEFAULT));

        assertEquals("Refusing to extract " + tgz + ": entry 'model/link' is a symbolic link (to '/etc/passwd')."
                + NO_LINKS, e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_a_tar_hard_link() throws Exception {
        Path tar = tar(dir.resolve("link.tar"), false, out -> {
            TarArchiveEntry link = new TarArchiveEntry("hard", TarConstants.LF_LINK);
            link.setLinkName("/etc/passwd");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        });

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(tar, ExtractionLimits.DEFAULT));

        assertEquals("Refusing to extract " + tar + ": entry 'hard' is a hard link (to '/etc/passwd')." + NO_LINKS,
                e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_a_tar_device() throws Exception {
        Path tar = tar(dir.resolve("device.tar"), false, out -> {
            out.putArchiveEntry(new TarArchiveEntry("null", TarConstants.LF_CHR));
            out.closeArchiveEntry();
        });

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(tar, ExtractionLimits.DEFAULT));

        assertEquals("Refusing to extract " + tar + ": entry 'null' is a character device." + CRAFTED, e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_more_zip_entries_than_the_cap_before_writing() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            entries.put("file" + i, bytes("x"));
        }
        Path zip = zip(dir.resolve("many.zip"), entries);

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(zip, new ExtractionLimits(ExtractionLimits.DEFAULT_MAX_BYTES, 3)));

        assertEquals("Refusing to extract " + zip + ": it holds more than 3 entries, the cap for a model archive, which"
                + " holds a handful of files: this one is corrupt or crafted to exhaust the file system. Nothing was"
                + " extracted. Use a model archive you trust.", e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_more_tar_entries_than_the_cap_and_delete_what_it_wrote() throws Exception {
        Path tar = tar(dir.resolve("many.tar"), false, out -> {
            for (int i = 0; i < 4; i++) {
                file(out, "file" + i, bytes("x"));
            }
        });

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(tar, new ExtractionLimits(ExtractionLimits.DEFAULT_MAX_BYTES, 3)));

        assertEquals("Refusing to extract " + tar + ": it holds more than 3 entries, the cap for a model archive, which"
                + " holds a handful of files: this one is corrupt or crafted to exhaust the file system. What was"
                + " extracted has been deleted. Use a model archive you trust.", e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_a_zip_declaring_more_than_the_cap_before_writing() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.bin", new byte[700 << 10]);
        entries.put("b.bin", new byte[800 << 10]);
        Path zip = zip(dir.resolve("large.zip"), entries);

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(zip, ExtractionLimits.ofMegabytes(1)));

        assertEquals("Refusing to extract " + zip + ": its entries declare 2 MB uncompressed, more than the cap of 1 MB;"
                + " the largest is 'b.bin' (819200 bytes). Nothing was extracted. If you trust this model, raise the"
                + " cap to at least 2 MB: <maxModelMb>2</maxModelMb> in the plugin's configuration, or"
                + " -Dtransfer.maxModelMb=2.", e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_refuse_a_tar_once_its_headers_pass_the_cap() throws Exception {
        Path tgz = tar(dir.resolve("large.tgz"), true, out -> {
            file(out, "a.bin", new byte[700 << 10]);
            file(out, "b.bin", new byte[800 << 10]);
        });

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(tgz, ExtractionLimits.ofMegabytes(1)));

        assertEquals("Refusing to extract " + tgz + ": its entries declare more than the cap of 1 MB uncompressed:"
                + " entry 'b.bin' (819200 bytes) brings them to 2 MB. What was extracted has been deleted. If you trust"
                + " this model, raise the cap to at least 2 MB: <maxModelMb>2</maxModelMb> in the plugin's"
                + " configuration, or -Dtransfer.maxModelMb=2.", e.getMessage());
        assertNothingCached();
    }

    @Test
    void extract_should_stop_at_the_cap_when_a_header_understates_the_size() throws Exception {
        // The central directory says 1000 bytes; the deflated data holds 3 MiB of zeros.
        Path zip = ZipBombs.zerosZip(dir.resolve("lying.zip"), "zeros.bin", 3 * MB, 1000);

        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> extract(zip, ExtractionLimits.ofMegabytes(1)));

        assertEquals("Refusing to extract " + zip + ": it expands to more than the cap of 1 MB, although its entries"
                + " declare 1000 bytes in all, so a header understates its entry's size (the cap was reached in entry"
                + " 'zeros.bin'). The archive is corrupt or crafted: extraction stopped at the cap, and nothing was"
                + " kept. Use a model archive you trust.", e.getMessage());
        assertNothingCached();
    }

    /** The reported case: 4 MiB of zip holding one 4 GiB entry of zeros, which DJL extracted whole. */
    @Test
    void extract_should_refuse_a_zip_of_4_gib_of_zeros_with_the_default_limits() throws Exception {
        long size = 4L << 30;
        long start = System.nanoTime();
        Path zip = ZipBombs.zerosZip(dir.resolve("zeros.zip"), "zeros.bin", size, size);
        long created = System.nanoTime();
        String sha256 = Sha256.of(zip);

        long refusing = System.nanoTime();
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> ArchiveCache.extract(zip, sha256, ExtractionLimits.DEFAULT, zip.toString(), cache()));
        long refused = System.nanoTime();
        System.out.printf("4 GiB zip of zeros: %d bytes on disk, created in %d ms, refused in %d ms%n",
                Files.size(zip), (created - start) / 1_000_000, (refused - refusing) / 1_000_000);

        assertEquals("Refusing to extract " + zip + ": its entries declare 4096 MB uncompressed, more than the cap of"
                + " 2048 MB; the largest is 'zeros.bin' (4096 MB). Nothing was extracted. If you trust this model,"
                + " raise the cap to at least 4096 MB: <maxModelMb>4096</maxModelMb> in the plugin's configuration,"
                + " or -Dtransfer.maxModelMb=4096.", e.getMessage());
        assertNothingCached();
        try (ZipFile read = ZipFile.builder().setPath(zip).get(); // the archive is real: a zip64 entry of zeros
                InputStream data = read.getInputStream(read.getEntry("zeros.bin"))) {
            assertEquals(size, read.getEntry("zeros.bin").getSize());
            assertArrayEquals(new byte[3 * MB], data.readNBytes(3 * MB));
        }
    }

    private Path cache() {
        return dir.resolve("djl-cache");
    }

    private Path extract(Path archive, ExtractionLimits limits) throws IOException {
        return ArchiveCache.extract(archive, Sha256.of(archive), limits, archive.toString(), cache());
    }

    /** Not a file, not an empty directory, not a temporary directory, nothing beside them: nothing. */
    private void assertNothingCached() throws IOException {
        Path transfer = cache().resolve("cache/transfer");
        assertEquals(List.of("."), Files.exists(transfer) ? tree(transfer) : List.of("."));
        assertEquals(List.of(".", "cache", "cache/transfer"), tree(cache()));
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> root.equals(p) ? "." : root.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Path zip(Path zip, Map<String, byte[]> entries) throws IOException {
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putArchiveEntry(new ZipArchiveEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeArchiveEntry();
            }
        }
        return zip;
    }

    /**
     * A zip of one entry marked as made on Unix, so that a backslash in its name stays a backslash:
     * commons-compress turns it into a slash in an entry made on DOS or Windows, when writing as when
     * reading, so the name is set once the entry is marked.
     */
    private static Path unixZip(Path zip, String name) throws IOException {
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            ZipArchiveEntry entry = new ZipArchiveEntry("placeholder") {
                {
                    setUnixMode(0100644);
                    setName(name);
                }
            };
            out.putArchiveEntry(entry);
            out.write(bytes("x"));
            out.closeArchiveEntry();
        }
        return zip;
    }

    /** What a test writes into a tar. */
    private interface TarContent {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static Path tar(Path path, boolean gzip, TarContent content) throws IOException {
        try (OutputStream file = Files.newOutputStream(path);
                OutputStream raw = gzip ? new GZIPOutputStream(file) : file;
                TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            content.write(tar);
        }
        return path;
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true); // true: keep an absolute name as it is
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

}
