package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;

/** What the optimizers written with tensor operations share: their per-parameter state, and zeroing gradients. */
final class OptimizerStates {

    private OptimizerStates() {}

    /**
     * Returns a parameter's state, zeros at first. It lives as long as the optimizer, as DJL's
     * optimizer states do, so it is detached from any manager scope.
     *
     * @param states the optimizer's states
     * @param parameterId the parameter
     * @param weight its weight, for shape and device
     * @return the state
     */
    static NDArray of(Map<String, NDArray> states, String parameterId, NDArray weight) {
        return states.computeIfAbsent(parameterId, k -> {
            NDArray zeros = weight.zerosLike();
            zeros.detach();
            return zeros;
        });
    }

    /**
     * PyTorch accumulates gradients until they are zeroed, and DJL's PyTorch engine zeroes them inside
     * its native optimizer updates, not in the gradient collector. An optimizer written with tensor
     * operations must therefore zero them itself after each update.
     *
     * @param weight the weight
     * @param grad its gradient
     */
    static void zeroGradient(NDArray weight, NDArray grad) {
        if (weight instanceof PtNDArray) {
            JniUtils.zeroGrad((PtNDArray) weight);
        } else {
            grad.subi(grad);
        }
    }
}
