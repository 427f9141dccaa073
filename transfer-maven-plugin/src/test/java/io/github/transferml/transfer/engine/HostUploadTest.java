package io.github.transferml.transfer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HostUploadTest {

    private static float[] random(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        values[0] = Float.NaN; // bits, not just values, go through unchanged
        values[n - 1] = -0.0f;
        return values;
    }

    @Test
    void uploads_should_hold_the_floats_of_their_own_batch_after_later_ones_reuse_the_buffer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] first = random(2 * 3 * 4, 1);
            float[] second = random(2 * 3 * 4, 2);
            float[] larger = random(70_000, 3); // more than the first buffer: it grows
            NDArray a = HostUpload.floats(manager, first, new Shape(2, 3, 4));
            NDArray b = HostUpload.floats(manager, second, new Shape(2, 3, 4));
            NDArray c = HostUpload.floats(manager, larger, new Shape(70_000));
            NDArray d = HostUpload.floats(manager, first, new Shape(6, 4));

            assertEquals(DataType.FLOAT32, a.getDataType());
            assertEquals(new Shape(2, 3, 4), a.getShape());
            assertArrayEquals(first, a.toFloatArray());
            assertArrayEquals(second, b.toFloatArray());
            assertArrayEquals(larger, c.toFloatArray());
            assertArrayEquals(first, d.toFloatArray());
            assertArrayEquals(manager.create(second, new Shape(2, 3, 4)).toFloatArray(), b.toFloatArray());
            assertEquals(manager.getDevice(), a.getDevice());
        }
    }

    @Test
    void an_upload_should_be_freed_with_its_manager_and_leave_others_intact() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] kept = random(12, 4);
            NDArray survivor = HostUpload.floats(manager, kept, new Shape(12));
            NDArray closed;
            try (NDManager scope = manager.newSubManager()) {
                closed = HostUpload.floats(scope, random(12, 5), new Shape(3, 4));
            }
            assertThrows(IllegalStateException.class, closed::toFloatArray);
            assertArrayEquals(kept, survivor.toFloatArray());
        }
    }

    @Test
    void values_that_do_not_fill_the_shape_should_be_refused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HostUpload.floats(manager, new float[5], new Shape(2, 3)));
            assertEquals("5 values do not fill the shape (2, 3)", e.getMessage());
        }
    }
}
