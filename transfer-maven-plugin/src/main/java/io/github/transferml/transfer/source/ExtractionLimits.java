package io.github.transferml.transfer.source;

import io.github.transferml.transfer.config.ConfigurationException;

/**
 * How much a model archive may hold once extracted, and how large a downloaded model may be. An
 * archive from a repository or a URL may be hostile: a few megabytes of zip can declare terabytes of
 * zeros, or millions of empty files. A real model is far below both defaults.
 *
 * @param maxBytes the most bytes an archive may expand to, and a download may have
 * @param maxEntries the most entries (files and directories) an archive may hold
 */
public record ExtractionLimits(long maxBytes, int maxEntries) {

    /** 2 GiB: more than any image classifier this plugin trains or starts from. */
    public static final long DEFAULT_MAX_BYTES = 2L << 30;

    /** A model archive holds a handful of files; ten thousand leaves ample room. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    /** The limits when the POM sets none. */
    public static final ExtractionLimits DEFAULT = new ExtractionLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES);

    private static final long MB = 1L << 20;

    /**
     * @param maxBytes the most bytes an archive may expand to, and a download may have; positive
     * @param maxEntries the most entries an archive may hold; positive
     */
    public ExtractionLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
        }
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive, not " + maxEntries);
        }
    }

    /**
     * The limits for a {@code <maxModelMb>} POM parameter, with the default entry count.
     *
     * @param maxModelMb the most megabytes (MiB) a model may have; positive
     * @return the limits
     * @throws IllegalArgumentException if it is not positive, with a message naming the parameter
     */
    public static ExtractionLimits ofMegabytes(long maxModelMb) {
        if (maxModelMb <= 0 || maxModelMb > Long.MAX_VALUE / MB) {
            throw new ConfigurationException("maxModelMb", "(-Dtransfer.maxModelMb) must be a positive number of"
                    + " megabytes, not " + maxModelMb + ". The default is " + DEFAULT_MAX_BYTES / MB + ".");
        }
        return new ExtractionLimits(maxModelMb * MB, DEFAULT_MAX_ENTRIES);
    }

    /**
     * Describes the byte cap as a reader sees it in a message.
     *
     * @return e.g. {@code 2048 MB}
     */
    public String describe() {
        return size(maxBytes);
    }

    /**
     * The sentence a refusal ends with when a trusted model may really be larger than the cap: it
     * names the POM parameter and the system property, with a value that would let it through.
     *
     * @param neededBytes how many bytes the model needs
     * @return e.g. {@code If you trust this model, raise the cap to at least 4096 MB: <maxModelMb>4096</maxModelMb>
     *     in the plugin's configuration, or -Dtransfer.maxModelMb=4096.}
     */
    public String howToRaise(long neededBytes) {
        long mb = Math.max(ceilMegabytes(neededBytes), maxBytes / MB + 1);
        return "If you trust this model, raise the cap to at least " + mb + " MB: <maxModelMb>" + mb
                + "</maxModelMb> in the plugin's configuration, or -Dtransfer.maxModelMb=" + mb + ".";
    }

    /**
     * The sentence a refusal ends with when the size a model needs is not known, only that it is
     * larger than the cap (a download that stopped at the cap).
     *
     * @return e.g. {@code If you trust this model, raise the cap of 2048 MB: <maxModelMb> in the plugin's
     *     configuration, or -Dtransfer.maxModelMb.}
     */
    public String howToRaise() {
        return "If you trust this model, raise the cap of " + describe() + ": <maxModelMb> in the plugin's"
                + " configuration, or -Dtransfer.maxModelMb.";
    }

    /**
     * Formats a size for a message, rounding up so that a size over a cap never prints as the cap.
     *
     * @param bytes a size
     * @return e.g. {@code 4096 MB}, or {@code 100 bytes} below a megabyte
     */
    public static String size(long bytes) {
        return bytes < MB ? bytes + " bytes" : ceilMegabytes(bytes) + " MB";
    }

    private static long ceilMegabytes(long bytes) {
        return bytes / MB + (bytes % MB == 0 ? 0 : 1);
    }
}
