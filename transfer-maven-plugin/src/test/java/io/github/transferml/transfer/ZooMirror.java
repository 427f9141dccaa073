package io.github.transferml.transfer;

import ai.djl.Model;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.transferml.transfer.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model-zoo mirror in DJL's repository layout, in a directory: what a company mirror of
 * {@code djl://ai.djl.zoo/resnet} holds. Surefire points {@code DJL_REPO_URL} at it.
 */
public final class ZooMirror {

    private ZooMirror() {}

    /** @return the mirror's root, as surefire configures it */
    public static Path root() {
        return Paths.get(System.getProperty("transfer.djlMirror", "target/djl-mirror"));
    }

    /**
     * Publishes DJL's ResNet-20 for 28 x 28 grey images (seeded weights) as {@code ai.djl.zoo:resnet:0.0.2}.
     *
     * @return the directory of the model's files
     * @throws IOException if it cannot be written
     */
    public static Path publishResnet20() throws IOException {
        Path artifactDir = root().resolve("model/cv/image_classification/ai/djl/zoo/resnet");
        Path versionDir = Files.createDirectories(artifactDir.resolve("0.0.2"));
        Engine.getInstance().setRandomSeed(3);
        try (Model model = Model.newInstance("resnet", "PyTorch")) {
            Block block = ResNetV1.builder().setNumLayers(20).setOutSize(10).setImageShape(new Shape(1, 28, 28)).build();
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            model.setBlock(block);
            model.save(versionDir, "resnet");
        }
        Files.writeString(versionDir.resolve("synset.txt"), "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");

        Map<String, Object> files = new LinkedHashMap<>();
        for (String name : List.of("resnet-0000.params", "synset.txt")) {
            Path file = versionDir.resolve(name);
            Map<String, Object> item = Json.object("uri", "0.0.2/" + name, "name", name);
            item.put("sha1Hash", sha1(file));
            item.put("size", Files.size(file));
            files.put(name.endsWith(".params") ? "parameters" : "synset", item);
        }
        Map<String, Object> arguments = Json.object("numLayers", 20, "outSize", 10);
        arguments.put("imageShape", List.of(1, 28, 28));
        arguments.put("width", 28);
        arguments.put("height", 28);
        arguments.put("flag", "GRAYSCALE");
        arguments.put("blockFactory", "ai.djl.basicmodelzoo.cv.classification.ResnetBlockFactory");
        Map<String, Object> artifact = Json.object("version", "0.0.2", "snapshot", false);
        artifact.put("name", "resnet");
        artifact.put("properties", Map.of("layers", "20", "dataset", "fashion-mnist"));
        artifact.put("arguments", arguments);
        artifact.put("files", files);
        Map<String, Object> metadata = Json.object("metadataVersion", "0.2", "resourceType", "model");
        metadata.put("application", "cv/image_classification");
        metadata.put("groupId", "ai.djl.zoo");
        metadata.put("artifactId", "resnet");
        metadata.put("name", "resnet");
        metadata.put("description", "ResNet-20 for 28 x 28 grey images, a test mirror");
        metadata.put("artifacts", List.of(artifact));
        Files.write(artifactDir.resolve("metadata.json"), Json.bytes(metadata));
        return versionDir;
    }

    /**
     * Publishes a TorchScript file in DJL's PyTorch zoo ({@code ai.djl.pytorch}), as that zoo serves
     * {@code resnet18_embedding}: one {@code .pt} file and the input it expects.
     *
     * @param artifactId the model's name in the zoo
     * @param torchScript the {@code .pt} file
     * @throws IOException if it cannot be written
     */
    public static void publishTorchScript(String artifactId, Path torchScript) throws IOException {
        Path artifactDir = root().resolve("model/cv/image_classification/ai/djl/pytorch/" + artifactId);
        Path versionDir = Files.createDirectories(artifactDir.resolve("0.0.1"));
        String fileName = artifactId + ".pt";
        Path file = Files.copy(torchScript, versionDir.resolve(fileName), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> item = Json.object("uri", "0.0.1/" + fileName, "name", fileName);
        item.put("sha1Hash", sha1(file));
        item.put("size", Files.size(file));
        Map<String, Object> arguments = Json.object("width", 28, "height", 28);
        arguments.put("flag", "GRAYSCALE");
        arguments.put("resize", "true");
        Map<String, Object> artifact = Json.object("version", "0.0.1", "snapshot", false);
        artifact.put("name", artifactId);
        artifact.put("properties", Map.of("dataset", "none"));
        artifact.put("arguments", arguments);
        artifact.put("files", Map.of("model", item));
        Map<String, Object> metadata = Json.object("metadataVersion", "0.2", "resourceType", "model");
        metadata.put("application", "cv/image_classification");
        metadata.put("groupId", "ai.djl.pytorch");
        metadata.put("artifactId", artifactId);
        metadata.put("name", artifactId);
        metadata.put("artifacts", List.of(artifact));
        Files.write(artifactDir.resolve("metadata.json"), Json.bytes(metadata));
    }

    private static String sha1(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
