package io.github.transferml.transfer.data;

import java.util.List;

/**
 * A list of examples with the names of their classes.
 *
 * @param classNames class names, index = label
 * @param images the examples, in a stable order
 */
public record LabeledImages(List<String> classNames, List<LabeledImage> images) {

    /** Copies the lists. */
    public LabeledImages {
        classNames = List.copyOf(classNames);
        images = List.copyOf(images);
    }

    /** @return the number of examples */
    public int size() {
        return images.size();
    }

    /** @return how many examples each class has, index = label */
    public int[] countPerClass() {
        int[] counts = new int[classNames.size()];
        for (LabeledImage image : images) {
            counts[image.label()]++;
        }
        return counts;
    }
}
