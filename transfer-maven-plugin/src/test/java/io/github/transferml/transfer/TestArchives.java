package io.github.transferml.transfer;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.archive.ModelArchive;
import io.github.transferml.transfer.archive.ServingProperties;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.runtime.TransferBlockFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Writes small model archives in the plugin's layout without training, for tests of loading. */
public final class TestArchives {

    /** The recipe of every archive written here: an untrained resnet20 for 28x28 grey images. */
    public static final NetworkRecipe RECIPE = NetworkRecipe.resnet(20, 10, new Shape(1, 28, 28));

    private TestArchives() {}

    /**
     * Writes an archive of {@link #RECIPE} whose parameters are initialised from a seed.
     *
     * @param zip the archive to create or replace
     * @param seed the seed of the engine's random initialisation
     * @return the archive
     * @throws IOException if it cannot be written
     */
    public static Path untrainedResnet(Path zip, int seed) throws IOException {
        Path staging = Files.createTempDirectory(zip.toAbsolutePath().getParent(), "staging");
        try (Model model = Model.newInstance("model", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(seed);
            SequentialBlock network = RECIPE.build();
            network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            model.setBlock(network);
            model.save(staging, "model");
            Map<String, String> properties = new TreeMap<>();
            properties.put("engine", "PyTorch");
            properties.put("blockFactory", TransferBlockFactory.class.getName());
            properties.put(TransferBlockFactory.RECIPE_KEY, RECIPE.toString());
            properties.put("option.modelName", "model");
            properties.put("width", "28");
            properties.put("height", "28");
            properties.put("flag", "GRAYSCALE");
            Map<String, byte[]> entries = new TreeMap<>();
            entries.put("model-0000.params", Files.readAllBytes(staging.resolve("model-0000.params")));
            entries.put("serving.properties", ServingProperties.format(properties));
            entries.put("synset.txt", "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n".getBytes(StandardCharsets.UTF_8));
            ModelArchive.write(zip, entries, Instant.parse("2026-01-01T00:00:00Z"));
            return zip;
        } finally {
            try (var files = Files.list(staging)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(staging);
        }
    }
}
