package io.github.transferml.transfer.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.transferml.transfer.augment.ImageAugmenter;
import io.github.transferml.transfer.data.ImagePreprocessor;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.data.PreparedImages;
import io.github.transferml.transfer.engine.HostUpload;
import java.util.NoSuchElementException;

/**
 * Rows computed from the images every epoch instead of cached: each epoch decodes and preprocesses
 * the images again (on {@link PreparedImages}' threads, ahead of the engine), draws fresh seeded
 * augmentations (as Keras augments on the fly), and runs the frozen block, if any, in inference
 * mode. Nothing is kept in memory or on disk but the batches in flight, so what a phase that trains
 * from pixels holds no longer grows with the data.
 *
 * <p>The rows are laid out as a cache of V views lays them out (row {@code i × V + v} is a view of
 * image i), so an epoch has as many steps as a cached phase's: in epoch e, row {@code i × V + v} is
 * view {@code e × V + v} of image i. Epoch 0 is therefore exactly what a cache holds, and every
 * later epoch brings V views not seen before. Without augmentation every epoch is the cache's rows.
 */
public final class StreamedRows implements TrainingRows {

    private final LabeledImages images;
    private final int views;
    private final ImageAugmenter augmenter;
    private final long seed;
    private final ImagePreprocessor preprocessor;
    private final Block frozen;
    private final Shape rowShape;
    private final String engine;
    private final int threads;

    /**
     * @param images the images, one row each
     * @param augmenter augments every row, with its views per image, fresh each epoch; or null for the
     *     images as they are, one row each
     * @param seed seeds the augmentation
     * @param preprocessor turns an image into the network's input
     * @param frozen a frozen block the preprocessed images go through, or null for the images themselves
     * @param rowShape the shape of one row: the frozen block's output for one image, or the image's
     * @param engine the engine that preprocesses
     * @param threads how many threads prepare images, at least 1
     */
    public StreamedRows(LabeledImages images, ImageAugmenter augmenter, long seed, ImagePreprocessor preprocessor,
            Block frozen, Shape rowShape, String engine, int threads) {
        this.images = images;
        this.views = augmenter == null ? 1 : augmenter.getAugmentation().getCachedViews();
        this.augmenter = augmenter;
        this.seed = seed;
        this.preprocessor = preprocessor;
        this.frozen = frozen;
        this.rowShape = rowShape;
        this.engine = engine;
        this.threads = threads;
    }

    @Override
    public int rows() {
        return images.size() * views;
    }

    @Override
    public Shape rowShape() {
        return rowShape;
    }

    @Override
    public long bytes() {
        return 0;
    }

    @Override
    public boolean isSpilled() {
        return false;
    }

    @Override
    public boolean isStreamed() {
        return true;
    }

    @Override
    public Batches batches(int[] order, int batchSize, int epoch) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
        int[] imageOf = new int[order.length];
        int[] viewOf = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            if (order[k] < 0 || order[k] >= rows()) {
                throw new IndexOutOfBoundsException("row " + order[k] + " of " + rows());
            }
            imageOf[k] = order[k] / views;
            viewOf[k] = Math.addExact(Math.multiplyExact(epoch, views), order[k] % views);
        }
        PreparedImages prepared = PreparedImages.epoch(images, imageOf, viewOf, augmenter, seed, preprocessor,
                engine, threads);
        Shape imageShape = preprocessor.getSpec().imageShape();
        // folded from the frozen block's parameters once an epoch: they do not change while it runs
        FrozenPass pass;
        try {
            pass = frozen == null ? null : FrozenPass.of(frozen);
        } catch (RuntimeException e) {
            prepared.close();
            throw e;
        }
        return new Batches() {
            private int left = order.length;

            @Override
            public NDArray next(NDManager manager) {
                if (left == 0) {
                    throw new NoSuchElementException("all " + order.length + " rows were read");
                }
                int n = Math.min(batchSize, left);
                left -= n;
                NDArray x = HostUpload.floats(manager, prepared.nextBatch(n), new Shape(n).addAll(imageShape));
                if (frozen == null) {
                    return x;
                }
                // in inference mode, outside any gradient collector: the frozen block learns nothing
                return pass.forward(new ParameterStore(manager, false), new NDList(x)).singletonOrThrow();
            }

            @Override
            public void close() {
                prepared.close();
                if (pass != null) {
                    pass.close();
                }
            }
        };
    }

    /** Holds nothing to free. */
    @Override
    public void close() {}
}
