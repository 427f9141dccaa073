package io.github.transferml.transfer.data;

import io.github.transferml.transfer.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps held-out data out of what it is checked against: a validation or test image that the model
 * trained on (or, for test images, that chose the model) makes its figures flatter the model. Parts
 * are told apart by the role their file names start with in {@link DataFiles}, and compared by the
 * SHA-256 the digest already computed, so no file is read twice.
 */
public final class DataOverlap {

    /** Shared files named in a message; the rest are counted. */
    static final int LISTED = 3;

    /**
     * One part of the data.
     *
     * @param role how its names start in {@link DataFiles}, e.g. {@code validation/}
     * @param parameter the POM element that gives it, e.g. {@code dataset.validationDirectory}
     * @param location its folder or file: a {@code Path}, or a URI a cluster reads
     * @param kind what it is called in messages, e.g. {@code validation folder}
     */
    public record Part(String role, String parameter, Object location, String kind) {}

    private DataOverlap() {}

    /**
     * Fails when a held-out part is the same folder or file as one it must stay apart from: the
     * clearest message for the commonest slip, before anything is hashed.
     *
     * @param parts the parts in order: the training part first; each later part is held out from
     *     every earlier one
     * @throws ConfigurationException naming both POM elements
     */
    public static void requireDistinctLocations(List<Part> parts) {
        for (int later = 1; later < parts.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                Part heldOut = parts.get(later);
                Part other = parts.get(earlier);
                if (sameLocation(heldOut.location(), other.location())) {
                    throw new ConfigurationException(heldOut.parameter(), heldOut.location() + " is the "
                            + other.kind() + " (<" + other.parameter() + ">). Held-out images must be ones the model"
                            + " never trained on or was chosen by: point it at other images.");
                }
            }
        }
    }

    /**
     * Fails when a held-out part holds a file with the same bytes as a file of an earlier part.
     *
     * @param files the digests of every file read
     * @param parts the parts in order: the training part first; each later part is held out from
     *     every earlier one
     * @throws DatasetException naming both parts, the first shared files and how many there are
     */
    public static void requireDisjoint(DataFiles files, List<Part> parts) {
        for (int later = 1; later < parts.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                requireDisjoint(files, parts.get(later), parts.get(earlier));
            }
        }
    }

    private static void requireDisjoint(DataFiles files, Part heldOut, Part other) {
        Map<String, String> otherByHash = new HashMap<>();
        files.files().forEach((name, hash) -> {
            if (name.startsWith(other.role())) {
                otherByHash.putIfAbsent(hash, name); // names are sorted, so the first copy is named
            }
        });
        List<String> shared = new ArrayList<>();
        files.files().forEach((name, hash) -> {
            String copy = otherByHash.get(hash);
            if (name.startsWith(heldOut.role()) && copy != null) {
                shared.add(name + " = " + copy);
            }
        });
        if (!shared.isEmpty()) {
            int n = shared.size();
            throw new DatasetException("<" + heldOut.parameter() + "> " + heldOut.location() + " shares " + n
                    + (n == 1 ? " file" : " files") + " with <" + other.parameter() + "> " + other.location()
                    + " (same bytes): " + String.join(", ", shared.subList(0, Math.min(LISTED, n)))
                    + (n > LISTED ? ", …" : "") + ". Held-out images must be ones the model never trained on or was"
                    + " chosen by: remove the copies from one of them.");
        }
    }

    private static boolean sameLocation(Object first, Object second) {
        if (!(first instanceof Path a && second instanceof Path b)) {
            return String.valueOf(first).replaceAll("/+$", "").equals(String.valueOf(second).replaceAll("/+$", ""));
        }
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new DatasetException("Cannot compare " + a + " with " + b + ": " + e.getMessage(), e);
        }
    }
}
