package io.github.transferml.transfer.cluster;

import ai.djl.ndarray.types.Shape;
import java.io.Serializable;
import java.util.List;

/**
 * The frozen part of the base as an executor rebuilds it: the recipe of its blocks, and their
 * parameters as DJL writes them. No code travels: an executor builds the blocks the recipe names.
 *
 * @param recipe the recipe, e.g. {@code resnet(…) > keep(6)}
 * @param parameters the parameters, as {@code Block.saveParameters} writes them
 * @param imageShape the shape of one preprocessed image
 * @param rowShapes the shape of one row of each output
 * @param batchSize the images per forward call: the same batches as a local pass, so the same bytes
 */
public record FrozenPrefix(String recipe, byte[] parameters, long[] imageShape, List<long[]> rowShapes,
        int batchSize) implements Serializable {

    /** @return the shape of one preprocessed image */
    public Shape image() {
        return new Shape(imageShape);
    }

    /** @return the shape of one row of each output */
    public List<Shape> rows() {
        return rowShapes.stream().map(Shape::new).toList();
    }
}
