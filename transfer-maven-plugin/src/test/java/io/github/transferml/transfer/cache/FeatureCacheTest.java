package io.github.transferml.transfer.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

    private static final int ROWS = 50;
    private static final Shape ROW = new Shape(3, 2, 2);
    private static final int ROW_SIZE = 12;

    @TempDir
    Path work;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Row r holds r*100 + 0..11, so every value says where it came from. */
    private void fill(FeatureCache cache) {
        for (int from = 0; from < ROWS; from += 16) {
            int n = Math.min(16, ROWS - from);
            float[] values = new float[n * ROW_SIZE];
            for (int i = 0; i < values.length; i++) {
                values[i] = (from + i / ROW_SIZE) * 100 + i % ROW_SIZE;
            }
            cache.put(from, manager.create(values, new Shape(n).addAll(ROW)));
        }
    }

    private static float[] expected(int[] rows) {
        float[] values = new float[rows.length * ROW_SIZE];
        for (int i = 0; i < values.length; i++) {
            values[i] = rows[i / ROW_SIZE] * 100 + i % ROW_SIZE;
        }
        return values;
    }

    @Test
    void removeStaleSpills_should_delete_only_the_spill_files_a_killed_build_left() throws IOException {
        Path other = Files.writeString(work.resolve(".fingerprint.json"), "{}");
        Files.write(work.resolve("features-123.bin"), new byte[1000]);
        Files.write(work.resolve("features-456.bin"), new byte[24]);

        FeatureCache.StaleSpills removed = FeatureCache.removeStaleSpills(work);

        assertEquals(new FeatureCache.StaleSpills(2, 1024), removed);
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(other), left.toList());
        }
        assertEquals(new FeatureCache.StaleSpills(0, 0), FeatureCache.removeStaleSpills(work.resolve("missing")));
    }

    @Test
    void create_should_keep_rows_in_memory_within_the_budget() {
        try (FeatureCache cache = FeatureCache.create(ROWS, ROW, ROWS * ROW_SIZE * Float.BYTES, work)) {
            assertFalse(cache.isSpilled());
            assertNull(cache.spillFile());
            assertEquals(ROWS * ROW_SIZE * Float.BYTES, cache.bytes());
        }
    }

    @Test
    void create_should_spill_to_a_file_beyond_the_budget() {
        try (FeatureCache cache = FeatureCache.create(ROWS, ROW, ROWS * ROW_SIZE * Float.BYTES - 1, work)) {
            assertTrue(cache.isSpilled());
            assertEquals(work, cache.spillFile().getParent());
        }
    }

    @Test
    void gather_should_give_the_same_rows_in_memory_and_spilled() {
        Random random = new Random(1);
        try (FeatureCache memory = FeatureCache.create(ROWS, ROW, 1L << 20, work);
                FeatureCache spilled = FeatureCache.create(ROWS, ROW, 0, work)) {
            fill(memory);
            fill(spilled);
            assertEquals(memory.bytes(), spilled.spilledBytes(), "4 bytes a value on disk");
            for (int round = 0; round < 5; round++) {
                int[] rows = random.ints(1 + random.nextInt(ROWS), 0, ROWS).toArray();

                NDArray fromMemory = memory.gather(manager, rows);
                NDArray fromFile = spilled.gather(manager, rows);

                assertEquals(new Shape(rows.length).addAll(ROW), fromMemory.getShape());
                assertEquals(fromMemory.getShape(), fromFile.getShape());
                assertArrayEquals(expected(rows), fromMemory.toFloatArray());
                assertArrayEquals(expected(rows), fromFile.toFloatArray());
            }
        }
    }

    @Test
    void close_should_leave_no_spill_file_behind() throws IOException {
        FeatureCache cache = FeatureCache.create(ROWS, ROW, 0, work);
        fill(cache);
        assertArrayEquals(expected(new int[] {49, 0}), cache.gather(manager, new int[] {49, 0}).toFloatArray());
        // The file is opened with DELETE_ON_CLOSE: on Linux it is unlinked at once (nothing is left even
        // if the JVM dies), elsewhere it is visible until close. Either way, nothing may remain after.

        cache.close();

        assertFalse(Files.exists(cache.spillFile()));
        assertEquals(List.of(), list(work));
    }

    @Test
    void create_should_make_the_work_directory_when_it_spills() {
        Path nested = work.resolve("a/b");
        try (FeatureCache cache = FeatureCache.create(2, ROW, 0, nested)) {
            assertTrue(Files.isDirectory(nested));
            assertEquals(nested, cache.spillFile().getParent());
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void a_cache_the_disk_cannot_hold_should_fail_before_it_is_filled(@TempDir Path dir) {
        // 1,000,000 rows of 3 x 224 x 224 floats: 560 GB, no room in a 1 MB budget, more than this disk.
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> FeatureCache.create(1_000_000, new Shape(3, 224, 224), CacheBudget.of(1 << 20), dir.resolve("w")));

        assertTrue(e.getMessage().startsWith("<cacheMemoryMb> A feature cache of"
                + " 1,000,000 rows of (3, 224, 224) floats needs 574,218 MB. The memory budget has 1 of 1 MB left,"
                + " so it would spill to " + dir.resolve("w")), e.getMessage());
        assertTrue(e.getMessage().contains("<augmentation><views>"), e.getMessage());
        assertEquals(0, dir.resolve("w").toFile().list().length, "no spill file");
    }

    @Test
    void the_disk_check_should_say_how_much_to_free() {
        CacheBudget budget = CacheBudget.of(100L << 20);
        assertTrue(budget.reserve(60L << 20));
        FeatureCache.checkDiskSpace(10, new Shape(4), CachePrecision.FLOAT32, 4000L << 20, budget, 4000L << 20,
                Path.of("w"));

        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> FeatureCache.checkDiskSpace(10, new Shape(4), CachePrecision.FLOAT32, 4000L << 20, budget,
                        3000L << 20, Path.of("w")));
        assertTrue(e.getMessage().contains("has 40 of 100 MB left"), e.getMessage());
        assertTrue(e.getMessage().contains("only 3,000 MB are free. Free 1,001 MB"),
                e.getMessage());
        assertTrue(e.getMessage().contains("make it smaller: <cachePrecision>float16</cachePrecision> (half the"
                + " size), fewer <augmentation><views>"), e.getMessage());
    }

    @Test
    void the_disk_check_should_count_a_float16_cache_at_its_real_size(@TempDir Path dir) {
        // 1,000,000 rows of 3 x 224 x 224 halves: 287,109 MB, still more than this disk.
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> FeatureCache.create(1_000_000, new Shape(3, 224, 224), CachePrecision.FLOAT16,
                        CacheBudget.of(1 << 20), dir.resolve("w")));

        assertTrue(e.getMessage().startsWith("<cacheMemoryMb> A feature cache of 1,000,000 rows of (3, 224, 224)"
                + " float16 values needs 287,109 MB."), e.getMessage());
        assertTrue(e.getMessage().contains("make it smaller: fewer <augmentation><views>"), e.getMessage());
    }

    /** The values {@link #fill} puts, as float16 keeps them. */
    private static float[] expectedHalves(int[] rows) {
        float[] values = expected(rows);
        for (int i = 0; i < values.length; i++) {
            values[i] = Half.toFloat(Half.fromFloat(values[i]));
        }
        return values;
    }

    @Test
    void float16_should_give_the_rounded_rows_in_memory_and_spilled_in_half_the_bytes() {
        long float32Bytes = (long) ROWS * ROW_SIZE * Float.BYTES;
        CacheBudget budget = CacheBudget.of(float32Bytes / 2);
        try (FeatureCache memory = FeatureCache.create(ROWS, ROW, CachePrecision.FLOAT16, budget, work);
                FeatureCache spilled = FeatureCache.create(ROWS, ROW, CachePrecision.FLOAT16, 0, work)) {
            assertFalse(memory.isSpilled(), "half of float32's size fits a budget of half");
            assertEquals(float32Bytes / 2, budget.used(), "the budget holds the real size");
            assertTrue(spilled.isSpilled());
            assertEquals(CachePrecision.FLOAT16, memory.precision());
            assertEquals(float32Bytes / 2, memory.bytes());
            assertEquals(float32Bytes / 2, spilled.bytes());
            fill(memory);
            fill(spilled);
            assertEquals(float32Bytes / 2, spilled.spilledBytes(), "2 bytes a value on disk");

            int[] rows = {49, 0, 7, 7, 31};
            float[] fromMemory = memory.gather(manager, rows).toFloatArray();
            float[] fromFile = spilled.gather(manager, rows).toFloatArray();

            assertArrayEquals(expectedHalves(rows), fromMemory);
            assertArrayEquals(expectedHalves(rows), fromFile);
            // Row 49 holds 4900..4911: float16 keeps 11 significant bits, so steps of 4 up there.
            assertEquals(4900f, fromMemory[0]);
            assertEquals(4900f, fromMemory[1], "4901 rounds to 4900");
            assertEquals(4904f, fromMemory[2], "4902 is halfway between 4900 and 4904: to the even one");
            float[] exact = expected(rows);
            for (int i = 0; i < exact.length; i++) {
                assertTrue(Math.abs(fromFile[i] - exact[i]) <= Math.abs(exact[i]) * 0x1p-11f, "within 2^-11");
            }
        }
        assertEquals(0, budget.used(), "closing gives the share back");
    }

    @Test
    void float16_should_refuse_a_finite_value_it_would_make_infinite() {
        float[] values = new float[ROW_SIZE];
        values[3] = 65519f; // rounds to 65504
        values[4] = Float.NEGATIVE_INFINITY; // infinite already: kept
        try (FeatureCache cache = FeatureCache.create(2, ROW, CachePrecision.FLOAT16, 1L << 20, work)) {
            cache.put(0, manager.create(values, new Shape(1).addAll(ROW)));
            float[] row = cache.gather(manager, new int[] {0}).toFloatArray();
            assertEquals(65504f, row[3]);
            assertEquals(Float.NEGATIVE_INFINITY, row[4]);

            values[5] = -1e5f;
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> cache.put(1, manager.create(values, new Shape(1).addAll(ROW))));
            assertEquals("<cachePrecision> float16 holds values up to 65504, but a cached value is -100000.0."
                    + " Use <cachePrecision>float32</cachePrecision>.", e.getMessage());
        }
    }

    @Test
    void float32_should_stay_bit_for_bit_as_put() {
        float[] values = new float[2 * ROW_SIZE];
        Random random = new Random(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt()); // any bits, NaNs and subnormals included
        }
        try (FeatureCache memory = FeatureCache.create(2, ROW, CachePrecision.FLOAT32, 1L << 20, work);
                FeatureCache spilled = FeatureCache.create(2, ROW, 0, work)) {
            memory.put(0, manager.create(values, new Shape(2).addAll(ROW)));
            spilled.put(0, manager.create(values, new Shape(2).addAll(ROW)));
            assertEquals(2 * ROW_SIZE * Float.BYTES, memory.bytes());

            float[] a = memory.gather(manager, new int[] {0, 1}).toFloatArray();
            float[] b = spilled.gather(manager, new int[] {0, 1}).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(a[i]));
                assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(b[i]));
            }
        }
    }
}
