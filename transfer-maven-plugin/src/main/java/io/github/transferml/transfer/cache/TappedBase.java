package io.github.transferml.transfer.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A base network up to the deepest of several cut points, as one block whose outputs are the
 * base's output at each cut, each pooled to a vector: one pass through the base gives the
 * features of every candidate cut, small enough to keep side by side. The blocks are the base's
 * own, run as the base runs them (a sequential block is its children in order), so a cut's output
 * here is the output that cut's prefix computes.
 */
public final class TappedBase extends AbstractBlock {

    private final SequentialBlock network;
    private final List<List<Integer>> paths;
    private final List<Block> poolers;
    private final List<Shape> rowShapes;

    /**
     * @param network the base network
     * @param paths the cuts, as {@code cut.CutOption#path()}, in network order
     * @param poolers per cut, the blocks that turn its output into a vector (without parameters)
     * @param outputShapes per cut, the output shape there for one image, with a batch axis of 1
     */
    public TappedBase(SequentialBlock network, List<List<Integer>> paths, List<Block> poolers,
            List<Shape> outputShapes) {
        if (paths.size() != poolers.size() || paths.size() != outputShapes.size() || paths.isEmpty()) {
            throw new IllegalArgumentException(paths.size() + " cuts, " + poolers.size() + " poolers and "
                    + outputShapes.size() + " shapes");
        }
        this.network = network;
        this.paths = List.copyOf(paths);
        this.poolers = List.copyOf(poolers);
        List<Shape> shapes = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            shapes.add(poolers.get(i).getOutputShapes(new Shape[] {outputShapes.get(i)})[0].slice(1));
        }
        this.rowShapes = List.copyOf(shapes);
    }

    /** @return the base network it runs */
    SequentialBlock network() {
        return network;
    }

    /** @return the shape of one image's pooled features at each cut, in order */
    public List<Shape> rowShapes() {
        return rowShapes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return forward(FrozenPass.unfolded(this), parameterStore, inputs);
    }

    /**
     * Runs the base up to its deepest cut within a frozen pass (which may fold its BatchNorms).
     *
     * @param pass the pass
     * @param parameterStore the parameter store
     * @param inputs the batch
     * @return the pooled features at every cut
     */
    NDList forward(FrozenPass pass, ParameterStore parameterStore, NDList inputs) {
        List<NDArray> taps = new ArrayList<>();
        run(pass, parameterStore, network, List.of(), inputs, false, taps);
        return new NDList(taps);
    }

    /**
     * Runs a sequential block's children in order, going inside one that holds a cut, until every
     * cut is tapped. Always in inference mode, freeing each child's output once read ({@link FrozenPass}).
     *
     * @param consume whether {@code x} is the pass's own, to be freed once read
     */
    private NDList run(FrozenPass pass, ParameterStore store, SequentialBlock block, List<Integer> parent, NDList x,
            boolean consume, List<NDArray> taps) {
        List<Block> children = block.getChildren().values();
        for (int i = 0; i < children.size() && taps.size() < paths.size(); i++) {
            List<Integer> path = new ArrayList<>(parent);
            path.add(i + 1);
            List<Integer> next = paths.get(taps.size());
            Block child = children.get(i);
            if (next.size() > path.size() && next.subList(0, path.size()).equals(path)) {
                x = run(pass, store, (SequentialBlock) child, path, x, consume, taps);
            } else {
                x = pass.step(store, child, x, consume);
            }
            consume = true;
            if (taps.size() < paths.size() && paths.get(taps.size()).equals(path)) {
                taps.add(pass.step(store, poolers.get(taps.size()), x, false).singletonOrThrow());
            }
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return rowShapes.stream().map(s -> new Shape(batch).addAll(s)).toArray(Shape[]::new);
    }
}
