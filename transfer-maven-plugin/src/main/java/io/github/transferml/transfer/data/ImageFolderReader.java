package io.github.transferml.transfer.data;

import io.github.transferml.transfer.config.PixelLimit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the image-folder layout: one sub-folder per class, class names = folder names, sorted.
 * Files are sorted by name so the order (and every seeded shuffle after it) is the same on every
 * machine.
 */
public final class ImageFolderReader {

    /** The image file endings that are read; other files (a README, say) are ignored. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    /** The file name patterns of {@link #IMAGE_EXTENSIONS}, sorted, for messages: {@code *.bmp, *.gif, …}. */
    public static final String PATTERNS =
            String.join(", ", IMAGE_EXTENSIONS.stream().sorted().map(e -> "*." + e).toList());

    private ImageFolderReader() {}

    /**
     * Lists the class folders of a directory.
     *
     * @param root the directory
     * @param parameter the POM parameter that named it, for messages
     * @return the class names, sorted
     */
    public static List<String> classNames(Path root, String parameter) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(
                    "<" + parameter + "> " + root
                            + (Files.exists(root) ? " is a file, not a folder." : " does not exist.")
                            + " Point it at a folder with one sub-folder of images per class.");
        }
        try (Stream<Path> children = Files.list(root)) {
            List<String> names =
                    children.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith("."))
                            .sorted()
                            .toList();
            int loose = names.isEmpty() ? imageFiles(root).size() : 0;
            return checkClassFolders(root.toString(), root.getFileSystem().getSeparator(), names, loose, parameter);
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks what lies in a training folder, wherever it was listed: class folders, at least two, and
     * no images beside them.
     *
     * @param root the folder, as the user named it
     * @param separator how its paths separate names
     * @param names its sub-folders but hidden ones, sorted
     * @param loose how many image files lie directly in it
     * @param parameter the POM parameter that named it, for messages
     * @return the class names
     */
    public static List<String> checkClassFolders(String root, String separator, List<String> names, int loose,
            String parameter) {
        String prefix = root.endsWith(separator) ? root : root + separator;
        if (loose > 0 && names.isEmpty()) {
            throw new DatasetException(
                    "<" + parameter + "> " + root + " holds " + loose + (loose == 1 ? " image" : " images")
                            + " but no class folders. Move the images into one sub-folder per class (e.g. "
                            + prefix + "cat, " + prefix + "dog): the folder names are the class names.");
        }
        if (names.size() < 2) {
            throw new DatasetException(
                    "<" + parameter + "> " + root + " has " + names.size()
                            + " class folder(s); a classifier needs at least 2 sub-folders, one per class.");
        }
        return List.copyOf(names);
    }

    /**
     * Builds examples from files a cluster listed, in exactly the order and with exactly the names a
     * local read gives: per class in label order, files by name as a local disk sorts them.
     *
     * @param root the folder, for messages
     * @param classNames the classes, in label order
     * @param files the image files of each class, by class name: file name to its source
     * @param parameter the POM parameter that named it, for messages
     * @return the examples
     */
    public static LabeledImages fromListing(String root, List<String> classNames,
            Map<String, ? extends Map<String, ? extends ImageSource>> files, String parameter) {
        List<LabeledImage> images = new ArrayList<>();
        for (int label = 0; label < classNames.size(); label++) {
            String className = classNames.get(label);
            Map<String, ? extends ImageSource> inClass = files.get(className);
            if (inClass == null || inClass.isEmpty()) {
                throw new DatasetException("Class folder " + root + "/" + className + " has no images (" + PATTERNS
                        + "). Add its images or remove the folder.");
            }
            List<String> names = new ArrayList<>(inClass.keySet());
            names.sort(ImageFolderReader::compareAsPaths);
            for (String name : names) {
                images.add(new LabeledImage(className + "/" + name, label, inClass.get(name)));
            }
        }
        return new LabeledImages(classNames, images);
    }

    /**
     * Orders file names as {@code Path.compareTo} orders them on Linux and macOS: by their bytes,
     * unsigned, in UTF-8.
     *
     * @param a a name
     * @param b another
     * @return their order
     */
    public static int compareAsPaths(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a directory with the given classes.
     *
     * @param root the directory
     * @param classNames the classes (sub-folders) to read, in label order
     * @param parameter the POM parameter that named it, for messages
     * @param limit the largest image to decode
     * @return the examples
     */
    public static LabeledImages read(Path root, List<String> classNames, String parameter, PixelLimit limit) {
        List<LabeledImage> images = new ArrayList<>();
        for (int label = 0; label < classNames.size(); label++) {
            Path classDir = root.resolve(classNames.get(label));
            if (!Files.isDirectory(classDir)) {
                throw new DatasetException(
                        "<" + parameter + "> " + root + " has no folder '" + classNames.get(label)
                                + "'; every class of the training data needs one.");
            }
            List<Path> files = imageFiles(classDir);
            if (files.isEmpty()) {
                throw new DatasetException(noImages(classDir));
            }
            for (Path file : files) {
                String id = root.relativize(file).toString().replace('\\', '/');
                images.add(new LabeledImage(id, label, () -> ImageDecoder.decode(file, limit)));
            }
        }
        return new LabeledImages(classNames, images);
    }

    private static List<Path> imageFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(ImageFolderReader::isImageFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Says that a class folder has no images, and what it has instead: often images Java cannot read. */
    private static String noImages(Path dir) {
        List<String> others;
        try (Stream<Path> files = Files.list(dir)) {
            others = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (others.isEmpty()) {
            return "Class folder " + dir + " is empty. Add its images (" + PATTERNS + ") or remove the folder.";
        }
        return "Class folder " + dir + " has no images (" + PATTERNS + "), only " + others.size()
                + (others.size() == 1 ? " other file (" : " other files (")
                + String.join(", ", others.subList(0, Math.min(3, others.size()))) + (others.size() > 3 ? ", …" : "")
                + "). Add images (convert other formats to PNG or JPEG) or remove the folder.";
    }

    /**
     * Tells an image file from anything else in a folder, and fails on an image name that leads
     * nowhere rather than skip it unseen.
     *
     * @param file a folder entry
     * @return whether it is a regular file (or a link to one) named as an image
     * @throws DatasetException if it is named as an image but is a broken or looping symbolic link
     */
    public static boolean isImageFile(Path file) {
        if (!isImage(file)) {
            return false;
        }
        if (Files.isRegularFile(file)) {
            return true;
        }
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            throw new DatasetException("Image " + file + " is a symbolic link that leads nowhere (broken, or a loop);"
                    + " fix the link or remove it.");
        }
        return false; // e.g. a folder named x.png
    }

    /**
     * Tells an image file from anything else in a folder.
     *
     * @param file a file
     * @return whether its name ends in one of {@link #IMAGE_EXTENSIONS}, in any case
     */
    public static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0
                && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
