package io.github.transferml.transfer.compare;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.evaluate.ModelEvaluation;
import io.github.transferml.transfer.source.ArchiveCache;
import io.github.transferml.transfer.source.BaseModelLoader;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.source.ModelDirectory;
import io.github.transferml.transfer.source.ModelLoadException;
import io.github.transferml.transfer.source.UnsafeArchiveException;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Compares a model archive this build made with a published one, as {@code artifact:compare} does
 * for reproducible jars: identical bytes, or which entries differ, how far apart the parameters are,
 * and how each model does on this build's validation images. Both archives are read as data only
 * ({@link ModelDirectory}), within the extraction limits.
 */
public final class ArchiveComparison {

    private final ExtractionLimits limits;

    /** @param limits how large the published archive may be once extracted */
    public ArchiveComparison(ExtractionLimits limits) {
        this.limits = limits;
    }

    /**
     * What a comparison found.
     *
     * @param reference the published archive, as the user named it
     * @param builtSha256 the SHA-256 of this build's archive
     * @param referenceSha256 the SHA-256 of the published archive
     * @param differingEntries the entries that differ, are missing or are extra (empty when identical)
     * @param largestParameterDifference the largest absolute difference between parameters of the same
     *     name and shape, or null when the bytes are identical or the networks cannot be compared
     * @param parameterMismatch why the parameters could not be compared value by value, or null
     * @param builtAccuracy this build's validation accuracy, or null when identical
     * @param referenceAccuracy the published model's accuracy on the same images, or null when identical
     */
    public record Result(String reference, String builtSha256, String referenceSha256, List<String> differingEntries,
            Double largestParameterDifference, String parameterMismatch, Double builtAccuracy,
            Double referenceAccuracy) {

        /** @return whether the two archives are byte-identical */
        public boolean identical() {
            return builtSha256.equals(referenceSha256);
        }

        /** @return one line for the build log */
        public String describe() {
            if (identical()) {
                return "Compared with " + reference + ": identical bytes (SHA-256 " + builtSha256 + ")";
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "Compared with %s: it differs (SHA-256 %s here, %s there) in %d %s %s", reference, abbreviate(
                            builtSha256), abbreviate(referenceSha256), differingEntries.size(),
                    differingEntries.size() == 1 ? "entry" : "entries", differingEntries));
            if (largestParameterDifference != null) {
                line.append(String.format(Locale.ROOT, "; largest parameter difference %.6g",
                        largestParameterDifference));
            } else if (parameterMismatch != null) {
                line.append("; parameters not comparable: ").append(parameterMismatch);
            }
            if (builtAccuracy != null && referenceAccuracy != null) {
                line.append(String.format(Locale.ROOT, "; validation accuracy %.4f here, %.4f there", builtAccuracy,
                        referenceAccuracy));
            }
            return line.toString();
        }

        /** @return the result as JSON values */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("reference", reference);
            json.put("identical", identical());
            json.put("builtSha256", builtSha256);
            json.put("referenceSha256", referenceSha256);
            json.put("differingEntries", differingEntries);
            json.put("largestParameterDifference", largestParameterDifference);
            json.put("parameterMismatch", parameterMismatch);
            json.put("builtValidationAccuracy", builtAccuracy);
            json.put("referenceValidationAccuracy", referenceAccuracy);
            return json;
        }

        private static String abbreviate(String sha256) {
            return sha256.substring(0, 8) + "…";
        }
    }

    /**
     * Compares two archives.
     *
     * @param built this build's archive
     * @param reference the published archive
     * @param referenceName the published archive as the user named it (coordinates or a path)
     * @param validation this build's validation images, to score both models on
     * @return what was found
     * @throws ModelLoadException if the published archive cannot be read as a model
     * @throws IOException if an archive cannot be read
     */
    public Result compare(Path built, Path reference, String referenceName, LabeledImages validation)
            throws IOException {
        String builtSha256 = Sha256.of(built);
        String referenceSha256 = Sha256.of(reference);
        if (builtSha256.equals(referenceSha256)) {
            return new Result(referenceName, builtSha256, referenceSha256, List.of(), null, null, null, null);
        }
        List<String> differing = differingEntries(built, reference, referenceName);
        ModelDirectory builtModel = read(built, builtSha256, "this build's archive");
        ModelDirectory referenceModel = read(reference, referenceSha256, referenceName);
        Double largest = null;
        String mismatch = null;
        try (Model a = load(builtModel); Model b = load(referenceModel)) {
            Object difference = largestDifference(a, b);
            if (difference instanceof Double d) {
                largest = d;
            } else {
                mismatch = (String) difference;
            }
        }
        ModelEvaluation evaluation = new ModelEvaluation(ModelEvaluation.DEFAULT_BATCH_SIZE, limits,
                TrainingEvents.NONE);
        Double builtAccuracy = evaluation.evaluate(built, validation).accuracy();
        Double referenceAccuracy;
        try {
            referenceAccuracy = evaluation.evaluate(reference, validation).accuracy();
        } catch (RuntimeException e) { // e.g. other classes: the comparison still says what it can
            referenceAccuracy = null;
            mismatch = mismatch == null ? "cannot score it on this build's validation images: " + e.getMessage()
                    : mismatch;
        }
        return new Result(referenceName, builtSha256, referenceSha256, differing, largest, mismatch, builtAccuracy,
                referenceAccuracy);
    }

    /** Entry by entry, by the SHA-256 of their bytes; at most the extraction cap is read from either. */
    private List<String> differingEntries(Path built, Path reference, String referenceName) throws IOException {
        SortedMap<String, String> mine = entryDigests(built, "this build's archive");
        SortedMap<String, String> theirs = entryDigests(reference, referenceName);
        TreeSet<String> names = new TreeSet<>(mine.keySet());
        names.addAll(theirs.keySet());
        List<String> differing = new ArrayList<>();
        for (String name : names) {
            String a = mine.get(name);
            String b = theirs.get(name);
            if (a == null) {
                differing.add(name + " (only there)");
            } else if (b == null) {
                differing.add(name + " (only here)");
            } else if (!a.equals(b)) {
                differing.add(name);
            }
        }
        return differing;
    }

    private SortedMap<String, String> entryDigests(Path archive, String shownAs) throws IOException {
        SortedMap<String, String> digests = new TreeMap<>();
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (entry.isDirectory()) {
                    continue;
                }
                MessageDigest sha = newDigest();
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        total += n;
                        if (total > limits.maxBytes()) {
                            throw new UnsafeArchiveException("Refusing to compare with " + shownAs + ": it expands to"
                                    + " more than the cap of " + limits.describe() + ". " + limits.howToRaise());
                        }
                        sha.update(buffer, 0, n);
                    }
                }
                digests.put(entry.getName(), HexFormat.of().formatHex(sha.digest()));
            }
        }
        return digests;
    }

    private ModelDirectory read(Path archive, String sha256, String shownAs) throws IOException {
        Path directory = ArchiveCache.modelDirectory(archive, sha256, limits);
        if (directory == null) {
            throw new ModelLoadException(shownAs + " is not a model archive (.zip) or model directory.");
        }
        return ModelDirectory.read(directory, shownAs);
    }

    private static Model load(ModelDirectory model) {
        InputSpec input = InputSpec.fromProperties(model.properties(), new InputSpec(224, 224, false, null));
        return model.load(BaseModelLoader.ENGINE, input.imageShape());
    }

    /** The largest absolute difference of same-named parameters, or why the networks differ in kind. */
    private static Object largestDifference(Model a, Model b) {
        Map<String, NDArray> theirs = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : b.getBlock().getParameters()) {
            theirs.put(parameter.getKey(), parameter.getValue().getArray());
        }
        double largest = 0;
        int compared = 0;
        for (Pair<String, Parameter> parameter : a.getBlock().getParameters()) {
            NDArray mine = parameter.getValue().getArray();
            NDArray other = theirs.get(parameter.getKey());
            if (other == null || !other.getShape().equals(mine.getShape())) {
                return "parameter " + parameter.getKey() + " " + mine.getShape() + " has "
                        + (other == null ? "no counterpart" : "shape " + other.getShape()) + " there";
            }
            try (NDArray difference = mine.sub(other).abs().max()) {
                largest = Math.max(largest, difference.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                        .getDouble());
            }
            compared++;
        }
        return compared == theirs.size() ? (Object) largest : "the networks have different parameters";
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
