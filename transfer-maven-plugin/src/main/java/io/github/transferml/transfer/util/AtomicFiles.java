package io.github.transferml.transfer.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file completely or not at all: the bytes stream to a temporary file beside the target,
 * are forced to the disk, and the file then replaces the target in one move. A failed or interrupted
 * build (or a machine that loses power) never leaves a half-written file, and never damages the
 * previous one.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** What goes into a file, written to a stream (so a large file need not be held in memory). */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out where the content goes; the caller closes it
         * @throws IOException if it cannot be written
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes (or replaces) a file.
     *
     * @param target the file
     * @param bytes its new content
     * @throws IOException if it cannot be written; the target is then unchanged
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes (or replaces) a file from a stream of its content.
     *
     * @param target the file
     * @param content writes the new content
     * @throws IOException if it cannot be written; the target is then unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Path directory = Files.createDirectories(target.toAbsolutePath().getParent());
        String name = target.getFileName().toString();
        deleteLeftovers(directory, name);
        Path temporary = Files.createTempFile(directory, "." + name, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                // On the disk before the move: after a crash the target is the old file or the whole new one.
                channel.force(true);
            }
            // Temporary files are private (rw-------); the result is an ordinary build output.
            if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes the move itself durable where the platform allows a directory to be forced (POSIX). */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; the move is still atomic there.
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
