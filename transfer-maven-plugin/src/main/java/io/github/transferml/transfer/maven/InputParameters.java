package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.config.ConfigurationException;
import java.util.Locale;

/** Parses the {@code imageSize} and {@code colorMode} parameters that both goals accept. */
final class InputParameters {

    private InputParameters() {}

    /** @return {width, height}, or null when unset */
    static int[] size(String imageSize) {
        if (imageSize == null || imageSize.isBlank()) {
            return null;
        }
        String[] parts = imageSize.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            int width = Integer.parseInt(parts[0].trim());
            return new int[] {width, parts.length > 1 ? Integer.parseInt(parts[1].trim()) : width};
        } catch (NumberFormatException e) {
            throw new ConfigurationException("imageSize", "'" + imageSize + "' is not a size such as 28 or 32x28");
        }
    }

    /** @return true for grayscale, false for color, null when unset */
    static Boolean grayscale(String colorMode) {
        if (colorMode == null || colorMode.isBlank()) {
            return null;
        }
        String mode = colorMode.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("grayscale") && !mode.equals("color")) {
            throw new ConfigurationException("colorMode", "'" + colorMode + "' is not grayscale or color");
        }
        return mode.equals("grayscale");
    }
}
