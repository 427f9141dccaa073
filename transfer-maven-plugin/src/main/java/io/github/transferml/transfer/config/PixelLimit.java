package io.github.transferml.transfer.config;

/**
 * The largest image, in pixels (width × height), that is decoded. An image file declares its size in
 * its header; a file of a megabyte can declare 40000 × 40000 pixels and take gigabytes once decoded,
 * so the declared size is checked against this limit before any pixel is read.
 *
 * @param maxPixels the most pixels an image may have, at least 1
 */
public record PixelLimit(long maxPixels) implements java.io.Serializable {

    /** 64 megapixels, 8192 × 8192: larger than any photo a camera takes, small enough to decode. */
    public static final long DEFAULT_MAX_PIXELS = 8192L * 8192;

    /** The limit when none is configured. */
    public static final PixelLimit DEFAULT = new PixelLimit(DEFAULT_MAX_PIXELS);

    /** @throws ConfigurationException naming {@code <maxImagePixels>} if the limit is below 1 */
    public PixelLimit {
        if (maxPixels < 1) {
            throw new ConfigurationException("maxImagePixels", "must be at least 1, not " + maxPixels);
        }
    }

    /**
     * @param width the declared width
     * @param height the declared height
     * @return whether an image of that size may be decoded
     */
    public boolean allows(int width, int height) {
        return (long) width * height <= maxPixels;
    }

    /**
     * Says why an image is refused and how to get past it.
     *
     * @param file the image file, as the user gave it
     * @param width its declared width
     * @param height its declared height
     * @return the message
     */
    public String refusal(Object file, int width, int height) {
        long pixels = (long) width * height;
        return "Image " + file + " declares " + width + " x " + height + " = " + pixels + " pixels, more than"
                + " <maxImagePixels> allows (" + maxPixels + "). Downscale the image, or raise the limit with"
                + " -Dtransfer.maxImagePixels=" + pixels + " or <maxImagePixels>" + pixels + "</maxImagePixels>.";
    }
}
