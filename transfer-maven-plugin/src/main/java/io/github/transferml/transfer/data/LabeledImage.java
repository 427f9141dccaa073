package io.github.transferml.transfer.data;

import ai.djl.modality.cv.Image;
import java.io.IOException;

/**
 * One example: where it comes from, its class index, and how to decode it.
 *
 * @param id a stable name for reports and errors: a path relative to the data root, or {@code
 *     file#index} for IDX records
 * @param label the class index
 * @param source decodes the image
 */
public record LabeledImage(String id, int label, ImageSource source) {

    /**
     * Decodes the image, turning any decoding failure into a message that names the file.
     *
     * @return the image
     * @throws DatasetException if the image cannot be decoded
     */
    public Image decode() {
        try {
            Image image = source.load();
            if (image == null) {
                throw new IOException("not a readable image");
            }
            return image;
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
