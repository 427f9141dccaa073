package io.github.transferml.transfer.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * Images laid out channels-last in memory ({@code N, H, W, C}) while their shape stays
 * {@code N, C, H, W}, as PyTorch's {@code torch.channels_last} does, for a frozen pass on the CPU.
 *
 * <p>Why: PyTorch hands a convolution on a channels-first tensor to oneDNN with a reorder into
 * oneDNN's blocked layout before it and one back after it, every call; on a channels-last tensor
 * oneDNN's AVX2 and AVX-512 kernels read and write it as it is, and every convolution after the
 * first keeps the layout. Measured on 2 cores at 224 x 224, batches of 8: ResNet-18's frozen pass
 * 19-22 images/s channels-first against 24-27 channels-last, ResNet-50's 7.0-8.4 against 8.7-9.2.
 * Below AVX2 (oneDNN's SSE4.1 kernels, {@code compatible} numerics) it is the other way round (5 against
 * 8), so there the layout stays channels-first. The values change only by rounding: the same sums in
 * another order.
 *
 * <p>DJL has no memory-format call; a permuted copy gives the same strides: the copy is
 * {@code N, H, W, C} contiguous, and permuting it back to {@code N, C, H, W} is a view.
 */
public final class ChannelsLast {

    /** oneDNN's cap on its kernels' instruction set, as its library reads it (older name second). */
    private static final String[] ISA_CAPS = {"ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"};

    private static final boolean THIS_PROCESS = suits(Cpu.avxLevel(), System.getenv(ISA_CAPS[0]),
            System.getenv(ISA_CAPS[1]));

    private ChannelsLast() {}

    /** @return whether this process's convolutions run channels-last faster (see {@link #suits(int, String...)}) */
    public static boolean suitsThisEngine() {
        return THIS_PROCESS;
    }

    /**
     * Whether a batch should run channels-last here: a 4-D batch on the CPU of a process whose
     * convolutions run on AVX2 kernels or better.
     *
     * @param x the batch
     * @return whether to lay it out channels-last
     */
    public static boolean suits(NDArray x) {
        return THIS_PROCESS && x.getShape().dimension() == 4 && !x.getDevice().isGpu();
    }

    /**
     * Whether oneDNN's convolutions run channels-last faster: the CPU has AVX2 and no cap keeps
     * oneDNN below it.
     *
     * @param avxLevel the JVM's {@code UseAVX}: 2 or more with AVX2
     * @param caps the values of {@code ONEDNN_MAX_CPU_ISA} and {@code DNNL_MAX_CPU_ISA}; null where unset
     * @return whether channels-last suits this engine
     */
    static boolean suits(int avxLevel, String... caps) {
        if (avxLevel < 2) {
            return false;
        }
        for (String cap : caps) {
            if (cap != null && !cap.isBlank() && !atLeastAvx2(cap.trim().toUpperCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    private static boolean atLeastAvx2(String cap) {
        return cap.startsWith("AVX2") || cap.startsWith("AVX512") || cap.startsWith("AVX10") || cap.equals("ALL")
                || cap.equals("DEFAULT");
    }

    /**
     * The same values, {@code N, C, H, W} in shape, {@code N, H, W, C} in memory.
     *
     * @param x a 4-D batch; it stays as it is
     * @return a new array on {@code x}'s manager (with the views that lead to it)
     */
    public static NDArray of(NDArray x) {
        Shape s = x.getShape();
        // flattening the permuted view copies it in N, H, W, C order; the rest are views
        return x.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    /**
     * The same values laid out in the order of the shape, as every other part of the plugin expects.
     * An array that already is costs nothing: flattening it is a view.
     *
     * @param x any array
     * @return a new array on {@code x}'s manager
     */
    public static NDArray contiguous(NDArray x) {
        return x.reshape(-1).reshape(x.getShape());
    }
}
