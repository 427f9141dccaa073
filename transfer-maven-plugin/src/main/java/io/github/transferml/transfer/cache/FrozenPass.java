package io.github.transferml.transfer.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.github.transferml.transfer.engine.NativeMemory;

/**
 * Runs a frozen block over a batch in inference mode, one child at a time, and frees what each
 * child made as soon as the next one has read it.
 *
 * <p>Why: every DJL operation attaches its result to its input's manager, so a plain
 * {@code forward} keeps all intermediates of a batch alive until the batch's manager closes
 * (ResNet-50 at 224 x 224: 174 arrays, 5.6 GB for 32 images). Each of them is freshly mapped and
 * faulted in by the kernel; that, not the arithmetic, made the imported network's frozen pass
 * slower than PyTorch's, which frees each activation once it has been read. The same reason bounds
 * the batch ({@link #batchSize}): activations that stay below the C allocator's mapping threshold
 * are reused instead of mapped anew, and the worker's allocator keeps them ({@link NativeMemory}).
 * Nothing here changes a value: the children run as the block itself runs them.
 */
public final class FrozenPass {

    /** The most images per batch, the size small inputs always get. */
    public static final int MAX_BATCH = 64;

    /**
     * The largest activation a batch may make: the worker's mapping threshold ({@link NativeMemory}).
     * glibc maps every allocation above it afresh and unmaps it on free; below it, freed memory is
     * reused (measured at 224 x 224: batches of 8 ResNet-50 images spent 3 s in the kernel where
     * batches of 32 spent 22 s, and batches of 64 43 s).
     */
    static final long ACTIVATION_BYTES = NativeMemory.MMAP_THRESHOLD_BYTES;

    private FrozenPass() {}

    /**
     * How many images to run at once: the largest power of two, at most {@value #MAX_BATCH}, that
     * keeps the block's largest activation within {@value #ACTIVATION_BYTES} bytes (8 for ResNets
     * at 224 x 224), or 1. It depends on shapes only, so every machine batches alike.
     *
     * @param block the frozen block, initialised
     * @param imageShape one image, without the batch axis
     * @return the batch size
     */
    public static int batchSize(Block block, Shape imageShape) {
        long largest = largestActivation(block, new Shape(1).addAll(imageShape), imageShape.size());
        long fits = Math.min(MAX_BATCH, ACTIVATION_BYTES / (Float.BYTES * Math.max(1, largest)));
        return fits < 1 ? 1 : Integer.highestOneBit((int) fits);
    }

    /** The largest number of values one image's activation holds anywhere in the block. */
    private static long largestActivation(Block block, Shape input, long largest) {
        if (block instanceof TappedBase) { // its outputs are pooled: size it by the network it runs
            return largestActivation(((TappedBase) block).network(), input, largest);
        }
        if (block instanceof SequentialBlock) {
            Shape shape = input;
            for (Block child : block.getChildren().values()) {
                largest = largestActivation(child, shape, largest);
                shape = child.getOutputShapes(new Shape[] {shape})[0];
            }
            return largest;
        }
        for (Shape output : block.getOutputShapes(new Shape[] {input})) {
            largest = Math.max(largest, output.size());
        }
        return largest;
    }

    /**
     * Runs the block; the inputs stay the caller's, the outputs are attached to the inputs' manager.
     *
     * @param parameters the parameter store
     * @param block the block
     * @param inputs the batch
     * @return the block's outputs
     */
    public static NDList forward(ParameterStore parameters, Block block, NDList inputs) {
        return step(parameters, block, inputs, false);
    }

    /**
     * Runs one block, going into a sequential block's children.
     *
     * @param consume whether {@code x} is the pass's own, to be freed once read
     */
    static NDList step(ParameterStore parameters, Block block, NDList x, boolean consume) {
        if (block instanceof SequentialBlock) {
            boolean own = consume;
            for (Block child : block.getChildren().values()) {
                x = step(parameters, child, x, own);
                own = true;
            }
            return x;
        }
        NDManager owner = x.head().getManager();
        try (NDManager scratch = owner.newSubManager()) {
            for (NDArray array : x) {
                if (consume) {
                    array.attach(scratch); // freed with the block's intermediates, unless it is an output
                } else {
                    array.tempAttach(scratch); // returns to its manager when the scratch closes
                }
            }
            NDList out = block.forward(parameters, x, false);
            out.attach(owner);
            return out;
        }
    }
}
