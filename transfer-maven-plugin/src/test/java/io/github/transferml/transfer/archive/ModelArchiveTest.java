package io.github.transferml.transfer.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {

    private static final Instant WHEN = Instant.parse("2026-01-01T10:20:30Z");

    @TempDir
    Path dir;

    private static Map<String, byte[]> entries(String... namesAndTexts) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            entries.put(namesAndTexts[i], namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    private static List<ZipEntry> read(byte[] zip, Map<String, String> contents) throws IOException {
        List<ZipEntry> list = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                list.add(entry);
                contents.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return list;
    }

    @Test
    void zip_should_sort_entries_by_name() throws IOException {
        Map<String, String> contents = new HashMap<>();

        List<ZipEntry> entries = read(ModelArchive.zip(entries("synset.txt", "a\nb\n", "model-0000.params", "P",
                "serving.properties", "k=v\n", "META-INF/x", "x"), WHEN), contents);

        assertEquals(List.of("META-INF/x", "model-0000.params", "serving.properties", "synset.txt"),
                entries.stream().map(ZipEntry::getName).toList());
        assertEquals("a\nb\n", contents.get("synset.txt"));
        assertEquals("P", contents.get("model-0000.params"));
    }

    @Test
    void zip_should_stamp_every_entry_with_the_given_time_and_nothing_else() throws IOException {
        List<ZipEntry> entries = read(ModelArchive.zip(entries("b", "1", "a", "2", "c/d", "3"), WHEN), new HashMap<>());

        for (ZipEntry entry : entries) {
            assertEquals(LocalDateTime.ofInstant(WHEN, ZoneOffset.UTC), entry.getTimeLocal(), entry.getName());
            assertNull(entry.getExtra(), entry.getName());
            assertNull(entry.getCreationTime(), entry.getName());
            assertNull(entry.getLastAccessTime(), entry.getName());
        }
    }

    @Test
    void zip_should_store_entries_uncompressed_so_no_zlib_build_changes_the_bytes() throws IOException {
        byte[] zeros = new byte[4096];
        byte[] zip = ModelArchive.zip(Map.of("model-0000.params", zeros, "synset.txt", "a\nb\n".getBytes(
                StandardCharsets.UTF_8)), WHEN);
        Map<String, String> contents = new HashMap<>();

        List<ZipEntry> entries = read(zip, contents);

        for (ZipEntry entry : entries) {
            assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
        }
        assertEquals("a\nb\n", contents.get("synset.txt"));
        assertTrue(zip.length > zeros.length, "4 KiB of zeros are stored as they are");
    }

    @Test
    void zip_should_give_identical_bytes_for_the_same_entries_in_any_order() throws IOException {
        byte[] first = ModelArchive.zip(entries("a", "1", "b", "2", "c", "3"), WHEN);
        byte[] second = ModelArchive.zip(entries("c", "3", "a", "1", "b", "2"), WHEN);
        byte[] later = ModelArchive.zip(entries("a", "1", "b", "2", "c", "3"), WHEN.plusSeconds(3600));

        assertArrayEquals(first, second);
        assertEquals(false, java.util.Arrays.equals(first, later));
    }

    @Test
    void write_should_give_identical_files_for_the_same_entries() throws IOException {
        Path one = dir.resolve("one/model.zip");
        Path two = dir.resolve("two/model.zip");

        ModelArchive.write(one, entries("a", "1", "b", "2"), WHEN);
        ModelArchive.write(two, entries("b", "2", "a", "1"), WHEN);

        assertEquals(-1, Files.mismatch(one, two));
        assertArrayEquals(ModelArchive.zip(entries("a", "1", "b", "2"), WHEN), Files.readAllBytes(one));
    }

    @Test
    void a_file_entry_should_stream_into_the_same_bytes_as_its_content_in_memory() throws IOException {
        byte[] parameters = new byte[300_000];
        new java.util.Random(3).nextBytes(parameters);
        Path file = Files.write(dir.resolve("model-0000.params"), parameters);
        Path target = dir.resolve("out/model.zip");

        ModelArchive.writeEntries(target, Map.of("model-0000.params", ModelArchive.Entry.of(file),
                "synset.txt", ModelArchive.Entry.of("a\nb\n".getBytes())), WHEN);

        assertArrayEquals(ModelArchive.zip(Map.of("model-0000.params", parameters, "synset.txt", "a\nb\n".getBytes()),
                WHEN), Files.readAllBytes(target));
    }

    @Test
    void write_should_replace_an_existing_archive() throws IOException {
        Path target = dir.resolve("model.zip");
        ModelArchive.write(target, entries("old", "1"), WHEN);

        ModelArchive.write(target, entries("new", "2"), WHEN);

        assertArrayEquals(ModelArchive.zip(entries("new", "2"), WHEN), Files.readAllBytes(target));
        assertEquals(List.of(target), list(dir));
    }

    @Test
    void write_should_leave_the_previous_archive_and_no_temporary_file_when_zipping_fails() throws IOException {
        Path target = dir.resolve("model.zip");
        ModelArchive.write(target, entries("a", "1"), WHEN);
        byte[] before = Files.readAllBytes(target);
        Map<String, byte[]> broken = new HashMap<>(entries("b", "2"));
        broken.put("c", null);

        assertThrows(NullPointerException.class, () -> ModelArchive.write(target, broken, WHEN));

        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of(target), list(dir));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
