package io.github.transferml.transfer.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The training data and how validation data is obtained.
 *
 * <p>Image folders: {@code trainDirectory} has one sub-folder per class. IDX (MNIST's format):
 * {@code trainImages}/{@code trainLabels} (and optional validation files) with {@code classNames}.
 * Validation comes from {@code validationDirectory} (or validation IDX files), or else from a seeded,
 * stratified {@code validationSplit} of the training data.
 *
 * <p>An optional test set, which nothing is tuned on, comes from {@code testDirectory} (or test IDX
 * files), or else from a seeded, stratified {@code testSplit} of the training data. The test split
 * is carved first, so it depends only on the training data, the fraction and the seed: changing how
 * validation data is obtained never moves an image into or out of the test set. A {@code
 * validationSplit} then holds out its fraction of what the test split left.
 *
 * @param format the format of the files
 * @param trainDirectory the image-folder training data
 * @param validationDirectory the image-folder validation data, or {@code null}
 * @param validationSplit the fraction of training data held out for validation, or {@code null}
 * @param trainImages the IDX image file for training
 * @param trainLabels the IDX label file for training
 * @param validationImages the IDX image file for validation, or {@code null}
 * @param validationLabels the IDX label file for validation, or {@code null}
 * @param classNames the class names of IDX labels 0..n-1 (empty for image folders)
 * @param testDirectory the image-folder test data, or {@code null}
 * @param testSplit the fraction of training data held out for testing, or {@code null}
 * @param testImages the IDX image file for testing, or {@code null}
 * @param testLabels the IDX label file for testing, or {@code null}
 */
public record DatasetSpec(
        Format format,
        Path trainDirectory,
        Path validationDirectory,
        Double validationSplit,
        Path trainImages,
        Path trainLabels,
        Path validationImages,
        Path validationLabels,
        List<String> classNames,
        Path testDirectory,
        Double testSplit,
        Path testImages,
        Path testLabels) {

    /** The file formats a dataset can come in. */
    public enum Format {
        /** One sub-folder per class holding PNG, JPEG, BMP or GIF files. */
        FOLDER,
        /** MNIST's IDX files, optionally gzipped. */
        IDX
    }

    /**
     * A dataset without a test set.
     *
     * @param format the format of the files
     * @param trainDirectory the image-folder training data
     * @param validationDirectory the image-folder validation data, or {@code null}
     * @param validationSplit the fraction of training data held out for validation, or {@code null}
     * @param trainImages the IDX image file for training
     * @param trainLabels the IDX label file for training
     * @param validationImages the IDX image file for validation, or {@code null}
     * @param validationLabels the IDX label file for validation, or {@code null}
     * @param classNames the class names of IDX labels 0..n-1 (empty for image folders)
     */
    public DatasetSpec(Format format, Path trainDirectory, Path validationDirectory, Double validationSplit,
            Path trainImages, Path trainLabels, Path validationImages, Path validationLabels, List<String> classNames) {
        this(format, trainDirectory, validationDirectory, validationSplit, trainImages, trainLabels, validationImages,
                validationLabels, classNames, null, null, null, null);
    }

    /**
     * Fails unless an image-folder data set names its training folder: required unless a cluster
     * reads it from elsewhere ({@code <spark><images>}).
     *
     * @throws ConfigurationException naming {@code dataset.trainDirectory}
     */
    public void requireTrainDirectory() {
        if (format == Format.FOLDER && trainDirectory == null) {
            throw new ConfigurationException("dataset.trainDirectory",
                    "is required: a folder with one sub-folder of images per class");
        }
    }

    /** Checks that the parts that belong together are given together. */
    public DatasetSpec {
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        if (validationSplit != null && (validationSplit <= 0 || validationSplit >= 1)) {
            throw new ConfigurationException(
                    "dataset.validationSplit", "must be between 0 and 1 (exclusive), not " + validationSplit);
        }
        if (format == Format.FOLDER) {
            // trainDirectory may be absent when a cluster reads the training folder (<spark><images>)
            if (validationDirectory == null && validationSplit == null) {
                throw new ConfigurationException(
                        "dataset",
                        "needs <validationDirectory> or <validationSplit> (e.g. 0.2) for validation data");
            }
        } else {
            if (trainImages == null || trainLabels == null) {
                throw new ConfigurationException(
                        "dataset.trainImages",
                        "and <trainLabels> are required with <format>idx</format>");
            }
            if ((validationImages == null) != (validationLabels == null)) {
                throw new ConfigurationException(
                        "dataset.validationImages", "and <validationLabels> must be given together");
            }
            if (validationImages == null && validationSplit == null) {
                throw new ConfigurationException(
                        "dataset",
                        "needs <validationImages>/<validationLabels> or <validationSplit> for validation data");
            }
            if (classNames.isEmpty()) {
                throw new ConfigurationException(
                        "dataset.classNames",
                        "is required with <format>idx</format>: one <className> per label, in label order");
            }
            if (classNames.size() < 2) {
                throw new ConfigurationException("dataset.classNames", "lists only " + classNames
                        + "; a classifier needs at least 2 classes, one <className> per label, in label order");
            }
        }
        if (validationSplit != null
                && (validationDirectory != null || validationImages != null)) {
            throw new ConfigurationException(
                    "dataset.validationSplit",
                    "cannot be combined with separate validation data; remove one of them");
        }
        checkTestSet(format, testDirectory, testSplit, testImages, testLabels);
    }

    private static void checkTestSet(Format format, Path testDirectory, Double testSplit, Path testImages,
            Path testLabels) {
        if (testSplit != null && (testSplit <= 0 || testSplit >= 1)) {
            throw new ConfigurationException(
                    "dataset.testSplit", "must be between 0 and 1 (exclusive), not " + testSplit);
        }
        if (format == Format.FOLDER && testDirectory != null && testSplit != null) {
            throw new ConfigurationException("dataset.testSplit", "and <testDirectory> are both given; a test set"
                    + " comes from one of them: remove one");
        }
        if (format == Format.IDX) {
            if ((testImages == null) != (testLabels == null)) {
                throw new ConfigurationException(
                        "dataset.testImages", "and <testLabels> must be given together");
            }
            if (testImages != null && testSplit != null) {
                throw new ConfigurationException("dataset.testSplit", "and <testImages>/<testLabels> are both given;"
                        + " a test set comes from one of them: remove one");
            }
        }
    }

    /**
     * @param directory the image-folder test data
     * @return this dataset with a test folder instead of any other test set
     */
    public DatasetSpec withTestDirectory(Path directory) {
        return new DatasetSpec(format, trainDirectory, validationDirectory, validationSplit, trainImages, trainLabels,
                validationImages, validationLabels, classNames, directory, null, null, null);
    }

    /**
     * @param fraction the fraction of training data to hold out for testing
     * @return this dataset with a test split instead of any other test set
     */
    public DatasetSpec withTestSplit(double fraction) {
        return new DatasetSpec(format, trainDirectory, validationDirectory, validationSplit, trainImages, trainLabels,
                validationImages, validationLabels, classNames, null, fraction, null, null);
    }

    /** @return whether the dataset has a test set: separate test data or a test split */
    public boolean hasTestSet() {
        return testSplit != null || (format == Format.FOLDER ? testDirectory != null : testImages != null);
    }
}
