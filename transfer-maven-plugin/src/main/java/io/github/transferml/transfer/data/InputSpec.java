package io.github.transferml.transfer.data;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What input a network expects, written as the {@code serving.properties} keys of DJL's image
 * translators, so that training and inference preprocess through the same DJL code.
 *
 * @param width the input width
 * @param height the input height
 * @param grayscale one channel (luminance) or three (RGB; grey images are repeated)
 * @param normalize DJL's {@code normalize} value ({@code "true"} for ImageNet, or six numbers:
 *     three means, three standard deviations), or {@code null} for plain [0, 1] scaling
 * @param centerCrop keep the aspect ratio: scale the shorter side to fit, then crop the centre;
 *     otherwise images are stretched to width × height
 */
public record InputSpec(int width, int height, boolean grayscale, String normalize, boolean centerCrop)
        implements java.io.Serializable {

    /**
     * An input that stretches images to its size.
     *
     * @param width the input width
     * @param height the input height
     * @param grayscale one channel or three
     * @param normalize DJL's {@code normalize} value, or {@code null}
     */
    public InputSpec(int width, int height, boolean grayscale, String normalize) {
        this(width, height, grayscale, normalize, false);
    }

    /**
     * Returns this input with another way to fit images to its size.
     *
     * @param crop whether to center-crop
     * @return the input spec
     */
    public InputSpec withCenterCrop(boolean crop) {
        return new InputSpec(width, height, grayscale, normalize, crop);
    }

    /**
     * Returns this input with one or three channels.
     *
     * @param grey whether the network takes one channel
     * @return the input
     */
    public InputSpec withGrayscale(boolean grey) {
        return new InputSpec(width, height, grey, normalize, centerCrop);
    }

    /** @return channels, height, width */
    public Shape imageShape() {
        return new Shape(grayscale ? 1 : 3, height, width);
    }

    /** @return DJL's colour flag */
    public Image.Flag flag() {
        return grayscale ? Image.Flag.GRAYSCALE : Image.Flag.COLOR;
    }

    /**
     * Returns the translator keys of {@code serving.properties}, in a stable order.
     *
     * @return the keys and values
     */
    public Map<String, String> toProperties() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("width", Integer.toString(width));
        map.put("height", Integer.toString(height));
        if (centerCrop) {
            // DJL's translator: scale the shorter side to max(width, height), then crop the centre.
            map.put("resizeShort", "true");
            map.put("centerCrop", "true");
        } else {
            map.put("resize", "true");
        }
        map.put("flag", flag().name());
        if (normalize != null) {
            map.put("normalize", normalize);
        }
        return map;
    }

    /**
     * Reads the translator keys of a model's properties.
     *
     * @param properties the properties (e.g. of {@code serving.properties})
     * @param fallback the spec to use for keys that are missing
     * @return the input spec
     */
    public static InputSpec fromProperties(Map<String, String> properties, InputSpec fallback) {
        int width = intOr(properties.get("width"), fallback.width());
        int height = intOr(properties.get("height"), fallback.height());
        String flag = properties.get("flag");
        boolean grey = flag == null ? fallback.grayscale() : "GRAYSCALE".equals(flag);
        String normalize = properties.getOrDefault("normalize", fallback.normalize());
        if ("false".equals(normalize)) {
            normalize = null;
        }
        boolean crop = properties.containsKey("centerCrop")
                ? Boolean.parseBoolean(properties.get("centerCrop")) : fallback.centerCrop();
        return new InputSpec(width, height, grey, normalize, crop);
    }

    /**
     * The input of an untrained architecture: what the POM says, else the size and colour of the
     * first training image.
     *
     * @param train the training images
     * @param width the configured width, or null
     * @param height the configured height, or null
     * @param grayscale the configured colour mode, or null
     * @return the input spec (no normalisation)
     */
    public static InputSpec ofData(LabeledImages train, Integer width, Integer height, Boolean grayscale) {
        Image first = train.images().get(0).decode();
        boolean grey = first.getWrappedImage() instanceof BufferedImage
                && ((BufferedImage) first.getWrappedImage()).getColorModel().getNumColorComponents() == 1;
        return new InputSpec(width != null ? width : first.getWidth(), height != null ? height : first.getHeight(),
                grayscale != null ? grayscale : grey, null);
    }

    private static int intOr(String value, int fallback) {
        return value == null ? fallback : (int) Double.parseDouble(value);
    }

    /** @return e.g. {@code 28x28 grayscale} */
    public String describe() {
        return width + "x" + height + (grayscale ? " grayscale" : " color")
                + (normalize == null ? "" : ", normalize " + normalize) + (centerCrop ? ", center crop" : "");
    }
}
