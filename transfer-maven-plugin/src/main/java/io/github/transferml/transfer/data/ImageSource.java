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

    /**
     * Decodes the image, turning any decoding failure into a message that names the file.
     *
     * @param id the file as the user knows it, for the message
     * @return the image
     * @throws DatasetException if the image cannot be decoded
     */
    default Image decode(String id) {
        try {
            Image image = load();
            if (image == null) {
                throw new IOException("not a readable image");
            }
            return image;
        } catch (DatasetException e) {
            throw e; // already says what is wrong with which file, and what to do
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new DatasetException(
                    "Cannot decode image "
                            + id
                            + " ("
                            + reason
                            + "). Replace it with a valid PNG, JPEG, BMP or GIF file, or remove it.",
                    e);
        }
    }
}
