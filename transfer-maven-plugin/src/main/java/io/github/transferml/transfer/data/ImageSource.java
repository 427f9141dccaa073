package io.github.transferml.transfer.data;

import ai.djl.modality.cv.Image;
import java.io.IOException;

/** Decodes one image when it is needed, so a dataset never holds every decoded image at once. */
@FunctionalInterface
public interface ImageSource {

    /**
     * Decodes the image.
     *
     * @return the image
     * @throws IOException if it cannot be read or decoded
     */
    Image load() throws IOException;
}
