package io.github.transferml.transfer.data;

import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.PixelLimit;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Turns a {@link DatasetSpec} into training and validation examples. */
public final class DatasetLoader {

    private DatasetLoader() {}

    /**
     * Loads the data the specification names, decoding images up to {@link PixelLimit#DEFAULT}.
     *
     * @param spec the dataset specification
     * @param seed the seed of the validation split
     * @return training and validation examples
     */
    public static TrainValidation load(DatasetSpec spec, long seed) {
        return load(spec, seed, PixelLimit.DEFAULT);
    }

    /**
     * Loads the data the specification names.
     *
     * @param spec the dataset specification
     * @param seed the seed of the validation split
     * @param limit the largest image file to decode
     * @return training and validation examples
     */
    public static TrainValidation load(DatasetSpec spec, long seed, PixelLimit limit) {
        LabeledImages train;
        LabeledImages validation;
        List<Path> files = new ArrayList<>();
        if (spec.format() == DatasetSpec.Format.FOLDER) {
            List<String> classes = ImageFolderReader.classNames(spec.trainDirectory(), "dataset.trainDirectory");
            train = ImageFolderReader.read(spec.trainDirectory(), classes, "dataset.trainDirectory", limit);
            files.add(spec.trainDirectory());
            if (spec.validationDirectory() != null) {
                List<String> validationClasses =
                        ImageFolderReader.classNames(spec.validationDirectory(), "dataset.validationDirectory");
                if (!validationClasses.equals(classes)) {
                    Set<String> missing = new TreeSet<>(classes);
                    missing.removeAll(validationClasses);
                    Set<String> extra = new TreeSet<>(validationClasses);
                    extra.removeAll(classes);
                    throw new DatasetException(
                            "<dataset.validationDirectory> " + spec.validationDirectory()
                                    + " must have the same class folders as the training data; missing: "
                                    + missing + ", unexpected: " + extra + ". Give both folders the same class"
                                    + " sub-folders.");
                }
                validation = ImageFolderReader.read(spec.validationDirectory(), classes, "dataset.validationDirectory",
                        limit);
                files.add(spec.validationDirectory());
            } else {
                validation = null;
            }
        } else {
            train = IdxReader.read(spec.trainImages(), spec.trainLabels(), spec.classNames());
            files.add(spec.trainImages());
            files.add(spec.trainLabels());
            if (spec.validationImages() != null) {
                validation = IdxReader.read(spec.validationImages(), spec.validationLabels(), spec.classNames());
                files.add(spec.validationImages());
                files.add(spec.validationLabels());
            } else {
                validation = null;
            }
        }
        if (train.size() == 0) { // image folders cannot be empty: every class folder needs an image
            throw new DatasetException("<dataset.trainImages> " + spec.trainImages() + " holds no images; give IDX"
                    + " files with at least one record per class.");
        }
        if (validation == null) {
            LabeledImages[] parts = ValidationSplit.split(train, spec.validationSplit(), seed);
            train = parts[0];
            validation = parts[1];
        }
        if (validation.size() == 0) {
            throw new DatasetException(spec.validationSplit() != null
                    ? "<dataset.validationSplit> holds out no image: it holds out only from classes with at least 2"
                            + " images. Add images, or give separate validation data."
                    : "<dataset.validationImages> " + spec.validationImages() + " holds no images; give IDX files"
                            + " with at least one record.");
        }
        return new TrainValidation(train, validation, digest(files));
    }

    private static String digest(List<Path> roots) {
        try {
            return Sha256.ofTrees(roots);
        } catch (IOException e) {
            throw new DatasetException("Cannot read data files for the dataset digest: " + e.getMessage(), e);
        }
    }
}
