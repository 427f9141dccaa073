package io.github.transferml.transfer.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** float32 to float16 and back; the expected bits are numpy's ({@code np.float16(np.float32(v)).view(np.uint16)}). */
class HalfTest {

    private static void assertHalf(int expectedBits, float value) {
        assertEquals(expectedBits, Half.fromFloat(value) & 0xffff,
                () -> String.format("%s (0x%08x) should round to 0x%04x, not 0x%04x", value,
                        Float.floatToRawIntBits(value), expectedBits, Half.fromFloat(value) & 0xffff));
    }

    @Test
    void fromFloat_should_round_as_ieee_754_does() {
        assertHalf(0x3c00, 1.0f);
        assertHalf(0xc000, -2.0f);
        assertHalf(0x3555, 1f / 3);
        assertHalf(0x2e66, 0.1f);
        assertHalf(0x7bff, 65504f); // the largest half
        assertHalf(0x7bff, Math.nextDown(65520f)); // just below halfway to 2^16 rounds down
        assertHalf(0x7c00, 65520f); // halfway, and 65504's last bit is odd: up, to infinity
        assertHalf(0x7c00, Half.OVERFLOW);
        assertHalf(0x7bff, Half.MAX_VALUE);
        assertHalf(0x7c00, 1e6f);
        assertHalf(0xfc00, -1e6f);
        assertHalf(0x0400, 0x1p-14f); // the smallest normal
        assertHalf(0x03ff, 6.1e-5f); // the largest subnormal
        assertHalf(0x0001, 5.96e-8f); // the smallest subnormal, 2^-24
        assertHalf(0x0001, 0x1p-24f);
        assertHalf(0x01f7, 3e-5f);
        assertHalf(0x0000, 1e-8f); // below half the smallest subnormal
        assertHalf(0x0000, 0x1p-25f); // halfway between 0 and 2^-24: to even, 0
        assertHalf(0x0001, Math.nextUp(0x1p-25f));
        assertHalf(0x8000, -1e-8f);
        assertHalf(0x0000, Float.MIN_VALUE);
    }

    @Test
    void fromFloat_should_break_ties_to_even() {
        assertHalf(0x3c00, 1 + 0x1p-11f); // halfway between 1 and 1 + 2^-10: down to the even 1
        assertHalf(0x3c02, 1 + 3 * 0x1p-11f); // halfway between 1 + 2^-10 and 1 + 2^-9: up to the even one
        assertHalf(0x3c01, Math.nextUp(1 + 0x1p-11f));
        assertHalf(0x6800, 2049f);
        assertHalf(0x6802, 2051f);
        assertHalf(0x0002, 3 * 0x1p-25f); // subnormal ties too: 1.5 units up to 2
        assertHalf(0x0002, 5 * 0x1p-25f); // 2.5 units down to 2
    }

    @Test
    void fromFloat_should_keep_signed_zeros_infinities_and_nan() {
        assertHalf(0x0000, 0f);
        assertHalf(0x8000, -0f);
        assertHalf(0x7c00, Float.POSITIVE_INFINITY);
        assertHalf(0xfc00, Float.NEGATIVE_INFINITY);
        assertHalf(0x7e00, Float.NaN);
        // A NaN whose payload lies only in the bits a half drops is still NaN.
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.intBitsToFloat(0x7f800001)))));
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.intBitsToFloat(0xffc00000)))));
        assertEquals(0xfe00, Half.fromFloat(Float.intBitsToFloat(0xffc00000)) & 0xffff);
    }

    @Test
    void toFloat_should_give_the_exact_value() {
        assertEquals(1.0f, Half.toFloat((short) 0x3c00));
        assertEquals(-2.0f, Half.toFloat((short) 0xc000));
        assertEquals(0.333251953125f, Half.toFloat((short) 0x3555));
        assertEquals(65504f, Half.toFloat((short) 0x7bff));
        assertEquals(0x1p-14f, Half.toFloat((short) 0x0400));
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001));
        assertEquals(1023 * 0x1p-24f, Half.toFloat((short) 0x03ff));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Half.toFloat((short) 0x8000)));
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat((short) 0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, Half.toFloat((short) 0xfc00));
        assertTrue(Float.isNaN(Half.toFloat((short) 0x7e00)));
    }

    @Test
    void every_half_should_survive_widening_and_narrowing() {
        for (int i = 0; i <= 0xffff; i++) {
            int bits = i;
            float widened = Half.toFloat((short) bits);
            int back = Half.fromFloat(widened) & 0xffff;
            boolean nan = (bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0;
            if (nan) {
                assertTrue(Float.isNaN(widened), () -> String.format("0x%04x widens to NaN", bits));
                // A quiet NaN keeps its bits; a signalling one may be quieted on the way through the CPU.
                assertEquals(bits | 0x200, back | 0x200, () -> String.format("0x%04x", bits));
            } else {
                assertEquals(bits, back, () -> String.format("0x%04x -> %s -> 0x%04x", bits, widened, back));
            }
        }
    }

    @Test
    void every_half_should_widen_monotonically() {
        // Positive halves in order of their bits are in order of their values (infinity last).
        float previous = Half.toFloat((short) 0);
        for (int bits = 1; bits <= 0x7c00; bits++) {
            float next = Half.toFloat((short) bits);
            assertTrue(next > previous, "bits " + bits);
            assertEquals(-next, Half.toFloat((short) (bits | 0x8000)));
            previous = next;
        }
    }

    @Test
    void narrow_and_widen_should_convert_arrays_at_their_offsets() {
        short[] halves = new short[5];
        Half.narrow(new float[] {1f, -2f, 65504f}, halves, 2);
        float[] floats = new float[4];
        Half.widen(halves, 1, floats, 1, 3);

        assertEquals(0x3c00, halves[2]);
        assertEquals(0, floats[0]);
        assertEquals(0, floats[1]);
        assertEquals(1f, floats[2]);
        assertEquals(-2f, floats[3]);
    }
}
