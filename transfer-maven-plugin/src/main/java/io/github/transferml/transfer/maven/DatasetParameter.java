package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.DatasetSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The POM's {@code <dataset>}. */
public class DatasetParameter {

    /** {@code folder} (one sub-folder of images per class, the default) or {@code idx} (MNIST's format). */
    private String format = "folder";

    /** Image folders: the training data, one sub-folder per class; class names are the folder names, sorted. */
    private File trainDirectory;

    /** Image folders: the validation data, with the same class folders. */
    private File validationDirectory;

    /** The fraction of the training data held out for validation (seeded, stratified), when there is no separate validation data. */
    private Double validationSplit;

    /** IDX: the training images (e.g. {@code train-images-idx3-ubyte.gz}). */
    private File trainImages;

    /** IDX: the training labels. */
    private File trainLabels;

    /** IDX: the validation images. */
    private File validationImages;

    /** IDX: the validation labels. */
    private File validationLabels;

    /** IDX: the class names of labels 0, 1, ..., one {@code <className>} each. */
    private List<String> classNames = new ArrayList<>();

    /**
     * Converts to the core's specification.
     *
     * @return the specification
     */
    public DatasetSpec toSpec() {
        DatasetSpec.Format kind;
        switch (format == null ? "folder" : format.trim().toLowerCase(Locale.ROOT)) {
            case "folder":
            case "folders":
                kind = DatasetSpec.Format.FOLDER;
                break;
            case "idx":
                kind = DatasetSpec.Format.IDX;
                break;
            default:
                throw new ConfigurationException("dataset.format", "'" + format + "' is not known; use folder or idx");
        }
        return new DatasetSpec(kind, path(trainDirectory), path(validationDirectory), validationSplit,
                path(trainImages), path(trainLabels), path(validationImages), path(validationLabels), classNames);
    }

    private static Path path(File file) {
        return file == null ? null : file.toPath();
    }
}
