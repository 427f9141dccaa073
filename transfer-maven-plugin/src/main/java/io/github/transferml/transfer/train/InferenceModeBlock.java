package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Runs a block in inference mode even while training, so that its BatchNorm layers normalise with
 * their running statistics and do not update them, while gradients still reach its parameters
 * (Keras' advice for fine-tuning: {@code base_model(x, training=False)}). Used only during training;
 * the archive holds the wrapped block itself.
 */
final class InferenceModeBlock extends AbstractBlock {

    private final Block block;

    InferenceModeBlock(Block block) {
        this.block = addChildBlock("inferenceMode", block);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return block.forward(parameterStore, inputs, false, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return block.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        block.initialize(manager, dataType, inputShapes);
    }
}
