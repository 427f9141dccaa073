package io.github.transferml.transfer.source;

import ai.djl.repository.FilenameUtils;
import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Extracts model archives into DJL's cache, in a directory named by the archive's SHA-256. DJL would
 * extract an archive once per path and reuse that copy even after the file changed, so a model
 * rebuilt at the same path (a SNAPSHOT artifact, a re-trained archive) would load stale parameters.
 *
 * <p>Archives come from repositories and URLs and may be hostile, so they are extracted here rather
 * than by DJL's ZipUtils/TarUtils: every entry must be a plain file or directory whose path stays in
 * the extracted directory, and the archive may hold no more entries and bytes than its
 * {@link ExtractionLimits}. A refused or failed archive leaves nothing in the cache: it is extracted
 * into a temporary directory that becomes the cached one only when complete.
 */
public final class ArchiveCache {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

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
     * The directory DJL should load a model from, within the {@linkplain ExtractionLimits#DEFAULT
     * default limits}.
     *
     * @param model a model directory or archive
     * @param sha256 the model's SHA-256
     * @return the directory, or {@code null} when the path is neither
     * @throws UnsafeArchiveException if the archive is refused
     * @throws IOException if the archive cannot be extracted
     */
    public static Path modelDirectory(Path model, String sha256) throws IOException {
        return modelDirectory(model, sha256, ExtractionLimits.DEFAULT);
    }

    /**
     * The directory DJL should load a model from: a model directory as it is, an archive extracted
     * by {@link #extract(Path, String, ExtractionLimits)}.
     *
     * @param model a model directory or archive
     * @param sha256 the model's SHA-256
     * @param limits how much the archive may hold
     * @return the directory, or {@code null} when the path is neither
     * @throws UnsafeArchiveException if the archive is refused
     * @throws IOException if the archive cannot be extracted
     */
    public static Path modelDirectory(Path model, String sha256, ExtractionLimits limits) throws IOException {
        if (Files.isDirectory(model)) {
            return model;
        }
        return isArchive(model) ? extract(model, sha256, limits) : null;
    }

    /**
     * Extracts an archive within the {@linkplain ExtractionLimits#DEFAULT default limits}, unless a
     * build extracted the same content before.
     *
     * @param archive the archive
     * @param sha256 its SHA-256
     * @return the directory holding its content
     * @throws UnsafeArchiveException if the archive is refused
     * @throws IOException if it cannot be read or extracted
     */
    public static Path extract(Path archive, String sha256) throws IOException {
        return extract(archive, sha256, ExtractionLimits.DEFAULT);
    }

    /**
     * Extracts an archive, unless a build extracted the same content before. Messages name the
     * archive by its path.
     *
     * @param archive the archive: {@code .zip}, {@code .tar}, {@code .tar.gz} or {@code .tgz}
     * @param sha256 its SHA-256, lower-case hex
     * @param limits how much it may hold
     * @return the directory holding its content
     * @throws UnsafeArchiveException if the archive is refused
     * @throws IOException if it cannot be read or extracted
     */
    public static Path extract(Path archive, String sha256, ExtractionLimits limits) throws IOException {
        return extract(archive, sha256, limits, archive.toString());
    }

    /**
     * Extracts an archive, unless a build extracted the same content before, naming it in messages as
     * the user knows it: a downloaded archive lies in the cache, but the user gave a URL.
     *
     * @param archive the archive: {@code .zip}, {@code .tar}, {@code .tar.gz} or {@code .tgz}
     * @param sha256 its SHA-256, lower-case hex
     * @param limits how much it may hold
     * @param shownAs how messages name the archive, e.g. {@link io.github.transferml.transfer.util.ModelUrls#redact redacted} URL
     * @return the directory holding its content
     * @throws UnsafeArchiveException if the archive is refused
     * @throws IOException if it cannot be read or extracted
     */
    public static Path extract(Path archive, String sha256, ExtractionLimits limits, String shownAs)
            throws IOException {
        return extract(archive, sha256, limits, shownAs, Utils.getCacheDir());
    }

    /** As {@link #extract(Path, String, ExtractionLimits, String)}, into the given DJL cache directory. */
    static Path extract(Path archive, String sha256, ExtractionLimits limits, String shownAs, Path cacheDir)
            throws IOException {
        if (!SHA256.matcher(sha256).matches()) { // it names a directory: nothing else may slip into the path
            throw new IllegalArgumentException("Not a lower-case hex SHA-256: " + sha256);
        }
        String name = archive.getFileName().toString();
        String type = FilenameUtils.getFileType(name);
        if (!List.of("zip", "tgz", "tar").contains(type)) {
            throw new IOException("Cannot extract " + shownAs + ": it is not a .zip, .tar, .tar.gz or .tgz archive.");
        }
        Path transfer = cacheDir.resolve("cache/transfer");
        Path dir = transfer.resolve(sha256).resolve(FilenameUtils.getNamePart(name));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        // A sibling of the <sha256> directories, so that a refused archive leaves not even an empty one.
        Path temporary = Files.createTempDirectory(Files.createDirectories(transfer), ".extract-");
        try {
            ExtractionGuard guard = new ExtractionGuard(shownAs, temporary, limits);
            if ("zip".equals(type)) {
                ZipExtraction.extract(archive, guard);
            } else {
                TarExtraction.extract(archive, "tgz".equals(type), guard);
            }
            Files.createDirectories(dir.getParent());
            Files.move(temporary, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsafeArchiveException e) {
            throw e;
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
