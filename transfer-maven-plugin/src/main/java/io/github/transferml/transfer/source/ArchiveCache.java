package io.github.transferml.transfer.source;

import ai.djl.repository.FilenameUtils;
import ai.djl.util.TarUtils;
import ai.djl.util.Utils;
import ai.djl.util.ZipUtils;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Extracts model archives into DJL's cache, in a directory named by the archive's SHA-256. DJL would
 * extract an archive once per path and reuse that copy even after the file changed, so a model
 * rebuilt at the same path (a SNAPSHOT artifact, a re-trained archive) would load stale parameters.
 */
public final class ArchiveCache {

    private ArchiveCache() {}

    /**
     * Whether a file is an archive that must be extracted before DJL loads it.
     *
     * @param path a file or directory
     * @return whether it is a regular file with an archive's name ({@code .zip}, {@code .tar.gz}, …)
     */
    public static boolean isArchive(Path path) {
        return Files.isRegularFile(path) && FilenameUtils.isArchiveFile(path.getFileName().toString());
    }

    /**
     * The directory DJL should load a model from: a model directory as it is, an archive extracted
     * by {@link #extract}.
     *
     * @param model a model directory or archive
     * @param sha256 the model's SHA-256
     * @return the directory, or {@code null} when the path is neither
     * @throws IOException if the archive cannot be extracted
     */
    public static Path modelDirectory(Path model, String sha256) throws IOException {
        if (Files.isDirectory(model)) {
            return model;
        }
        return isArchive(model) ? extract(model, sha256) : null;
    }

    /**
     * Extracts an archive, unless a build extracted the same content before.
     *
     * @param archive the archive
     * @param sha256 its SHA-256
     * @return the directory holding its content
     * @throws IOException if it cannot be read or extracted
     */
    public static Path extract(Path archive, String sha256) throws IOException {
        String name = archive.getFileName().toString();
        Path dir = Utils.getCacheDir().resolve("cache/transfer").resolve(sha256).resolve(FilenameUtils.getNamePart(name));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path temporary = Files.createTempDirectory(Files.createDirectories(dir.getParent()), ".extract");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            String type = FilenameUtils.getFileType(name);
            if ("zip".equals(type)) {
                ZipUtils.unzip(in, temporary);
            } else {
                TarUtils.untar(in, temporary, "tgz".equals(type));
            }
            Files.move(temporary, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) { // else another build extracted it meanwhile
                throw e;
            }
        } finally {
            Utils.deleteQuietly(temporary);
        }
        return dir;
    }
}
