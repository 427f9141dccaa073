package io.github.transferml.transfer.augment;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.util.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which random transforms make the augmented views of a training image, and how many views of each
 * image are precomputed. Immutable; built with DJL's builder idiom (every setting is optional, so
 * all builder methods are {@code opt…}); {@link Builder#build()} validates.
 *
 * <p>A phase that trains from a cache of a frozen base's features precomputes V views into it: V
 * times the caching time and space of an un-augmented cache, and every epoch replays the same V
 * variants of each image. A phase that trains from pixels (end to end, the baseline) streams the
 * images instead and draws V fresh views of each every epoch.
 */
public final class Augmentation implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private static final Augmentation NONE = builder().build();

    private final boolean horizontalFlip;
    private final boolean verticalFlip;
    private final double rotation;
    private final double cropScale;
    private final double brightness;
    private final double contrast;
    private final int views;

    private Augmentation(Builder b) {
        horizontalFlip = b.horizontalFlip;
        verticalFlip = b.verticalFlip;
        rotation = b.rotation;
        cropScale = b.cropScale;
        brightness = b.brightness;
        contrast = b.contrast;
        views = b.views;
    }

    /**
     * Returns a new builder, with every transform off and one view.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the configuration with every transform off.
     *
     * @return no augmentation, one view
     */
    public static Augmentation none() {
        return NONE;
    }

    /** @return whether images are mirrored left to right, with probability 0.5 */
    public boolean isHorizontalFlip() {
        return horizontalFlip;
    }

    /** @return whether images are mirrored top to bottom, with probability 0.5 */
    public boolean isVerticalFlip() {
        return verticalFlip;
    }

    /** @return the largest rotation in degrees, either way; 0 is off */
    public double getRotation() {
        return rotation;
    }

    /** @return the smallest area of a random resized crop, as a fraction of the image; 1 is off */
    public double getCropScale() {
        return cropScale;
    }

    /** @return the largest relative change of brightness; 0 is off */
    public double getBrightness() {
        return brightness;
    }

    /** @return the largest relative change of contrast; 0 is off */
    public double getContrast() {
        return contrast;
    }

    /** @return the configured number of views per training image */
    public int getViews() {
        return views;
    }

    /**
     * Returns how many views of each training image are worth caching: the configured number when a
     * transform is on, else 1, since identical copies would only cost time and space.
     *
     * @return the number of views to cache
     */
    public int getCachedViews() {
        return isEnabled() ? views : 1;
    }

    /**
     * Returns whether any transform is on.
     *
     * @return true if an augmented view can differ from the image
     */
    public boolean isEnabled() {
        return horizontalFlip || verticalFlip || rotation > 0 || cropScale < 1 || brightness > 0 || contrast > 0;
    }

    /**
     * Returns a one-line summary for logs, e.g. {@code horizontal flip, rotation ±15°, random
     * resized crop (scale ≥ 0.8), brightness ±0.2, contrast ±0.2; 4 views per image}.
     *
     * @return the summary, or {@code none} when no transform is on
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (horizontalFlip) {
            parts.add("horizontal flip");
        }
        if (verticalFlip) {
            parts.add("vertical flip");
        }
        if (rotation > 0) {
            parts.add("rotation ±" + number(rotation) + "°");
        }
        if (cropScale < 1) {
            parts.add("random resized crop (scale ≥ " + number(cropScale) + ")");
        }
        if (brightness > 0) {
            parts.add("brightness ±" + number(brightness));
        }
        if (contrast > 0) {
            parts.add("contrast ±" + number(contrast));
        }
        if (parts.isEmpty()) {
            return "none";
        }
        int cached = getCachedViews();
        return String.join(", ", parts) + "; " + cached + (cached == 1 ? " view" : " views") + " per image";
    }

    /**
     * Returns the configuration for the archive manifest, keys in a fixed order.
     *
     * @return an ordered JSON object
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = Json.object("horizontalFlip", horizontalFlip, "verticalFlip", verticalFlip);
        json.put("rotation", rotation);
        json.put("cropScale", cropScale);
        json.put("brightness", brightness);
        json.put("contrast", contrast);
        json.put("views", views);
        return json;
    }

    // 15.0 prints as "15" and 0.2 as "0.2": the shortest form a user would have written.
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Augmentation)) {
            return false;
        }
        Augmentation other = (Augmentation) o;
        return horizontalFlip == other.horizontalFlip
                && verticalFlip == other.verticalFlip
                && Double.compare(rotation, other.rotation) == 0
                && Double.compare(cropScale, other.cropScale) == 0
                && Double.compare(brightness, other.brightness) == 0
                && Double.compare(contrast, other.contrast) == 0
                && views == other.views;
    }

    @Override
    public int hashCode() {
        return Objects.hash(horizontalFlip, verticalFlip, rotation, cropScale, brightness, contrast, views);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Builds an {@link Augmentation}. */
    public static final class Builder {
        private boolean horizontalFlip;
        private boolean verticalFlip;
        private double rotation;
        private double cropScale = 1;
        private double brightness;
        private double contrast;
        private int views = 1;

        private Builder() {}

        /** @param flip mirror images left to right with probability 0.5 @return this */
        public Builder optHorizontalFlip(boolean flip) {
            this.horizontalFlip = flip;
            return this;
        }

        /** @param flip mirror images top to bottom with probability 0.5 @return this */
        public Builder optVerticalFlip(boolean flip) {
            this.verticalFlip = flip;
            return this;
        }

        /**
         * Rotates images about their centre by an angle drawn uniformly from [-degrees, degrees].
         *
         * @param degrees the largest rotation, in [0, 180]; 0 is off (the default)
         * @return this
         */
        public Builder optRotation(double degrees) {
            this.rotation = degrees;
            return this;
        }

        /**
         * Crops a random part of each image and resizes it back to the image's size, as
         * torchvision's {@code RandomResizedCrop}: the crop covers a fraction of the area drawn
         * from [scale, 1], with an aspect ratio drawn log-uniformly from [3/4, 4/3].
         *
         * @param scale the smallest fraction of the area, in (0, 1]; 1 is off (the default)
         * @return this
         */
        public Builder optRandomResizedCrop(double scale) {
            this.cropScale = scale;
            return this;
        }

        /**
         * Multiplies every pixel by a factor drawn uniformly from [1 - change, 1 + change].
         *
         * @param change the largest relative change, in [0, 1]; 0 is off (the default)
         * @return this
         */
        public Builder optBrightness(double change) {
            this.brightness = change;
            return this;
        }

        /**
         * Moves every pixel away from (or towards) the image's mean grey by a factor drawn
         * uniformly from [1 - change, 1 + change].
         *
         * @param change the largest relative change, in [0, 1]; 0 is off (the default)
         * @return this
         */
        public Builder optContrast(double change) {
            this.contrast = change;
            return this;
        }

        /**
         * Sets how many augmented views of each training image are precomputed.
         *
         * @param views at least 1 (the default)
         * @return this
         */
        public Builder optViews(int views) {
            this.views = views;
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @return the configuration
         * @throws ConfigurationException naming the first invalid parameter and its allowed range
         */
        public Augmentation build() {
            // Negated comparisons, so that NaN fails too.
            if (!(rotation >= 0 && rotation <= 180)) {
                throw new ConfigurationException(
                        "augmentation.rotation", "must be in [0, 180] degrees (0 is off), not " + rotation);
            }
            if (!(cropScale > 0 && cropScale <= 1)) {
                throw new ConfigurationException(
                        "augmentation.cropScale", "must be in (0, 1] (1 is off), not " + cropScale);
            }
            if (!(brightness >= 0 && brightness <= 1)) {
                throw new ConfigurationException(
                        "augmentation.brightness", "must be in [0, 1] (0 is off), not " + brightness);
            }
            if (!(contrast >= 0 && contrast <= 1)) {
                throw new ConfigurationException(
                        "augmentation.contrast", "must be in [0, 1] (0 is off), not " + contrast);
            }
            if (views < 1) {
                throw new ConfigurationException("augmentation.views", "must be at least 1, not " + views);
            }
            return new Augmentation(this);
        }
    }
}
