package io.github.transferml.transfer.archive;

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
 * Model archives unpacked into DJL's cache, one directory per content (its SHA-256). DJL would
 * extract an archive once per path and reuse that copy even after the file changed, so a model
 * rebuilt at the same path (a SNAPSHOT artifact, a re-trained archive) would load stale parameters.
 */
public final class ArchiveCache {

    private ArchiveCache() {}

    /**
     * @param file a file name
     * @return whether DJL reads it as an archive ({@code .zip}, {@code .tar.gz}, {@code .tgz}, ...)
     */
    public static boolean isArchive(Path file) {
        return FilenameUtils.isArchiveFile(file.getFileName().toString());
    }

    /**
     * Extracts an archive, unless a previous build extracted the same content.
     *
     * @param archive a zip or tar archive
     * @param sha256 the archive's SHA-256, which names the directory
     * @return the directory holding the archive's content
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
