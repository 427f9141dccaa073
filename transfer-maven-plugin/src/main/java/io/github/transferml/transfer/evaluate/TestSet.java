package io.github.transferml.transfer.evaluate;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.PixelLimit;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.data.IdxReader;
import io.github.transferml.transfer.data.ImageFolderReader;
import io.github.transferml.transfer.data.LabeledImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the test images are: one folder with a sub-folder of images per class, all of which is
 * the test set; or an IDX image file, its label file and the class names of labels 0, 1, ...
 *
 * @param format the format of the files
 * @param directory the folder of class sub-folders, for {@link DatasetSpec.Format#FOLDER}
 * @param images the IDX image file, for {@link DatasetSpec.Format#IDX}
 * @param labels the IDX label file, for {@link DatasetSpec.Format#IDX}
 * @param classNames the class names of IDX labels 0..n-1 (empty for a folder)
 */
public record TestSet(DatasetSpec.Format format, Path directory, Path images, Path labels, List<String> classNames) {

    /** Checks that the parts of the format are given. */
    public TestSet {
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        if (format == null) {
            throw new ConfigurationException("testSet.format", "is required: folder or idx");
        }
        if (format == DatasetSpec.Format.FOLDER) {
            if (directory == null) {
                throw new ConfigurationException("testSet.directory", "is required: a folder with one sub-folder of"
                        + " images per class (or <format>idx</format> with <images>, <labels> and <classNames>)");
            }
        } else {
            if (images == null || labels == null) {
                throw new ConfigurationException("testSet.images", "and <labels> are required with <format>idx</format>");
            }
            if (classNames.isEmpty()) {
                throw new ConfigurationException("testSet.classNames",
                        "is required with <format>idx</format>: one <className> per label, in label order");
            }
        }
    }

    /**
     * @param directory a folder with one sub-folder of images per class
     * @return the test set of every image in it
     */
    public static TestSet folder(Path directory) {
        return new TestSet(DatasetSpec.Format.FOLDER, directory, null, null, null);
    }

    /**
     * @param images the IDX image file
     * @param labels the IDX label file
     * @param classNames the class names of labels 0, 1, ...
     * @return the test set of the records in the files
     */
    public static TestSet idx(Path images, Path labels, List<String> classNames) {
        return new TestSet(DatasetSpec.Format.IDX, null, images, labels, classNames);
    }

    /**
     * Reads the examples, to be decoded up to {@link PixelLimit#DEFAULT}.
     *
     * @return the examples, in a stable order (sorted folders and files, or file order)
     * @throws DatasetException if the files cannot be read, or hold no image
     */
    public LabeledImages load() {
        return load(PixelLimit.DEFAULT);
    }

    /**
     * Reads the examples; images are decoded later, one batch at a time.
     *
     * @param limit the largest image file to decode
     * @return the examples, in a stable order (sorted folders and files, or file order)
     * @throws DatasetException if the files cannot be read, or hold no image
     */
    public LabeledImages load(PixelLimit limit) {
        LabeledImages set;
        if (format == DatasetSpec.Format.FOLDER) {
            List<String> classes = ImageFolderReader.classNames(directory, "testSet.directory");
            set = ImageFolderReader.read(directory, classes, "testSet.directory", limit);
        } else {
            requireFile(images, "testSet.images");
            requireFile(labels, "testSet.labels");
            set = IdxReader.read(images, labels, classNames);
        }
        if (set.size() == 0) {
            throw new DatasetException("The test set (" + describe() + ") holds no image.");
        }
        return set;
    }

    private static void requireFile(Path file, String parameter) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("<" + parameter + "> " + file + (Files.exists(file)
                    ? " is a folder; give the IDX file itself." : " does not exist; check the path."));
        }
    }

    /** @return e.g. {@code folder data/test} or {@code idx t10k-images.gz, t10k-labels.gz} */
    public String describe() {
        return format.name().toLowerCase(Locale.ROOT) + " "
                + (format == DatasetSpec.Format.FOLDER ? directory : images + ", " + labels);
    }
}
