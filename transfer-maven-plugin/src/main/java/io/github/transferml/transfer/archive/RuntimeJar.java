package io.github.transferml.transfer.archive;

import io.github.transferml.transfer.architecture.BaseArchitecture;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.runtime.TorchvisionResNet;
import io.github.transferml.transfer.runtime.TransferBlockFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The small jar placed at the root of every model archive. DJL loads jars it finds in a model
 * directory, so the {@link TransferBlockFactory} named in {@code serving.properties} is found even
 * by an application that has only DJL and an engine on its classpath. It holds the factory, the
 * {@link NetworkRecipe} it reads, {@link TorchvisionResNet}, and DJL's {@code ResNetV1} and {@code MobileNetV2} (Apache 2.0), which live in DJL's
 * model-zoo jar rather than its API.
 */
public final class RuntimeJar {

    /** The jar's name inside the archive. */
    public static final String NAME = "transfer-runtime.jar";

    /** The factory and the recipe, then each architecture's classes, in the order the jar has always had. */
    private static final List<Class<?>> CLASSES = Stream.concat(
            Stream.of(TransferBlockFactory.class, NetworkRecipe.class),
            Arrays.stream(BaseArchitecture.values()).flatMap(a -> a.runtimeClasses().stream())).toList();

    private RuntimeJar() {}

    /**
     * Builds the jar.
     *
     * @param timestamp the time stamped on every entry
     * @return the jar's bytes
     * @throws IOException if a class file cannot be read
     */
    public static byte[] bytes(Instant timestamp) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\r\nCreated-By: transfer-maven-plugin\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        entries.put("META-INF/NOTICE.txt",
                ("Contains ai.djl.basicmodelzoo.cv.classification.ResNetV1 and MobileNetV2 from Deep Java Library"
                        + " (https://djl.ai), Apache License 2.0.\n").getBytes(StandardCharsets.UTF_8));
        for (Class<?> type : CLASSES) {
            String resource = type.getName().replace('.', '/') + ".class";
            try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("Class file not found: " + resource);
                }
                entries.put(resource, in.readAllBytes());
            }
        }
        return ModelArchive.zip(entries, timestamp);
    }
}
