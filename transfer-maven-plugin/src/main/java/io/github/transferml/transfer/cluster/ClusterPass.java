package io.github.transferml.transfer.cluster;

import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.cache.CacheBudget;
import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.config.PixelLimit;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.data.LabeledImages;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One pass of a frozen prefix over images on a cluster: row {@code i × views + v} is view v of image
 * i, augmented as {@link io.github.transferml.transfer.data.PreparedImages} augments it here.
 *
 * @param prefix the frozen prefix
 * @param images the images; their sources are {@link ClusterImage}s
 * @param what a name for progress lines, e.g. "training data"
 * @param input how images become input
 * @param limit the largest image to decode
 * @param augmentation the augmentation of each view, or null for the images as they are
 * @param seed seeds the augmentation
 * @param engine the engine the executors compute with
 * @param precision how the caches store values
 * @param budget what the run's live caches may hold in memory
 * @param workDirectory where caches spill
 * @param progress receives progress lines
 */
public record ClusterPass(FrozenPrefix prefix, LabeledImages images, String what, InputSpec input, PixelLimit limit,
        Augmentation augmentation, long seed, String engine, CachePrecision precision, CacheBudget budget,
        Path workDirectory, Consumer<String> progress) {

    /** @return how many rows each image gives */
    public int views() {
        return augmentation == null ? 1 : augmentation.getCachedViews();
    }
}
