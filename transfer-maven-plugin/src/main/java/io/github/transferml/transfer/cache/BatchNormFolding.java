package io.github.transferml.transfer.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The convolutions of a frozen block that a BatchNorm follows, with that BatchNorm folded into
 * their weights and bias, for one frozen pass.
 *
 * <p>Why: in inference mode a BatchNorm is a per-channel affine map, {@code y = a·x + b}, and a
 * convolution is linear, so {@code bn(conv(x, w) + c) = conv(x, a·w) + a·c + b}: one pass over
 * the activation instead of two, exact up to rounding. The folded weights are this pass's own
 * copies: the block's parameters, and so the archive, stay the base's.
 *
 * <p>{@code a} and {@code b} are read from the BatchNorm itself, by running it on two constant
 * probes ({@code b} is its output at 0, {@code a} the slope towards a large value), so whatever
 * epsilon or options it was built with are the ones folded. A third probe checks the map is affine
 * as read; a block that fails the check, or is not initialised, is left to run as it is.
 */
final class BatchNormFolding implements AutoCloseable {

    /** The large probe value: a power of two, so that the slope reads to float precision. */
    private static final float SLOPE_PROBE = 4096f;
    /** The check probe, away from both others. */
    private static final float CHECK_PROBE = -3.25f;
    /** How far the check may miss, relative to the BatchNorm's output there (rounding only). */
    private static final float CHECK_TOLERANCE = 1e-4f;

    /**
     * One folded pair.
     *
     * @param conv the convolution, for its stride, padding, dilation and groups
     * @param norm the BatchNorm after it, which the fold replaces
     * @param weight its weight times the BatchNorm's slope per output channel
     * @param bias its bias (or 0) times the slope, plus the BatchNorm's offset
     */
    record Folded(Conv2d conv, BatchNorm norm, NDArray weight, NDArray bias) {

        /** @return the convolution followed by the BatchNorm, as one convolution */
        NDList forward(NDList x) {
            return Conv2d.conv2d(x.singletonOrThrow(), weight, bias, conv.getStride(), conv.getPadding(),
                    conv.getDilation(), conv.getGroups());
        }
    }

    private final Map<Block, Folded> byConvolution = new IdentityHashMap<>();
    /** Holds the folds, on the device of the first folded weights; made with the first fold. */
    private NDManager manager;

    private BatchNormFolding() {}

    /**
     * Folds every BatchNorm that directly follows a 2-D convolution among a sequential block's
     * children, anywhere in the tree, from the parameters as they are now.
     *
     * @param block the frozen block
     * @return the folds, to be closed when the pass ends
     */
    static BatchNormFolding of(Block block) {
        BatchNormFolding folding = new BatchNormFolding();
        try {
            folding.visit(block);
            return folding;
        } catch (RuntimeException e) {
            folding.close();
            throw e;
        }
    }

    /** @return folds of nothing */
    static BatchNormFolding none() {
        return new BatchNormFolding();
    }

    /** @return how many BatchNorms were folded */
    int size() {
        return byConvolution.size();
    }

    /**
     * @param child a child of a sequential block
     * @param next the child after it, or null
     * @return the fold that replaces both, or null to run the child as it is
     */
    Folded replacing(Block child, Block next) {
        Folded folded = byConvolution.get(child);
        return folded != null && next == folded.norm() ? folded : null;
    }

    private void visit(Block block) {
        List<Block> children = children(block);
        if (block instanceof SequentialBlock) {
            for (int i = 0; i + 1 < children.size(); i++) {
                if (children.get(i) instanceof Conv2d && children.get(i + 1) instanceof BatchNorm) {
                    fold((Conv2d) children.get(i), (BatchNorm) children.get(i + 1));
                }
            }
        }
        children.forEach(this::visit);
    }

    private static List<Block> children(Block block) {
        if (block instanceof TappedBase) {
            return List.of(((TappedBase) block).network());
        }
        return block.getChildren().values();
    }

    private void fold(Conv2d conv, BatchNorm norm) {
        if (!conv.isInitialized() || !norm.isInitialized()) {
            return;
        }
        NDArray weight = conv.getParameters().get("weight").getArray();
        long channels = weight.getShape().get(0);
        if (manager == null) {
            manager = NDManager.newBaseManager(weight.getDevice(), weight.getManager().getEngine().getEngineName());
        }
        try (NDManager probes = manager.newSubManager()) {
            NDArray x = probes.zeros(new Shape(3, channels, 1, 1));
            x.set(new NDIndex("1"), SLOPE_PROBE);
            x.set(new NDIndex("2"), CHECK_PROBE);
            NDArray y = norm.forward(new ParameterStore(probes, false), new NDList(x), false).singletonOrThrow()
                    .reshape(3, channels);
            NDArray b = y.get(0);
            NDArray a = y.get(1).sub(b).div(SLOPE_PROBE);
            NDArray expected = y.get(2);
            NDArray missed = a.mul(CHECK_PROBE).add(b).sub(expected).abs();
            NDArray allowed = expected.abs().add(1f).mul(CHECK_TOLERANCE);
            if (!missed.lte(allowed).all().getBoolean()) {
                return; // not the per-channel affine map a BatchNorm in inference mode is
            }
            // the probes' arrays come first, so that every result is theirs, never the model's
            NDArray foldedWeight = a.reshape(channels, 1, 1, 1).mul(weight);
            Parameter convBias = conv.getParameters().get("bias");
            NDArray foldedBias = conv.isIncludeBias() && convBias != null && convBias.getArray() != null
                    ? a.mul(convBias.getArray()).add(b)
                    : b.duplicate();
            foldedWeight.attach(manager);
            foldedBias.attach(manager);
            byConvolution.put(conv, new Folded(conv, norm, foldedWeight, foldedBias));
        }
    }

    /** Frees the folded weights. */
    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
