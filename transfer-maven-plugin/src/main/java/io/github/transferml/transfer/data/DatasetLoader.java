package io.github.transferml.transfer.data;

import io.github.transferml.transfer.cluster.Cluster;
import io.github.transferml.transfer.cluster.ClusterImage;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.PixelLimit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns a {@link DatasetSpec} into training, validation and (optional) test examples. */
public final class DatasetLoader {

    private DatasetLoader() {}

    /**
     * Loads the data the specification names, decoding images up to {@link PixelLimit#DEFAULT}.
     *
     * @param spec the dataset specification
     * @param seed the seed of the test and validation splits
     * @return training, validation and test examples
     */
    public static TrainValidation load(DatasetSpec spec, long seed) {
        return load(spec, seed, PixelLimit.DEFAULT);
    }

    /**
     * Loads the data the specification names.
     *
     * @param spec the dataset specification
     * @param seed the seed of the test and validation splits
     * @param limit the largest image file to decode
     * @return training, validation and test examples
     * @throws DatasetException if the data cannot be read, or held-out files are copies of others
     */
    public static TrainValidation load(DatasetSpec spec, long seed, PixelLimit limit) {
        spec.requireTrainDirectory();
        LabeledImages train;
        LabeledImages validation = null;
        LabeledImages test = null;
        Map<String, Path> files = new TreeMap<>(); // exactly the files read, by stable names
        List<DataOverlap.Part> parts = new ArrayList<>(); // training first, then what is held out from it
        if (spec.format() == DatasetSpec.Format.FOLDER) {
            List<String> classes = ImageFolderReader.classNames(spec.trainDirectory(), "dataset.trainDirectory");
            parts.add(new DataOverlap.Part("train/", "dataset.trainDirectory", spec.trainDirectory(),
                    "training folder"));
            if (spec.validationDirectory() != null) {
                parts.add(new DataOverlap.Part("validation/", "dataset.validationDirectory",
                        spec.validationDirectory(), "validation folder"));
            }
            if (spec.testDirectory() != null) {
                parts.add(new DataOverlap.Part("test/", "dataset.testDirectory", spec.testDirectory(),
                        "test folder"));
            }
            DataOverlap.requireDistinctLocations(parts);
            train = ImageFolderReader.read(spec.trainDirectory(), classes, "dataset.trainDirectory", limit);
            name(files, "train/", spec.trainDirectory(), train);
            if (spec.validationDirectory() != null) {
                validation = readWithClasses(spec.validationDirectory(), classes, "dataset.validationDirectory", limit);
                name(files, "validation/", spec.validationDirectory(), validation);
            }
            if (spec.testDirectory() != null) {
                test = readWithClasses(spec.testDirectory(), classes, "dataset.testDirectory", limit);
                name(files, "test/", spec.testDirectory(), test);
            }
        } else {
            // IDX files are compared whole: a shared label file alone is no leak, so only images count.
            parts.add(new DataOverlap.Part("trainImages/", "dataset.trainImages", spec.trainImages(),
                    "training image file"));
            if (spec.validationImages() != null) {
                parts.add(new DataOverlap.Part("validationImages/", "dataset.validationImages",
                        spec.validationImages(), "validation image file"));
            }
            if (spec.testImages() != null) {
                parts.add(new DataOverlap.Part("testImages/", "dataset.testImages", spec.testImages(),
                        "test image file"));
            }
            DataOverlap.requireDistinctLocations(parts);
            train = IdxReader.read(spec.trainImages(), spec.trainLabels(), spec.classNames());
            files.put("trainImages/" + spec.trainImages().getFileName(), spec.trainImages());
            files.put("trainLabels/" + spec.trainLabels().getFileName(), spec.trainLabels());
            if (spec.validationImages() != null) {
                validation = IdxReader.read(spec.validationImages(), spec.validationLabels(), spec.classNames());
                files.put("validationImages/" + spec.validationImages().getFileName(), spec.validationImages());
                files.put("validationLabels/" + spec.validationLabels().getFileName(), spec.validationLabels());
            }
            if (spec.testImages() != null) {
                test = IdxReader.read(spec.testImages(), spec.testLabels(), spec.classNames());
                files.put("testImages/" + spec.testImages().getFileName(), spec.testImages());
                files.put("testLabels/" + spec.testLabels().getFileName(), spec.testLabels());
            }
        }
        if (train.size() == 0) { // image folders cannot be empty: every class folder needs an image
            throw new DatasetException("<dataset.trainImages> " + spec.trainImages() + " holds no images; give IDX"
                    + " files with at least one record per class.");
        }
        return split(spec, seed, train, validation, test, DataFiles.hash(files), parts);
    }

    /**
     * Loads image folders that a cluster lists, reads and hashes ({@code <spark>}): the same classes,
     * the same names, the same digest and the same splits as {@link #load(DatasetSpec, long,
     * PixelLimit)} gives for the same files on a local disk.
     *
     * @param spec the dataset specification, image folders
     * @param seed the seed of the test and validation splits
     * @param limit the largest image file to decode
     * @param cluster lists and reads the folders
     * @param trainLocation where the cluster reads the training folder, or null for {@code trainDirectory}
     * @return training, validation and test examples, whose images the cluster reads
     * @throws DatasetException if the data cannot be read, or held-out files are copies of others
     */
    public static TrainValidation load(DatasetSpec spec, long seed, PixelLimit limit, Cluster cluster,
            String trainLocation) {
        if (spec.format() != DatasetSpec.Format.FOLDER) {
            throw new IllegalArgumentException("a cluster reads image folders only");
        }
        List<Cluster.Folder> folders = new ArrayList<>();
        List<DataOverlap.Part> parts = new ArrayList<>();
        folders.add(new Cluster.Folder("train/", trainLocation != null ? "spark.images" : "dataset.trainDirectory",
                trainLocation != null ? trainLocation : location(spec.trainDirectory())));
        if (spec.validationDirectory() != null) {
            folders.add(new Cluster.Folder("validation/", "dataset.validationDirectory",
                    location(spec.validationDirectory())));
        }
        if (spec.testDirectory() != null) {
            folders.add(new Cluster.Folder("test/", "dataset.testDirectory", location(spec.testDirectory())));
        }
        for (Cluster.Folder folder : folders) {
            parts.add(new DataOverlap.Part(folder.role(), folder.parameter(), folder.location(),
                    folder.role().substring(0, folder.role().length() - 1).replace("train", "training") + " folder"));
        }
        DataOverlap.requireDistinctLocations(parts);
        Cluster.Folder trainFolder = folders.get(0);
        Cluster.Contents contents = cluster.contents(trainFolder);
        List<String> classes = ImageFolderReader.checkClassFolders(trainFolder.location(), "/",
                contents.classFolders(), contents.looseImages(), trainFolder.parameter());
        Map<String, List<String>> classFolders = new TreeMap<>();
        for (Cluster.Folder folder : folders) {
            List<String> found = folder == trainFolder ? classes : cluster.contents(folder).classFolders();
            requireSameClasses(folder.location(), folder.parameter(), found, classes);
            classFolders.put(folder.role(), classes);
        }
        Map<String, Map<String, Map<String, ClusterImage>>> byRole = new TreeMap<>(); // role, class, file name
        SortedMap<String, String> digests = new TreeMap<>();
        for (Cluster.ListedFile file : cluster.list(folders, classFolders)) {
            int slash = file.id().indexOf('/');
            byRole.computeIfAbsent(file.role(), r -> new TreeMap<>())
                    .computeIfAbsent(file.id().substring(0, slash), c -> new TreeMap<>())
                    .put(file.id().substring(slash + 1), new ClusterImage(file.location(), file.sha256(), cluster,
                            limit));
            digests.put(file.role() + file.id(), file.sha256());
        }
        LabeledImages[] read = new LabeledImages[folders.size()];
        for (int i = 0; i < folders.size(); i++) {
            Cluster.Folder folder = folders.get(i);
            read[i] = ImageFolderReader.fromListing(folder.location(), classes,
                    byRole.getOrDefault(folder.role(), Map.of()), folder.parameter());
        }
        LabeledImages validation = null;
        LabeledImages test = null;
        for (int i = 1; i < folders.size(); i++) {
            if (folders.get(i).role().equals("validation/")) {
                validation = read[i];
            } else {
                test = read[i];
            }
        }
        return split(spec, seed, read[0], validation, test, new DataFiles(digests), parts);
    }

    private static String location(Path folder) {
        return folder.toAbsolutePath().normalize().toUri().toString();
    }

    /** Carves the test and validation splits, after checking that held-out data is not training data. */
    private static TrainValidation split(DatasetSpec spec, long seed, LabeledImages train, LabeledImages validation,
            LabeledImages test, DataFiles hashed, List<DataOverlap.Part> parts) {
        DataOverlap.requireDisjoint(hashed, parts);
        // The test split comes first, so which images it holds out depends on nothing that validation tunes.
        if (spec.testSplit() != null) {
            LabeledImages[] carved = ValidationSplit.split(train, spec.testSplit(), seed);
            train = carved[0];
            test = carved[1];
            if (test.size() == 0) {
                throw new DatasetException("<dataset.testSplit> holds out no image: it holds out only from classes"
                        + " with at least 2 images. Add images, or give separate test data.");
            }
        }
        if (validation == null) {
            LabeledImages[] split = ValidationSplit.split(train, spec.validationSplit(), seed);
            train = split[0];
            validation = split[1];
        }
        if (validation.size() == 0) {
            throw new DatasetException(spec.validationSplit() != null
                    ? "<dataset.validationSplit> holds out no image: it holds out only from classes with at least 2"
                            + " images" + (spec.testSplit() != null ? " left by <testSplit>" : "")
                            + ". Add images, or give separate validation data."
                    : "<dataset.validationImages> " + spec.validationImages() + " holds no images; give IDX files"
                            + " with at least one record.");
        }
        if (test != null && test.size() == 0) {
            throw new DatasetException("<dataset.testImages> " + spec.testImages() + " holds no images; give IDX files"
                    + " with at least one record, or remove <testImages> and <testLabels>.");
        }
        return new TrainValidation(train, validation,
                test == null ? new LabeledImages(train.classNames(), List.of()) : test, hashed);
    }

    /** Reads held-out folders, which must have the training data's class folders, no more and no fewer. */
    private static LabeledImages readWithClasses(Path root, List<String> classes, String parameter,
            PixelLimit limit) {
        requireSameClasses(root, parameter, ImageFolderReader.classNames(root, parameter), classes);
        return ImageFolderReader.read(root, classes, parameter, limit);
    }

    private static void requireSameClasses(Object root, String parameter, List<String> found, List<String> classes) {
        if (!found.equals(classes)) {
            Set<String> missing = new TreeSet<>(classes);
            missing.removeAll(found);
            Set<String> extra = new TreeSet<>(found);
            extra.removeAll(classes);
            throw new DatasetException("<" + parameter + "> " + root
                    + " must have the same class folders as the training data; missing: " + missing + ", unexpected: "
                    + extra + ". Give both folders the same class sub-folders.");
        }
    }

    /** Image-folder examples are named by their path relative to their folder, which is how they are read. */
    private static void name(Map<String, Path> files, String role, Path root, LabeledImages images) {
        for (LabeledImage image : images.images()) {
            files.put(role + image.id(), root.resolve(image.id()));
        }
    }
}
