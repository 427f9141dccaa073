package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch accumulates gradients until they are zeroed, and DJL's PyTorch engine zeroes them inside
 * its native optimizer updates, not in the gradient collector. An optimizer written with tensor
 * operations must therefore zero them itself after each update.
 */
final class GradientReset {

    private GradientReset() {}

    static void zero(NDArray weight, NDArray grad) {
        if (weight instanceof PtNDArray) {
            JniUtils.zeroGrad((PtNDArray) weight);
        } else {
            grad.subi(grad);
        }
    }
}
