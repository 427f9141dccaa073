package io.github.transferml.transfer.config;

import java.util.Objects;

/**
 * How images become input: the POM's {@code <imageSize>}, {@code <colorMode>}, {@code <centerCrop>}
 * and {@code <maxImagePixels>}. Size and colour apply to an untrained architecture only; a
 * pretrained base declares its own input.
 *
 * @param width the input width for an untrained architecture, or null to take the data's
 * @param height the input height for an untrained architecture, or null to take the data's
 * @param grayscale grey (1 channel) or colour input for an untrained architecture; null: from data
 * @param centerCrop center-crop (true) or stretch (false) images to the input size; null: as the base says
 * @param pixelLimit the largest image file to decode
 */
public record InputOptions(Integer width, Integer height, Boolean grayscale, Boolean centerCrop,
        PixelLimit pixelLimit) {

    /** Validates, naming the POM parameter at fault. */
    public InputOptions {
        if (width != null && width < 1 || height != null && height < 1) {
            throw new ConfigurationException("imageSize", "must be positive");
        }
        Objects.requireNonNull(pixelLimit, "pixelLimit");
    }

    /** @return {@code auto} or e.g. {@code 28x28} */
    public String describeSize() {
        return width == null ? "auto" : width + "x" + height;
    }

    /** @return {@code auto}, {@code grayscale} or {@code color} */
    public String describeColor() {
        return grayscale == null ? "auto" : grayscale ? "grayscale" : "color";
    }

    /** @return e.g. {@code size auto, color grayscale, fitted as the base says, at most 67108864 pixels a file} */
    public String describe() {
        return "size " + describeSize() + ", color " + describeColor() + ", "
                + (centerCrop == null ? "fitted as the base says" : centerCrop ? "center-cropped" : "stretched")
                + ", at most " + pixelLimit.maxPixels() + " pixels a file";
    }
}
