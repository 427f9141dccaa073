package io.github.transferml.transfer.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.github.transferml.transfer.engine.ChannelsLast;
import io.github.transferml.transfer.engine.NativeMemory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

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
 * Each BatchNorm after a convolution runs folded into it ({@link BatchNormFolding}), and image
 * batches run channels-last where the engine is faster so ({@link ChannelsLast}); both change values
 * only by rounding, and everything else runs as the block itself runs it.
 */
public final class FrozenPass implements AutoCloseable {

    /** The most images per batch, the size small inputs always get. */
    public static final int MAX_BATCH = 64;

    /**
     * The largest activation a batch may make: the worker's mapping threshold ({@link NativeMemory}).
     * glibc maps every allocation above it afresh and unmaps it on free; below it, freed memory is
     * reused (measured at 224 x 224: batches of 8 ResNet-50 images spent 3 s in the kernel where
     * batches of 32 spent 22 s, and batches of 64 43 s).
     */
    static final long ACTIVATION_BYTES = NativeMemory.MMAP_THRESHOLD_BYTES;

    private final Block block;
    private final BatchNormFolding folding;
    private final boolean channelsLast;

    private FrozenPass(Block block, BatchNormFolding folding, boolean channelsLast) {
        this.block = block;
        this.folding = folding;
        this.channelsLast = channelsLast;
    }

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
     * Prepares a pass over a frozen block: each BatchNorm that follows a convolution is folded into
     * it ({@link BatchNormFolding}) from the parameters as they are now, so the block must stay frozen
     * while the pass is open.
     *
     * @param block the frozen block, initialised
     * @return the pass, to be closed (it frees the folded weights)
     */
    public static FrozenPass of(Block block) {
        return of(block, true);
    }

    /**
     * A folded pass, laid out channels-last where that suits the engine ({@link ChannelsLast}), or
     * channels-first whatever the engine (for the benchmark that compares the two).
     *
     * @param block the frozen block, initialised
     * @param channelsLast whether batches that suit it run channels-last
     * @return the pass, to be closed
     */
    static FrozenPass of(Block block, boolean channelsLast) {
        return new FrozenPass(block, BatchNormFolding.of(block), channelsLast);
    }

    /**
     * A pass that folds nothing, computing exactly what the block's own forward computes.
     *
     * @param block the block
     * @return the pass; closing it is optional
     */
    static FrozenPass unfolded(Block block) {
        return new FrozenPass(block, BatchNormFolding.none(), false);
    }

    /** @return how many BatchNorms this pass runs folded into their convolution */
    public int foldedBatchNorms() {
        return folding.size();
    }

    /** @return whether this pass lays image batches on the CPU out channels-last here */
    public boolean channelsLast() {
        return channelsLast && ChannelsLast.suitsThisEngine();
    }

    /**
     * Runs the block; the inputs stay the caller's, the outputs are attached to the inputs' manager
     * and laid out in the order of their shape.
     *
     * @param parameters the parameter store
     * @param inputs the batch
     * @return the block's outputs
     */
    public NDList forward(ParameterStore parameters, NDList inputs) {
        if (!channelsLast || inputs.size() != 1 || !ChannelsLast.suits(inputs.head())) {
            return step(parameters, block, inputs, false);
        }
        NDList nhwc = apply(inputs, false, in -> new NDList(ChannelsLast.of(in.head())));
        NDList out = step(parameters, block, nhwc, true);
        return apply(out, true, y -> {
            NDList laidOut = new NDList(y.size());
            y.forEach(array -> laidOut.add(ChannelsLast.contiguous(array)));
            return laidOut;
        });
    }

    /**
     * Runs one block, going into a sequential block's children (a convolution and the BatchNorm after
     * it as one folded convolution) and into the branches of a parallel block.
     *
     * @param consume whether {@code x} is the pass's own, to be freed once read
     */
    NDList step(ParameterStore parameters, Block block, NDList x, boolean consume) {
        if (block instanceof SequentialBlock) {
            List<Block> children = block.getChildren().values();
            boolean own = consume;
            for (int i = 0; i < children.size(); i++) {
                BatchNormFolding.Folded folded =
                        folding.replacing(children.get(i), i + 1 < children.size() ? children.get(i + 1) : null);
                if (folded != null) {
                    x = apply(x, own, folded::forward);
                    i++; // the BatchNorm is in the fold
                } else {
                    x = step(parameters, children.get(i), x, own);
                }
                own = true;
            }
            return x;
        }
        if (block instanceof TappedBase) {
            return apply(x, consume, in -> ((TappedBase) block).forward(this, parameters, in));
        }
        Function<List<NDList>, NDList> join = block instanceof ParallelBlock ? joinOf((ParallelBlock) block) : null;
        if (join != null && folding.size() > 0) {
            return parallel(parameters, block, join, x, consume);
        }
        return apply(x, consume, in -> block.forward(parameters, in, false));
    }

    /**
     * Runs an operation on {@code x} in a scratch manager, so that whatever it makes besides its
     * outputs is freed when it returns.
     */
    private static NDList apply(NDList x, boolean consume, Function<NDList, NDList> operation) {
        NDManager owner = x.head().getManager();
        try (NDManager scratch = owner.newSubManager()) {
            for (NDArray array : x) {
                if (consume) {
                    array.attach(scratch); // freed with the block's intermediates, unless it is an output
                } else {
                    array.tempAttach(scratch); // returns to its manager when the scratch closes
                }
            }
            NDList out = operation.apply(x);
            out.attach(owner);
            return out;
        }
    }

    /**
     * A parallel block as its own forward runs it (every branch on the same input, then the join),
     * branch by branch, the branches' outputs freed once joined.
     */
    private NDList parallel(ParameterStore parameters, Block block, Function<List<NDList>, NDList> join, NDList x,
            boolean consume) {
        List<NDList> branches = new ArrayList<>();
        for (Block branch : block.getChildren().values()) {
            branches.add(step(parameters, branch, x, false));
        }
        return apply(x, consume, in -> {
            NDManager scratch = in.head().getManager();
            Set<NDArray> input = Collections.newSetFromMap(new IdentityHashMap<>());
            input.addAll(in);
            for (NDList branch : branches) {
                for (NDArray array : branch) {
                    if (!input.contains(array)) { // an identity branch returns the input itself
                        array.attach(scratch);
                    }
                }
            }
            return join.apply(branches);
        });
    }

    /**
     * The function a parallel block joins its branches with. DJL keeps it private, and the frozen
     * pass needs it to run the branches itself, folded; if a DJL version hides it otherwise, the block
     * runs whole, unfolded inside, which changes nothing but speed.
     */
    @SuppressWarnings("unchecked")
    private static Function<List<NDList>, NDList> joinOf(ParallelBlock block) {
        if (PARALLEL_JOIN == null) {
            return null;
        }
        try {
            return (Function<List<NDList>, NDList>) PARALLEL_JOIN.get(block);
        } catch (IllegalAccessException | ClassCastException e) {
            return null;
        }
    }

    private static final Field PARALLEL_JOIN = parallelJoin();

    private static Field parallelJoin() {
        try {
            Field field = ParallelBlock.class.getDeclaredField("function");
            field.setAccessible(true);
            return Function.class.isAssignableFrom(field.getType()) ? field : null;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    /** Frees the folded weights. */
    @Override
    public void close() {
        folding.close();
    }
}
