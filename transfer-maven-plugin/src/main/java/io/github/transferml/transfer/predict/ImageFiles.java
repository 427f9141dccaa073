package io.github.transferml.transfer.predict;

import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.data.ImageFolderReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the images of a folder and its sub-folders, named by their path relative to the folder with
 * {@code /} separators and sorted by that name, so the output has the same order on every machine.
 * Hidden files and folders (names starting with a dot) are skipped, as are files that are not PNG,
 * JPEG, BMP or GIF by their name.
 */
final class ImageFiles {

    private ImageFiles() {}

    /**
     * Lists the images.
     *
     * @param root the folder
     * @return the relative names, sorted
     * @throws DatasetException if the folder does not exist, cannot be read or holds no image
     */
    static List<String> list(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("The folder " + root + (Files.exists(root) ? " is a file, not a folder." : " does not exist.")
                    + " Point it at a folder of images (PNG, JPEG, BMP or GIF; sub-folders are searched too).");
        }
        List<String> names;
        try (Stream<Path> files = Files.walk(root)) {
            names = files.filter(file -> !file.equals(root))
                    .filter(file -> !hidden(root.relativize(file)))
                    .filter(ImageFolderReader::isImageFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException("Cannot list the images of " + root + ": " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new DatasetException("The folder " + root + " holds no image (" + ImageFolderReader.PATTERNS
                    + ", sub-folders included). Point it at the folder of images to classify.");
        }
        return names;
    }

    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
