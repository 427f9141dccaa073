package io.github.transferml.transfer.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 of files and of file trees (names and bytes, in sorted order). */
public final class Sha256 {

    private Sha256() {}

    /**
     * Hashes bytes read elsewhere (a file a cluster read), as {@link #of(Path)} hashes a file's.
     *
     * @param bytes the bytes
     * @return the hex digest
     */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /**
     * Hashes one file, or a directory tree.
     *
     * @param path a file or a directory
     * @return the hex digest
     * @throws IOException if a file cannot be read
     */
    public static String of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return ofTrees(List.of(path));
        }
        MessageDigest sha = newDigest();
        update(sha, path);
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Hashes the names (relative to each root) and the bytes of every regular file under the given
     * roots, in sorted order; a root that is a file contributes its own name and bytes.
     *
     * @param roots files or directories
     * @return the hex digest
     * @throws IOException if a file cannot be read
     */
    public static String ofTrees(List<Path> roots) throws IOException {
        MessageDigest sha = newDigest();
        for (Path root : roots) {
            boolean directory = Files.isDirectory(root);
            List<Path> files;
            if (directory) {
                try (Stream<Path> walk = Files.walk(root)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = List.of(root);
            }
            for (Path file : files) {
                String name = directory ? root.relativize(file).toString() : file.getFileName().toString();
                sha.update(name.replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                update(sha, file);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
