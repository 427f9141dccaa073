package io.github.transferml.transfer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * Channels-last arrays keep their values and their shape, and are laid out N, H, W, C in memory;
 * laying them out back gives the shape's order. The layout is observed through the engine itself:
 * flattening an array's N, H, W, C permutation is a view (an in-place change shows through) exactly
 * when the memory is in that order.
 */
class ChannelsLastTest {

    @Test
    void channels_last_should_keep_values_and_shape_and_lay_memory_out_n_h_w_c() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.arange(2f * 3 * 4 * 5).reshape(2, 3, 4, 5);
            float[] values = x.toFloatArray();

            NDArray nhwc = ChannelsLast.of(x);
            assertEquals(new Shape(2, 3, 4, 5), nhwc.getShape());
            assertArrayEquals(values, nhwc.toFloatArray(), "the same values in the shape's order");
            assertTrue(inNhwcOrder(nhwc), "channels-last in memory");
            assertFalse(inNhwcOrder(x), "a plain array is channels-first");
            assertArrayEquals(values, x.toFloatArray(), "the input is left as it was");

            NDArray back = ChannelsLast.contiguous(ChannelsLast.of(x));
            assertArrayEquals(values, back.toFloatArray());
            assertFalse(inNhwcOrder(back), "laid out in the shape's order again");
        }
    }

    @Test
    void channels_last_should_need_avx2_kernels() {
        assertTrue(ChannelsLast.suits(2, null, null), "AVX2, no cap");
        assertTrue(ChannelsLast.suits(3, "AVX2", "AVX2"), "portable numerics");
        assertTrue(ChannelsLast.suits(3, "avx512_core", null));
        assertFalse(ChannelsLast.suits(2, "SSE41", "SSE41"), "compatible numerics: oneDNN's SSE4.1 kernels");
        assertFalse(ChannelsLast.suits(2, null, "AVX"), "the older name caps too");
        assertFalse(ChannelsLast.suits(1, null, null), "a CPU without AVX2");
        assertFalse(ChannelsLast.suits(0, null, null), "no x86 flags at all");
    }

    /** Adds 1 through the flattened N, H, W, C permutation and reports whether the array saw it. */
    private static boolean inNhwcOrder(NDArray x) {
        float before = x.getFloat(0, 1, 0, 0);
        x.transpose(0, 2, 3, 1).reshape(-1).addi(1f);
        boolean shared = x.getFloat(0, 1, 0, 0) != before;
        if (shared) {
            x.transpose(0, 2, 3, 1).reshape(-1).subi(1f);
        }
        return shared;
    }
}
