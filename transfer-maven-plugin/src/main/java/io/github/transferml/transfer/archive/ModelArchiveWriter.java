package io.github.transferml.transfer.archive;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a trained network as a model archive: DJL's parameter file, {@code serving.properties},
 * {@code synset.txt}, the runtime jar and {@code transfer.json}, sorted and stamped with one time so
 * that equal runs give equal bytes.
 */
public final class ModelArchiveWriter {

    private final String engine;
    private final String modelName;
    private final Path workDirectory;
    private final Instant timestamp;

    /**
     * @param engine the engine's name
     * @param modelName the model's name
     * @param workDirectory where the parameter file is staged
     * @param timestamp the time stamped on every entry
     */
    public ModelArchiveWriter(String engine, String modelName, Path workDirectory, Instant timestamp) {
        this.engine = engine;
        this.modelName = modelName;
        this.workDirectory = workDirectory;
        this.timestamp = timestamp;
    }

    /**
     * Writes the archive.
     *
     * @param target the archive file
     * @param network the trained network
     * @param input the input it expects
     * @param recipe its recipe
     * @param classes the class names, in label order
     * @param manifest what {@code transfer.json} says
     * @return the archive file
     * @throws IOException if a file cannot be written
     */
    public Path write(Path target, SequentialBlock network, InputSpec input, NetworkRecipe recipe,
            List<String> classes, ArchiveManifest manifest) throws IOException {
        Path staging = Files.createDirectories(workDirectory).resolve("archive-staging");
        deleteTree(staging);
        Files.createDirectories(staging);
        try (Model model = Model.newInstance(modelName, engine)) {
            // Records the input shape in the parameter file; initialised parameters are kept as they are.
            network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(input.imageShape()));
            model.setBlock(network);
            model.save(staging, "model");
            Map<String, ModelArchive.Entry> entries = new TreeMap<>();
            // Streamed from the staging file into the archive: the parameters are not copied on the heap.
            entries.put("model-0000.params", ModelArchive.Entry.of(staging.resolve("model-0000.params")));
            entries.put("serving.properties", ModelArchive.Entry.of(
                    ServingProperties.format(ServingProperties.of(engine, input, recipe))));
            entries.put("synset.txt", ModelArchive.Entry.of(
                    (String.join("\n", classes) + "\n").getBytes(StandardCharsets.UTF_8)));
            entries.put(RuntimeJar.NAME, ModelArchive.Entry.of(RuntimeJar.bytes(timestamp)));
            entries.put("transfer.json", ModelArchive.Entry.of(Json.bytes(manifest.toJson())));
            ModelArchive.writeEntries(target, entries, timestamp);
        } finally {
            deleteTree(staging);
        }
        return target;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
