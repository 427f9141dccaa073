package io.github.transferml.transfer.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.engine.HostUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Rows of floats computed once (the frozen base's output for every image or augmented view) and
 * read many times, one mini-batch at a time. The rows stay in memory while
 * they fit the budget and otherwise spill to a temporary file that is deleted on {@link #close()}.
 * They are stored at the cache's {@link CachePrecision}: float32 as given, or float16 (rounded when
 * put, widened back to float32 when gathered) in half the memory and disk.
 */
public final class FeatureCache implements TrainingRows {

    /** How spill files are named in the work directory. */
    private static final String SPILL_PREFIX = "features-";
    private static final String SPILL_SUFFIX = ".bin";

    private final int rows;
    private final Shape rowShape;
    private final int rowSize;
    private final CachePrecision precision;
    /** The rows in memory at float32, or null. */
    private final float[] floats;
    /** The rows in memory at float16, or null. */
    private final short[] halves;
    private final Path spillFile;
    private final FileChannel channel;
    /** The budget an in-memory cache holds a share of until it closes, or null. */
    private CacheBudget share;

    private FeatureCache(int rows, Shape rowShape, CachePrecision precision, boolean inMemory, Path spillFile,
            FileChannel channel) {
        this.rows = rows;
        this.rowShape = rowShape;
        this.rowSize = Math.toIntExact(rowShape.size());
        this.precision = precision;
        int values = inMemory ? rows * rowSize : 0;
        this.floats = inMemory && precision == CachePrecision.FLOAT32 ? new float[values] : null;
        this.halves = inMemory && precision == CachePrecision.FLOAT16 ? new short[values] : null;
        this.spillFile = spillFile;
        this.channel = channel;
    }

    /**
     * Creates an empty float32 cache.
     *
     * @param rows the number of rows
     * @param rowShape the shape of one row
     * @param memoryBudgetBytes the most bytes to hold in memory
     * @param workDirectory where a spill file goes
     * @return the cache
     */
    public static FeatureCache create(int rows, Shape rowShape, long memoryBudgetBytes, Path workDirectory) {
        return create(rows, rowShape, CachePrecision.FLOAT32, memoryBudgetBytes, workDirectory);
    }

    /**
     * Creates an empty cache.
     *
     * @param rows the number of rows
     * @param rowShape the shape of one row
     * @param precision how values are stored
     * @param memoryBudgetBytes the most bytes to hold in memory
     * @param workDirectory where a spill file goes
     * @return the cache
     */
    public static FeatureCache create(int rows, Shape rowShape, CachePrecision precision, long memoryBudgetBytes,
            Path workDirectory) {
        return create(rows, rowShape, precision, CacheBudget.of(memoryBudgetBytes), workDirectory);
    }

    /**
     * Creates an empty float32 cache, in memory if the run's budget has room for it, else in a spill file.
     *
     * @param rows the number of rows
     * @param rowShape the shape of one row
     * @param budget what all live caches may hold in memory; an in-memory cache holds its share until closed
     * @param workDirectory where a spill file goes
     * @return the cache
     */
    public static FeatureCache create(int rows, Shape rowShape, CacheBudget budget, Path workDirectory) {
        return create(rows, rowShape, CachePrecision.FLOAT32, budget, workDirectory);
    }

    /**
     * Creates an empty cache, in memory if the run's budget has room for it, else in a spill file.
     *
     * @param rows the number of rows
     * @param rowShape the shape of one row
     * @param precision how values are stored; the budget and the disk check count its real size
     * @param budget what all live caches may hold in memory; an in-memory cache holds its share until closed
     * @param workDirectory where a spill file goes
     * @return the cache
     */
    public static FeatureCache create(int rows, Shape rowShape, CachePrecision precision, CacheBudget budget,
            Path workDirectory) {
        long bytes = rows * rowShape.size() * precision.bytesPerValue();
        if (rows * rowShape.size() <= Integer.MAX_VALUE - 8 && budget.reserve(bytes)) {
            FeatureCache cache = new FeatureCache(rows, rowShape, precision, true, null, null);
            cache.share = budget;
            return cache;
        }
        try {
            Files.createDirectories(workDirectory);
            checkDiskSpace(rows, rowShape, precision, bytes, budget,
                    Files.getFileStore(workDirectory).getUsableSpace(), workDirectory);
            Path file = Files.createTempFile(workDirectory, SPILL_PREFIX, SPILL_SUFFIX);
            FileChannel channel =
                    FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            StandardOpenOption.DELETE_ON_CLOSE);
            return new FeatureCache(rows, rowShape, precision, false, file, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a feature cache file in " + workDirectory, e);
        }
    }

    /**
     * Fails before a spill file is filled if the disk cannot hold it, with the numbers and the
     * remedies, instead of failing hours later with a full disk.
     *
     * @param rows the rows
     * @param rowShape one row
     * @param precision how values are stored
     * @param bytes the cache's size
     * @param budget the memory budget that had no room for it
     * @param usable the bytes free for this JVM where it would spill
     * @param workDirectory where it would spill
     * @throws ConfigurationException naming {@code cacheMemoryMb} if the disk is too small
     */
    static void checkDiskSpace(int rows, Shape rowShape, CachePrecision precision, long bytes, CacheBudget budget,
            long usable, Path workDirectory) {
        if (bytes <= usable) {
            return;
        }
        boolean float32 = precision == CachePrecision.FLOAT32;
        throw new ConfigurationException("cacheMemoryMb", String.format(Locale.ROOT,
                "A feature cache of %,d rows of %s %s needs %,d MB. The memory budget has %,d of %,d MB left, so it"
                        + " would spill to %s, where only %,d MB are free. Free %,d MB there; or keep it in memory"
                        + " with a larger <cacheMemoryMb> and <jvmArgs>-Xmx…</jvmArgs> (caches take at most half"
                        + " the heap); or make it smaller: %sfewer <augmentation><views>, a smaller input size, a"
                        + " later cut point.",
                rows, rowShape, float32 ? "floats" : precision.pomName() + " values", mb(bytes),
                mb(budget.limit() - budget.used()), mb(budget.limit()), workDirectory.toAbsolutePath(), mb(usable),
                mb(bytes - usable) + 1, float32 ? "<cachePrecision>float16</cachePrecision> (half the size), " : ""));
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }

    /**
     * What {@link #removeStaleSpills} removed.
     *
     * @param files the spill files
     * @param bytes their size
     */
    public record StaleSpills(int files, long bytes) {}

    /**
     * Removes spill files that a build killed before its caches closed left in a work directory (a
     * closed cache deletes its own). A file another build still has open is harmless to remove on
     * POSIX systems (its owner keeps reading it) and cannot be removed on Windows (it is skipped).
     *
     * @param workDirectory where caches spill
     * @return what was removed
     * @throws IOException if the directory cannot be listed
     */
    public static StaleSpills removeStaleSpills(Path workDirectory) throws IOException {
        if (!Files.isDirectory(workDirectory)) {
            return new StaleSpills(0, 0);
        }
        int files = 0;
        long bytes = 0;
        try (DirectoryStream<Path> spills = Files.newDirectoryStream(workDirectory,
                SPILL_PREFIX + "*" + SPILL_SUFFIX)) {
            for (Path spill : spills) {
                try {
                    long size = Files.size(spill);
                    if (Files.deleteIfExists(spill)) {
                        files++;
                        bytes += size;
                    }
                } catch (IOException e) {
                    // in use by another build on Windows, or gone meanwhile: not ours to insist on
                }
            }
        }
        return new StaleSpills(files, bytes);
    }

    /** @return the number of rows */
    @Override
    public int rows() {
        return rows;
    }

    /** @return the shape of one row */
    @Override
    public Shape rowShape() {
        return rowShape;
    }

    /** @return how values are stored */
    public CachePrecision precision() {
        return precision;
    }

    /** @return the size of the cache in bytes, at its precision */
    @Override
    public long bytes() {
        return (long) rows * rowSize * precision.bytesPerValue();
    }

    /** @return whether the rows live in a temporary file rather than in memory */
    @Override
    public boolean isSpilled() {
        return floats == null && halves == null;
    }

    /** @return the spill file, or null when in memory */
    public Path spillFile() {
        return spillFile;
    }

    /**
     * The bytes written to the spill file so far. Asked of the open file: on Linux it has no name
     * once opened ({@code DELETE_ON_CLOSE}).
     *
     * @return the size, 0 when in memory
     */
    long spilledBytes() {
        try {
            return channel == null ? 0 : channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the size of the feature cache " + spillFile, e);
        }
    }

    /**
     * Stores consecutive rows, rounded to float16 if that is the cache's precision.
     *
     * @param firstRow the first row to write
     * @param batch an array of shape (n, rowShape...)
     */
    public void put(int firstRow, NDArray batch) {
        float[] values = batch.toFloatArray();
        if (values.length % rowSize != 0) {
            throw new IllegalArgumentException("Batch shape " + batch.getShape() + " does not hold rows of " + rowShape);
        }
        put(firstRow, values);
    }

    /**
     * Stores consecutive rows given as plain values (rows computed elsewhere, e.g. on a cluster).
     *
     * @param firstRow the first row to write
     * @param values whole rows, one after the other
     */
    public void put(int firstRow, float[] values) {
        if (values.length % rowSize != 0 || firstRow < 0 || firstRow + values.length / rowSize > rows) {
            throw new IllegalArgumentException(values.length + " values at row " + firstRow + " are not whole rows of "
                    + rowShape + " within " + rows + " rows");
        }
        if (floats != null) {
            System.arraycopy(values, 0, floats, firstRow * rowSize, values.length);
            return;
        }
        if (precision == CachePrecision.FLOAT16) {
            checkHalfRange(values);
        }
        if (halves != null) {
            Half.narrow(values, halves, firstRow * rowSize);
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(values.length * precision.bytesPerValue())
                .order(ByteOrder.nativeOrder());
        if (precision == CachePrecision.FLOAT32) {
            buffer.asFloatBuffer().put(values);
        } else {
            short[] narrowed = new short[values.length];
            Half.narrow(values, narrowed, 0);
            buffer.asShortBuffer().put(narrowed);
        }
        try {
            long position = (long) firstRow * rowSize * precision.bytesPerValue();
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the feature cache " + spillFile, e);
        }
    }

    /** A finite value that float16 would turn into infinity would wreck training silently: fail instead. */
    private static void checkHalfRange(float[] values) {
        for (float value : values) {
            if (Math.abs(value) >= Half.OVERFLOW && !Float.isInfinite(value)) {
                throw new ConfigurationException("cachePrecision", String.format(Locale.ROOT, "float16 holds values"
                        + " up to %.0f, but a cached value is %s. Use <cachePrecision>float32</cachePrecision>.",
                        Half.MAX_VALUE, value));
            }
        }
    }

    /**
     * Gathers rows into one float32 array (float16 rows widened back).
     *
     * @param manager the manager that owns the result
     * @param indices the rows, in the order wanted
     * @return an array of shape (indices.length, rowShape...)
     */
    public NDArray gather(NDManager manager, int[] indices) {
        float[] out = new float[indices.length * rowSize];
        if (floats != null) {
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(floats, indices[i] * rowSize, out, i * rowSize, rowSize);
            }
        } else if (halves != null) {
            for (int i = 0; i < indices.length; i++) {
                Half.widen(halves, indices[i] * rowSize, out, i * rowSize, rowSize);
            }
        } else {
            ByteBuffer row = ByteBuffer.allocate(rowSize * precision.bytesPerValue()).order(ByteOrder.nativeOrder());
            FloatBuffer rowFloats = row.asFloatBuffer();
            ShortBuffer rowHalves = row.asShortBuffer();
            short[] halfRow = precision == CachePrecision.FLOAT16 ? new short[rowSize] : null;
            try {
                for (int i = 0; i < indices.length; i++) {
                    row.clear();
                    long position = (long) indices[i] * rowSize * precision.bytesPerValue();
                    while (row.hasRemaining()) {
                        int n = channel.read(row, position + row.position());
                        if (n < 0) {
                            throw new IOException("unexpected end of file");
                        }
                    }
                    if (halfRow == null) {
                        rowFloats.rewind();
                        rowFloats.get(out, i * rowSize, rowSize);
                    } else {
                        rowHalves.rewind();
                        rowHalves.get(halfRow);
                        Half.widen(halfRow, 0, out, i * rowSize, rowSize);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the feature cache " + spillFile, e);
            }
        }
        return HostUpload.floats(manager, out, new Shape(indices.length).addAll(rowShape));
    }

    /** @return false: a cache's rows are computed once */
    @Override
    public boolean isStreamed() {
        return false;
    }

    /**
     * The cached rows in the given order; every epoch reads the same rows.
     *
     * @param order the rows, in the order the batches take them
     * @param batchSize rows per batch (the last may be smaller)
     * @param epoch ignored
     * @return the batches
     */
    @Override
    public Batches batches(int[] order, int batchSize, int epoch) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
        int[] rowsInOrder = order.clone();
        return new Batches() {
            private int from;

            @Override
            public NDArray next(NDManager manager) {
                if (from == rowsInOrder.length) {
                    throw new NoSuchElementException("all " + rowsInOrder.length + " rows were read");
                }
                int to = Math.min(rowsInOrder.length, from + batchSize);
                NDArray batch = gather(manager, Arrays.copyOfRange(rowsInOrder, from, to));
                from = to;
                return batch;
            }

            @Override
            public void close() {}
        };
    }

    /** Frees the memory or deletes the spill file. */
    @Override
    public void close() {
        if (share != null) {
            share.release(bytes());
            share = null; // once, however often closed
        }
        if (channel != null) {
            try {
                channel.close();
                Files.deleteIfExists(spillFile);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the feature cache " + spillFile, e);
            }
        }
    }
}
