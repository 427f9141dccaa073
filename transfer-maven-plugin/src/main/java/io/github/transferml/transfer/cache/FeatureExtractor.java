package io.github.transferml.transfer.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.transferml.transfer.data.ImagePreprocessor;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.data.LabeledImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs every image once through preprocessing and, when given, the frozen part of the base (in
 * inference mode: BatchNorm uses its running statistics and updates nothing), and stores the
 * results in a {@link FeatureCache}.
 */
public final class FeatureExtractor {

    private static final int BATCH = 64;

    private final ImagePreprocessor preprocessor;
    private final Block frozen;
    private final Shape rowShape;
    private final long memoryBudgetBytes;
    private final Path workDirectory;
    private final Consumer<String> progress;

    /**
     * @param preprocessor turns images into tensors
     * @param frozen the frozen prefix of the base, or {@code null} to cache the preprocessed images
     * @param rowShape the shape of one cached row (the prefix's output for one image)
     * @param memoryBudgetBytes the in-memory budget of each cache
     * @param workDirectory where spill files go
     * @param progress receives progress lines
     */
    public FeatureExtractor(ImagePreprocessor preprocessor, Block frozen, Shape rowShape,
            long memoryBudgetBytes, Path workDirectory, Consumer<String> progress) {
        this.preprocessor = preprocessor;
        this.frozen = frozen;
        this.rowShape = rowShape;
        this.memoryBudgetBytes = memoryBudgetBytes;
        this.workDirectory = workDirectory;
        this.progress = progress;
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
        int n = images.size();
        FeatureCache cache = FeatureCache.create(n, rowShape, memoryBudgetBytes, workDirectory);
        try {
            ParameterStore parameters = new ParameterStore(manager, false);
            long start = System.nanoTime();
            int nextReport = Math.max(1, n / 4);
            for (int from = 0; from < n; from += BATCH) {
                int to = Math.min(n, from + BATCH);
                try (NDManager scope = manager.newSubManager()) {
                    List<NDArray> tensors = new ArrayList<>(to - from);
                    for (LabeledImage image : images.images().subList(from, to)) {
                        tensors.add(preprocessor.apply(scope, image.decode()));
                    }
                    NDArray batch = NDArrays.stack(new NDList(tensors));
                    if (frozen != null) {
                        batch = frozen.forward(parameters, new NDList(batch), false).singletonOrThrow();
                    }
                    cache.put(from, batch);
                }
                if (to >= nextReport || to == n) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    progress.accept(String.format(Locale.ROOT, "Caching %s %s: %d/%d images (%d%%), %.0f images/s",
                            frozen == null ? "inputs of" : "features of", what, to, n, 100L * to / n, to / seconds));
                    nextReport = to + Math.max(1, n / 4);
                }
            }
            return cache;
        } catch (RuntimeException e) {
            cache.close();
            throw e;
        }
    }
}
