package io.github.transferml.transfer.data;

import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Exactly the data files a training reads, each by a stable name (its role and its path relative
 * to its folder, e.g. {@code train/7/7_0001.png}, or {@code trainImages/train-images-idx3-ubyte.gz})
 * and the SHA-256 of its bytes. Stray files beside the data (a README, a hidden file, an image of
 * another format) are not read, so they are not here. Where the folders are does not count.
 *
 * @param files the SHA-256 of each file's bytes, by name
 */
public record DataFiles(SortedMap<String, String> files) {

    /** Copies the map. */
    public DataFiles {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /**
     * Hashes files, on one thread per core (up to 8): the digests do not depend on the order they
     * are computed in, and reading many small files is as much waiting as hashing.
     *
     * @param named the files by their stable names
     * @return the digests
     * @throws DatasetException if a file cannot be read (the first one found, by name)
     */
    public static DataFiles hash(Map<String, Path> named) {
        return hash(named, Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
    }

    /**
     * Hashes files on the given number of threads.
     *
     * @param named the files by their stable names
     * @param threads how many threads read and hash, at least 1
     * @return the digests, the same for any number of threads
     * @throws DatasetException if a file cannot be read (the first one by name)
     */
    static DataFiles hash(Map<String, Path> named, int threads) {
        List<Map.Entry<String, Path>> entries = new ArrayList<>(new TreeMap<>(named).entrySet());
        String[] digests = new String[entries.size()];
        IOException[] failures = new IOException[entries.size()];
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, entries.size()).parallel().forEach(i -> {
                try {
                    digests[i] = Sha256.of(entries.get(i).getValue());
                } catch (IOException e) {
                    failures[i] = e;
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("Interrupted while hashing the data files", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        SortedMap<String, String> files = new TreeMap<>();
        for (int i = 0; i < digests.length; i++) {
            Path file = entries.get(i).getValue();
            if (failures[i] != null) {
                throw new DatasetException("Cannot read data file " + file + " for the dataset digest: "
                        + failures[i].getMessage(), failures[i]);
            }
            files.put(entries.get(i).getKey(), digests[i]);
        }
        return new DataFiles(files);
    }

    /** @return one SHA-256 over every name and its file's SHA-256, in name order */
    public String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach((name, hash) -> sha.update((name + "\0" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Says how these files differ from an earlier set.
     *
     * @param earlier the files of an earlier build
     * @return e.g. {@code 3 files added, 1 changed}, or an empty string when they are the same
     */
    public String changesSince(DataFiles earlier) {
        int added = 0;
        int changed = 0;
        for (Map.Entry<String, String> entry : files.entrySet()) {
            String before = earlier.files().get(entry.getKey());
            if (before == null) {
                added++;
            } else if (!before.equals(entry.getValue())) {
                changed++;
            }
        }
        long removed = earlier.files().keySet().stream().filter(name -> !files.containsKey(name)).count();
        List<String> parts = new ArrayList<>();
        if (added > 0) {
            parts.add(added + (added == 1 ? " file" : " files") + " added");
        }
        if (changed > 0) {
            parts.add(changed + " changed");
        }
        if (removed > 0) {
            parts.add(removed + " removed");
        }
        return String.join(", ", parts);
    }
}
