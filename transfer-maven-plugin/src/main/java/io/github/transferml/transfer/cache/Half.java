package io.github.transferml.transfer.cache;

/**
 * IEEE 754 half precision (binary16) to and from float32, as {@code Float.floatToFloat16} and
 * {@code Float.float16ToFloat} do from Java 20 on: rounding to nearest, ties to even; overflow to
 * infinity; subnormals; signed zeros; NaN stays NaN. Integer arithmetic on the bits only, so every
 * machine gives the same halves.
 */
final class Half {

    private static final int FLOAT_EXPONENT_BIAS = 127;
    private static final int HALF_EXPONENT_BIAS = 15;
    /** Float mantissa bits that a half does not keep. */
    private static final int DROPPED_BITS = 23 - 10;
    private static final int HALF_INFINITY = 0x7c00;
    private static final int HALF_QUIET_NAN = 0x0200;

    /** The largest finite half. */
    static final float MAX_VALUE = 65504f;
    /** The smallest float that rounds to a half's infinity: halfway from {@link #MAX_VALUE} to 2^16. */
    static final float OVERFLOW = 65520f;

    private Half() {}

    /**
     * Rounds a float to the nearest half, ties to even.
     *
     * @param value the float
     * @return the half's bits
     */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7f_ffff;
        if (exponent == 0xff) {
            // Infinity, or NaN with the payload's top bits; a payload only in the dropped bits must still be NaN.
            int payload = mantissa >>> DROPPED_BITS;
            return (short) (sign | HALF_INFINITY | (mantissa != 0 && payload == 0 ? HALF_QUIET_NAN : payload));
        }
        int halfExponent = exponent - FLOAT_EXPONENT_BIAS + HALF_EXPONENT_BIAS;
        if (halfExponent >= 0x1f) {
            return (short) (sign | HALF_INFINITY);
        }
        if (halfExponent <= 0) {
            // A half subnormal counts units of 2^-24: shift the float's full significand to that unit.
            int shift = DROPPED_BITS + 1 - halfExponent;
            if (shift > 24) {
                return (short) sign; // below half the smallest subnormal: rounds to zero
            }
            int significand = mantissa | 0x80_0000;
            return (short) (sign | roundShifted(significand, shift));
        }
        // Rounding up may carry into the exponent, which is right: up to the next binade, or to infinity.
        return (short) (sign | roundShifted((halfExponent << 23) | mantissa, DROPPED_BITS));
    }

    /** {@code value >> shift}, rounded to nearest, ties to even. */
    private static int roundShifted(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || rest == halfway && (kept & 1) != 0) {
            kept++;
        }
        return kept;
    }

    /**
     * Widens a half to the float of the same value (every half is exactly a float).
     *
     * @param half the half's bits
     * @return the float
     */
    static float toFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << DROPPED_BITS));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // A subnormal half is a normal float: move its leading 1 to the implicit bit.
            int shift = Integer.numberOfLeadingZeros(mantissa) - 21;
            mantissa = (mantissa << shift) & 0x3ff;
            exponent = 1 - shift;
        }
        return Float.intBitsToFloat(sign | ((exponent - HALF_EXPONENT_BIAS + FLOAT_EXPONENT_BIAS) << 23)
                | (mantissa << DROPPED_BITS));
    }

    /**
     * Rounds floats to halves.
     *
     * @param from the floats
     * @param to where the halves go
     * @param offset the index in {@code to} of the first half
     */
    static void narrow(float[] from, short[] to, int offset) {
        for (int i = 0; i < from.length; i++) {
            to[offset + i] = fromFloat(from[i]);
        }
    }

    /**
     * Widens halves to floats.
     *
     * @param from the halves
     * @param fromOffset the first half to widen
     * @param to where the floats go
     * @param toOffset the index in {@code to} of the first float
     * @param count how many
     */
    static void widen(short[] from, int fromOffset, float[] to, int toOffset, int count) {
        for (int i = 0; i < count; i++) {
            to[toOffset + i] = toFloat(from[fromOffset + i]);
        }
    }
}
