package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of what training changes in a block (its trainable parameters and the running statistics
 * of its BatchNorm layers), to put back later: the best epoch after early stopping, the head
 * phase's model when fine-tuning never beats it, the initial parameters after a range test.
 */
final class ParameterSnapshot implements AutoCloseable {

    private final List<Parameter> parameters = new ArrayList<>();
    private final NDManager manager;
    private final List<NDArray> copies = new ArrayList<>();

    /**
     * @param block the block whose parameters are watched
     * @param parent the manager whose sub-manager holds the copies
     */
    ParameterSnapshot(Block block, NDManager parent) {
        manager = parent.newSubManager();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            Parameter.Type type = parameter.getValue().getType();
            if (parameter.getValue().requiresGradient() || type == Parameter.Type.RUNNING_MEAN
                    || type == Parameter.Type.RUNNING_VAR) {
                parameters.add(parameter.getValue());
            }
        }
    }

    /**
     * Copies the parameters' values now, replacing any earlier copy.
     *
     * @return this
     */
    ParameterSnapshot take() {
        copies.forEach(NDArray::close);
        copies.clear();
        for (Parameter parameter : parameters) {
            NDArray copy = parameter.getArray().duplicate();
            copy.attach(manager);
            copies.add(copy);
        }
        return this;
    }

    /** Puts the copied values back into the parameters (in place: optimizers and blocks keep their arrays). */
    void restore() {
        for (int i = 0; i < copies.size(); i++) {
            parameters.get(i).getArray().set(copies.get(i).toFloatArray());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
