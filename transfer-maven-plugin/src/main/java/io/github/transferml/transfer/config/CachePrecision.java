package io.github.transferml.transfer.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the feature cache stores its values. Training always computes in float32; this decides only
 * what the cache keeps between the frozen pass and the epochs that read it.
 */
public enum CachePrecision {
    /** IEEE 754 single precision: the values exactly as the frozen pass computed them. */
    FLOAT32(Float.BYTES, "as computed"),
    /**
     * IEEE 754 half precision (binary16): half the memory and disk, each value rounded to 11
     * significant bits (a relative error of at most 2^-11) and widened back to float32 when read.
     */
    FLOAT16(Short.BYTES, "half the size, rounded to 11 significant bits");

    private final int bytesPerValue;
    private final String description;

    CachePrecision(int bytesPerValue, String description) {
        this.bytesPerValue = bytesPerValue;
        this.description = description;
    }

    /**
     * Parses a name as written in the POM: {@code float32} or {@code float16}.
     *
     * @param name the name, or null for the default
     * @return the precision
     * @throws ConfigurationException if the name is not known
     */
    public static CachePrecision parse(String name) {
        if (name == null || name.isBlank()) {
            return FLOAT32;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("cachePrecision", "'" + name + "' is not known; use one of "
                    + Arrays.stream(values()).map(CachePrecision::pomName).collect(Collectors.joining(", ")));
        }
    }

    /** @return the bytes one cached value takes */
    public int bytesPerValue() {
        return bytesPerValue;
    }

    /** @return the name as written in the POM */
    public String pomName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return what the precision keeps, for the log */
    public String describe() {
        return pomName() + " (" + description + ")";
    }
}
