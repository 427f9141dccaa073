package io.github.transferml.transfer.cache;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.transferml.transfer.augment.ImageAugmenter;
import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.data.ImagePreprocessor;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.data.PreparedImages;
import io.github.transferml.transfer.engine.HostUpload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs every image once through preprocessing and, when given, the frozen part of the base (in
 * inference mode: BatchNorm uses its running statistics and updates nothing), and stores the
 * results in a {@link FeatureCache}. Images are prepared on a pool of threads ({@link
 * PreparedImages}) while the engine runs the previous batch.
 */
public final class FeatureExtractor {

    private final ImagePreprocessor preprocessor;
    private final Block frozen;
    private final List<Shape> rowShapes;
    private final CachePrecision precision;
    private final CacheBudget budget;
    private final Path workDirectory;
    private final Consumer<String> progress;
    private final int threads;

    /**
     * Threads that decode, augment and preprocess: one per core, up to 8. Rows come out in order
     * whatever the count ({@link PreparedImages}), so it may differ between machines.
     *
     * @return the thread count
     */
    public static int preparingThreads() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param preprocessor turns images into tensors
     * @param frozen the frozen prefix of the base, or {@code null} to cache the preprocessed images
     * @param rowShape the shape of one cached row (the prefix's output for one image)
     * @param precision how the caches store values
     * @param budget what all of the run's live caches may hold in memory
     * @param workDirectory where spill files go
     * @param progress receives progress lines
     */
    public FeatureExtractor(ImagePreprocessor preprocessor, Block frozen, Shape rowShape, CachePrecision precision,
            CacheBudget budget, Path workDirectory, Consumer<String> progress) {
        this(preprocessor, frozen, List.of(rowShape), precision, budget, workDirectory, progress);
    }

    /**
     * An extractor for a frozen block with several outputs, each cached apart: one pass through the
     * block fills them all (see {@link TappedBase}).
     *
     * @param preprocessor turns images into tensors
     * @param frozen the frozen block; its outputs, in order, are the rows of {@link #extractEach}'s caches
     * @param rowShapes the shape of one row of each output
     * @param precision how the caches store values
     * @param budget what all of the run's live caches may hold in memory
     * @param workDirectory where spill files go
     * @param progress receives progress lines
     */
    public FeatureExtractor(ImagePreprocessor preprocessor, Block frozen, List<Shape> rowShapes,
            CachePrecision precision, CacheBudget budget, Path workDirectory, Consumer<String> progress) {
        this.preprocessor = preprocessor;
        this.frozen = frozen;
        this.rowShapes = List.copyOf(rowShapes);
        this.precision = precision;
        this.budget = budget;
        this.workDirectory = workDirectory;
        this.progress = progress;
        this.threads = preparingThreads();
    }

    /**
     * Computes the rows of every image.
     *
     * @param manager a manager for temporary arrays
     * @param images the images
     * @param what a name for progress lines, e.g. "training"
     * @return the cache, which the caller closes
     */
    public FeatureCache extract(NDManager manager, LabeledImages images, String what) {
        return extract(manager, images, what, null, 0);
    }

    /**
     * Computes the rows of every image, or of several augmented views of every image: row {@code i
     * × views + v} holds view v of image i, augmented with {@link ImageAugmenter#randomFor(long, int,
     * int)}, so the same seed always gives the same rows.
     *
     * @param manager a manager for temporary arrays
     * @param images the images
     * @param what a name for progress lines, e.g. "training"
     * @param augmenter augments each view, or null for the images as they are
     * @param seed seeds the augmentation
     * @return the cache, which the caller closes
     */
    public FeatureCache extract(NDManager manager, LabeledImages images, String what, ImageAugmenter augmenter,
            long seed) {
        return extractEach(manager, images, what, augmenter, seed).get(0);
    }

    /**
     * Computes the rows of every image (or view, as {@link #extract(NDManager, LabeledImages, String,
     * ImageAugmenter, long)} lays them out) for each output of the frozen block, in one pass.
     *
     * @param manager a manager for temporary arrays
     * @param images the images
     * @param what a name for progress lines, e.g. "training"
     * @param augmenter augments each view, or null for the images as they are
     * @param seed seeds the augmentation
     * @return one cache per output, which the caller closes
     */
    public List<FeatureCache> extractEach(NDManager manager, LabeledImages images, String what,
            ImageAugmenter augmenter, long seed) {
        int n = images.size();
        int views = augmenter == null ? 1 : augmenter.getAugmentation().getCachedViews();
        int rows = Math.multiplyExact(n, views);
        List<FeatureCache> caches = new ArrayList<>();
        try {
            long bytes = 0;
            for (Shape rowShape : rowShapes) {
                FeatureCache cache = FeatureCache.create(rows, rowShape, precision, budget, workDirectory);
                caches.add(cache);
                bytes += cache.bytes();
            }
            boolean spilled = caches.stream().anyMatch(FeatureCache::isSpilled);
            // float32 says nothing, so the line reads as it always did
            progress.accept(String.format(Locale.ROOT, "Caching %s %s: %,d %s, %,d MB%s %s",
                    frozen == null ? "inputs of" : "features of", what, rows,
                    views == 1 ? "images" : "augmented views", bytes >> 20,
                    precision == CachePrecision.FLOAT32 ? "" : " (" + precision.pomName() + ")",
                    spilled ? "on disk in " + workDirectory : "in memory"));
            ParameterStore parameters = new ParameterStore(manager, false);
            Shape imageShape = preprocessor.getSpec().imageShape();
            int batchSize = frozen == null ? FrozenPass.MAX_BATCH : FrozenPass.batchSize(frozen, imageShape);
            long start = System.nanoTime();
            long waiting = 0;
            int nextReport = Math.max(1, rows / 4);
            try (FrozenPass pass = frozen == null ? null : FrozenPass.of(frozen);
                    PreparedImages prepared = new PreparedImages(images, augmenter, seed, preprocessor,
                            manager.getEngine().getEngineName(), threads)) {
                if (pass != null && (pass.foldedBatchNorms() > 0 || pass.channelsLast())) {
                    progress.accept(String.format(Locale.ROOT, "The frozen pass runs %d BatchNorms folded into the"
                            + " convolutions before them%s (inference mode; the archive keeps the base's own)",
                            pass.foldedBatchNorms(), pass.channelsLast() ? ", images laid out channels-last" : ""));
                }
                for (int from = 0; from < rows; from += batchSize) {
                    int to = Math.min(rows, from + batchSize);
                    long waitStart = System.nanoTime();
                    float[] values = prepared.nextBatch(to - from);
                    waiting += System.nanoTime() - waitStart;
                    try (NDManager scope = manager.newSubManager()) {
                        Shape shape = new Shape(to - from).addAll(imageShape);
                        NDList batch = new NDList(HostUpload.floats(scope, values, shape));
                        if (frozen != null) {
                            batch = pass.forward(parameters, batch);
                        }
                        if (batch.size() != caches.size()) {
                            throw new IllegalStateException(batch.size() + " outputs for " + caches.size() + " caches");
                        }
                        for (int i = 0; i < caches.size(); i++) {
                            caches.get(i).put(from, batch.get(i));
                        }
                    }
                    if (to >= nextReport || to == rows) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        progress.accept(String.format(Locale.ROOT,
                                "Caching %s %s: %d/%d %s (%d%%), %.0f images/s; %.1f s waiting for images"
                                        + " prepared on %d thread%s",
                                frozen == null ? "inputs of" : "features of", what, to, rows,
                                views == 1 ? "images" : "augmented views", 100L * to / rows, to / seconds,
                                waiting / 1e9, threads, threads == 1 ? "" : "s"));
                        nextReport = to + Math.max(1, rows / 4);
                    }
                }
            }
            return caches;
        } catch (RuntimeException e) {
            caches.forEach(FeatureCache::close);
            throw e;
        }
    }
}
