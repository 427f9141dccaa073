package io.github.transferml.transfer.util;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Counts a block's parameters, its children's included. */
public final class ParameterCount {

    private ParameterCount() {}

    /**
     * Counts parameter values: of initialised parameters by their arrays, of others by their
     * declared shape (0 when not even that is known yet).
     *
     * @param block the block
     * @return the number of values
     */
    public static long of(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.isInitialized()) {
                total += parameter.getArray().size();
            } else if (parameter.getShape() != null) {
                total += parameter.getShape().size();
            }
        }
        return total;
    }
}
