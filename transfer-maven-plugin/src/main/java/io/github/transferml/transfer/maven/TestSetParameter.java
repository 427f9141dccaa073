package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.evaluate.TestSet;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The POM's {@code <testSet>} of {@code transfer:evaluate}. */
public class TestSetParameter {

    /** {@code folder} (one sub-folder of images per class, the default) or {@code idx} (MNIST's format). */
    private String format = "folder";

    /** Image folders: the test data, one sub-folder per class named as the model's class; all of it is scored. */
    private File directory;

    /** IDX: the test images (e.g. {@code t10k-images-idx3-ubyte.gz}). */
    private File images;

    /** IDX: the test labels. */
    private File labels;

    /** IDX: the class names of labels 0, 1, ..., one {@code <className>} each. */
    private List<String> classNames = new ArrayList<>();

    /** @return the core's test set */
    public TestSet toTestSet() {
        return new TestSet(DatasetParameter.format(format, "testSet.format"), path(directory), path(images),
                path(labels), classNames);
    }

    private static java.nio.file.Path path(File file) {
        return file == null ? null : file.toPath();
    }
}
