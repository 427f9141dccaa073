package io.github.transferml.transfer.data;

import io.github.transferml.transfer.config.PixelLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                    "<" + parameter + "> " + root + " is not a directory. Point it at a folder"
                            + " with one sub-folder of images per class.");
        }
        try (Stream<Path> children = Files.list(root)) {
            List<String> names =
                    children.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith("."))
                            .sorted()
                            .toList();
            if (names.size() < 2) {
                throw new DatasetException(
                        "<" + parameter + "> " + root + " has " + names.size()
                                + " class folder(s); a classifier needs at least 2 sub-folders, one per class.");
            }
            return names;
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + root + ": " + e.getMessage(), e);
        }
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
                throw new DatasetException(
                        "Class folder " + classDir + " has no images (" + IMAGE_EXTENSIONS
                                + "); add some or remove the folder.");
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
            return files.filter(Files::isRegularFile)
                    .filter(ImageFolderReader::isImage)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
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
