package io.github.transferml.transfer.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file completely or not at all: the bytes go to a temporary file beside the target, which
 * then replaces the target in one move. A failed or interrupted build never leaves a half-written
 * file, and never damages the previous one.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes (or replaces) a file.
     *
     * @param target the file
     * @param bytes its new content
     * @throws IOException if it cannot be written; the target is then unchanged
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path directory = Files.createDirectories(target.toAbsolutePath().getParent());
        String name = target.getFileName().toString();
        deleteLeftovers(directory, name);
        Path temporary = Files.createTempFile(directory, "." + name, ".tmp");
        try {
            Files.write(temporary, bytes);
            // Temporary files are private (rw-------); the result is an ordinary build output.
            if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Removes temporary files that a killed build (no {@code finally} ran) left beside the target. */
    private static void deleteLeftovers(Path directory, String name) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "." + name + "*.tmp")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }
}
