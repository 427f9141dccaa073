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
     * Image folders: the test data, with the same class folders; scored once, on the final model, and
     * never used to choose it. Its files must not be among the training or validation files.
     */
    private File testDirectory;

    /**
     * The fraction of the training data held out for testing (seeded, stratified), carved before any
     * {@code validationSplit}, so it depends only on the training data and the seed.
     */
    private Double testSplit;

    /** IDX: the test images (e.g. {@code t10k-images-idx3-ubyte.gz}). */
    private File testImages;

    /** IDX: the test labels. */
    private File testLabels;

    /**
     * Converts to the core's specification.
     *
     * @return the specification
     */
    public DatasetSpec toSpec() {
        return new DatasetSpec(format(format, "dataset.format"), path(trainDirectory), path(validationDirectory), validationSplit,
                path(trainImages), path(trainLabels), path(validationImages), path(validationLabels), classNames,
                path(testDirectory), testSplit, path(testImages), path(testLabels));
    }

    /**
     * Reads a {@code <format>}.
     *
     * @param format {@code folder} (the default) or {@code idx}, in any case
     * @param parameter the POM element, for the message
     * @return the format
     */
    static DatasetSpec.Format format(String format, String parameter) {
        switch (format == null ? "folder" : format.trim().toLowerCase(Locale.ROOT)) {
            case "folder":
            case "folders":
                return DatasetSpec.Format.FOLDER;
            case "idx":
                return DatasetSpec.Format.IDX;
            default:
                throw new ConfigurationException(parameter, "'" + format + "' is not known; use folder or idx");
        }
    }

    private static Path path(File file) {
        return file == null ? null : file.toPath();
    }
}
