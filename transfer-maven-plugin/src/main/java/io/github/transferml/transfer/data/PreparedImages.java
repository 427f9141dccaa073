package io.github.transferml.transfer.data;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDManager;
import io.github.transferml.transfer.augment.Downscale;
import io.github.transferml.transfer.augment.ImageAugmenter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes, augments (after shrinking a large image towards the input size) and preprocesses images
 * on a pool of threads and hands the rows out in order: for a cache, row {@code i × views + v} is
 * view v of image i; for an epoch of a stream, row k is the epoch's view of image {@code order[k]}
 * (each augmented with {@link ImageAugmenter#randomFor}). Each row is a pure function of its image,
 * seed and view, and the rows come out in the order asked for, so the result is the same for any
 * number of threads. At most {@code window} images are
 * in flight (back-pressure: a slow consumer holds a fixed amount of memory, never the data set),
 * and the next images are prepared while the consumer runs the engine on the current batch.
 */
public final class PreparedImages implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final LabeledImages images;
    /** The image of each job, or null for every image in turn. */
    private final int[] order;
    /** The first view of each job, or null for views from 0. */
    private final int[] viewOf;
    private final int jobs;
    /** Views per job, consecutive from its first. */
    private final int views;
    private final ImageAugmenter augmenter;
    private final long seed;
    private final ImagePreprocessor preprocessor;
    private final String engine;
    private final int threads;
    private final int window;
    private final ExecutorService pool;
    private final Deque<Future<float[][]>> pending = new ArrayDeque<>();
    private int submitted;
    private float[][] current;
    private int currentView;
    private int rowsLeft;

    /**
     * @param images the images
     * @param augmenter augments each view, or null for the images as they are (one view each)
     * @param seed seeds the augmentation
     * @param preprocessor turns an image into the network's input
     * @param engine the engine that preprocesses
     * @param threads how many threads prepare images, at least 1
     */
    public PreparedImages(LabeledImages images, ImageAugmenter augmenter, long seed, ImagePreprocessor preprocessor,
            String engine, int threads) {
        this(images, null, null, augmenter == null ? 1 : augmenter.getAugmentation().getCachedViews(), augmenter,
                seed, preprocessor, engine, threads);
    }

    /**
     * One epoch of a stream: row k is image {@code order[k]}, augmented as view {@code views[k]} (the
     * caller picks fresh views each epoch), or as it is without an augmenter.
     *
     * @param images the images
     * @param order which image each row is, in the order wanted (copied)
     * @param views which view each row is (copied)
     * @param augmenter augments each row, or null for the images as they are
     * @param seed seeds the augmentation
     * @param preprocessor turns an image into the network's input
     * @param engine the engine that preprocesses
     * @param threads how many threads prepare images, at least 1
     * @return the rows, which the caller closes
     */
    public static PreparedImages epoch(LabeledImages images, int[] order, int[] views, ImageAugmenter augmenter,
            long seed, ImagePreprocessor preprocessor, String engine, int threads) {
        if (views.length != order.length) {
            throw new IllegalArgumentException(views.length + " views for " + order.length + " rows");
        }
        for (int index : order) {
            if (index < 0 || index >= images.size()) {
                throw new IndexOutOfBoundsException("image " + index + " of " + images.size());
            }
        }
        return new PreparedImages(images, order.clone(), views.clone(), 1, augmenter, seed, preprocessor, engine,
                threads);
    }

    private PreparedImages(LabeledImages images, int[] order, int[] viewOf, int views, ImageAugmenter augmenter,
            long seed, ImagePreprocessor preprocessor, String engine, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.images = images;
        this.order = order;
        this.viewOf = viewOf;
        this.jobs = order == null ? images.size() : order.length;
        this.views = views;
        this.augmenter = augmenter;
        this.seed = seed;
        this.preprocessor = preprocessor;
        this.engine = engine;
        this.threads = threads;
        this.window = 4 * threads;
        this.rowsLeft = Math.multiplyExact(jobs, views);
        ThreadFactory named = task -> {
            Thread thread = new Thread(task, "transfer-images-" + POOLS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pool = Executors.newFixedThreadPool(threads, named);
    }

    /** @return how many threads prepare images */
    public int threads() {
        return threads;
    }

    /** @return how many rows: images (or the order's entries) times views */
    public int rows() {
        return jobs * views;
    }

    /**
     * The next rows, in order, one after the other in one array: a batch for the engine.
     *
     * @param count how many rows
     * @return {@code count} rows of {@code preprocessor}'s image shape
     * @throws DatasetException if an image cannot be decoded
     * @throws NoSuchElementException past the last row
     */
    public float[] nextBatch(int count) {
        int size = Math.toIntExact(preprocessor.getSpec().imageShape().size());
        float[] values = new float[Math.multiplyExact(count, size)];
        for (int i = 0; i < count; i++) {
            float[] row = next();
            if (row.length != size) {
                throw new IllegalStateException("preprocessing gave " + row.length + " values, not "
                        + preprocessor.getSpec().imageShape());
            }
            System.arraycopy(row, 0, values, i * size, size);
        }
        return values;
    }

    /**
     * The next row, in order.
     *
     * @return the preprocessed values, channels × height × width
     * @throws DatasetException if its image cannot be decoded
     * @throws NoSuchElementException after the last row
     */
    public float[] next() {
        if (rowsLeft == 0) {
            throw new NoSuchElementException("all " + rows() + " rows were read");
        }
        if (current == null || currentView == views) {
            while (submitted < jobs && pending.size() < window) {
                int index = order == null ? submitted : order[submitted];
                int firstView = viewOf == null ? 0 : viewOf[submitted];
                submitted++;
                pending.add(pool.submit(() -> prepare(index, firstView)));
            }
            current = await(pending.removeFirst());
            currentView = 0;
        }
        rowsLeft--;
        float[] row = current[currentView];
        current[currentView++] = null; // the consumer owns it now
        return row;
    }

    /**
     * Every view of one image this row asks for; the image is decoded once for all of them and, when augmented,
     * shrunk towards the input size first ({@link Downscale}).
     */
    private float[][] prepare(int index, int firstView) {
        return prepare(images.images().get(index), index, firstView, views, augmenter, seed, preprocessor, engine);
    }

    /**
     * Prepares views of one image exactly as a cache's rows are prepared: the code every path that
     * feeds a network uses, here and on a cluster's executors.
     *
     * @param example the image
     * @param index its index in its data set, which seeds its augmentation
     * @param firstView the first view
     * @param views how many consecutive views
     * @param augmenter augments each view, or null for the image as it is
     * @param seed seeds the augmentation
     * @param preprocessor turns an image into the network's input
     * @param engine the engine that preprocesses
     * @return one row per view, channels × height × width
     * @throws DatasetException if the image cannot be decoded
     */
    public static float[][] prepare(LabeledImage example, int index, int firstView, int views,
            ImageAugmenter augmenter, long seed, ImagePreprocessor preprocessor, String engine) {
        Image decoded = example.decode();
        if (augmenter != null) {
            decoded = Downscale.towards(decoded, preprocessor.getSpec().width(), preprocessor.getSpec().height());
        }
        float[][] rows = new float[views][];
        try (NDManager manager = NDManager.newBaseManager(engine)) {
            for (int view = firstView; view < firstView + views; view++) {
                Image image = augmenter == null ? decoded
                        : augmenter.apply(decoded, ImageAugmenter.randomFor(seed, index, view));
                rows[view - firstView] = preprocessor.apply(manager, image).toFloatArray();
            }
        }
        return rows;
    }

    private static float[][] await(Future<float[][]> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while preparing images");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops the threads; images still in flight are dropped. */
    @Override
    public void close() {
        pending.forEach(future -> future.cancel(true));
        pool.shutdownNow();
    }
}
