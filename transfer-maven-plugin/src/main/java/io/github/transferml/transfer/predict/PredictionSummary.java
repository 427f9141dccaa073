package io.github.transferml.transfer.predict;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a prediction run did.
 *
 * @param images how many images were classified
 * @param classCounts how many images each class was the most likely one for; only classes that
 *     were, in the model's class order
 * @param inputDirectory the folder that was classified
 * @param outputFile the CSV written
 */
public record PredictionSummary(int images, Map<String, Integer> classCounts, Path inputDirectory, Path outputFile) {

    /** @param classCounts copied, keeping its order */
    public PredictionSummary {
        classCounts = Collections.unmodifiableMap(new LinkedHashMap<>(classCounts));
    }

    /**
     * The one-line summary of the run.
     *
     * @param base the directory the paths are shown relative to (when they are inside it)
     * @return e.g. {@code Classified 100 images in src/images to target/transfer/predictions.csv: bag
     *     (20), sandal (3)}
     */
    public String describe(Path base) {
        String counts = classCounts.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        return "Classified " + images + (images == 1 ? " image" : " images") + " in " + shown(inputDirectory, base)
                + " to " + shown(outputFile, base) + ": " + counts;
    }

    private static String shown(Path path, Path base) {
        Path absolute = path.toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        return absolute.startsWith(root) && !absolute.equals(root)
                ? root.relativize(absolute).toString().replace('\\', '/') : path.toString();
    }
}
