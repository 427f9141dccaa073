package io.github.transferml.transfer.torchscript;

import java.util.Arrays;

/**
 * One parameter or buffer of a TorchScript module.
 *
 * @param name its dotted name, as {@code state_dict()} gives it
 * @param shape its shape
 * @param dtype PyTorch's storage type without {@code Storage}: {@code Float}, {@code Double}, {@code Long}, …
 * @param values its values, row-major, when it is floating point (doubles narrowed); else {@code null}
 */
public record StateTensor(String name, long[] shape, String dtype, float[] values) {

    /** @return whether the values were read */
    public boolean isFloating() {
        return values != null;
    }

    /** @return the shape, e.g. {@code (64, 3, 7, 7)} */
    public String describeShape() {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}
