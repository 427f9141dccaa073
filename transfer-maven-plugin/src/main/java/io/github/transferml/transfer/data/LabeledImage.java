package io.github.transferml.transfer.data;

import ai.djl.modality.cv.Image;

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
        return source.decode(id);
    }
}
