package io.github.transferml.transfer.data;

import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.PixelLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
        Map<String, Path> files = new TreeMap<>(); // exactly the files read, by stable names
        if (spec.format() == DatasetSpec.Format.FOLDER) {
            List<String> classes = ImageFolderReader.classNames(spec.trainDirectory(), "dataset.trainDirectory");
            train = ImageFolderReader.read(spec.trainDirectory(), classes, "dataset.trainDirectory", limit);
            name(files, "train/", spec.trainDirectory(), train);
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
                name(files, "validation/", spec.validationDirectory(), validation);
            } else {
                validation = null;
            }
        } else {
            train = IdxReader.read(spec.trainImages(), spec.trainLabels(), spec.classNames());
            files.put("trainImages/" + spec.trainImages().getFileName(), spec.trainImages());
            files.put("trainLabels/" + spec.trainLabels().getFileName(), spec.trainLabels());
            if (spec.validationImages() != null) {
                validation = IdxReader.read(spec.validationImages(), spec.validationLabels(), spec.classNames());
                files.put("validationImages/" + spec.validationImages().getFileName(), spec.validationImages());
                files.put("validationLabels/" + spec.validationLabels().getFileName(), spec.validationLabels());
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
        return new TrainValidation(train, validation, DataFiles.hash(files));
    }

    /** Image-folder examples are named by their path relative to their folder, which is how they are read. */
    private static void name(Map<String, Path> files, String role, Path root, LabeledImages images) {
        for (LabeledImage image : images.images()) {
            files.put(role + image.id(), root.resolve(image.id()));
        }
    }
}
