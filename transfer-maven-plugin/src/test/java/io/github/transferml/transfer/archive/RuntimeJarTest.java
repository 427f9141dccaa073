package io.github.transferml.transfer.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar inside every archive must rebuild every architecture with nothing but DJL's API around it. */
class RuntimeJarTest {

    /** Sees DJL's API and the JDK, but neither this plugin nor DJL's model zoo: what an application has. */
    private static final class DjlApiOnly extends ClassLoader {
        DjlApiOnly() {
            super(RuntimeJarTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.github.transferml.") || name.startsWith("ai.djl.basicmodelzoo.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void factory_should_rebuild_resnet_and_mobilenet_recipes_from_the_jar_alone(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve(RuntimeJar.NAME), RuntimeJar.bytes(Instant.parse("2026-01-01T00:00:00Z")));
        ClassLoader parent = new DjlApiOnly();
        assertThrows(ClassNotFoundException.class,
                () -> parent.loadClass("io.github.transferml.transfer.runtime.TransferBlockFactory"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent)) {
            Class<?> type = loader.loadClass("io.github.transferml.transfer.runtime.TransferBlockFactory");
            assertNotEquals(getClass().getClassLoader(), type.getClassLoader());
            BlockFactory factory = (BlockFactory) type.getConstructor().newInstance();

            Block resnet = factory.newBlock(null, dir, Map.of("recipe",
                    "resnet(numLayers=20,outSize=10,imageShape=1x28x28) > keep(12) > dense(32) > relu > dense(4)"));
            Block mobilenet = factory.newBlock(null, dir, Map.of("recipe",
                    "mobilenetv2(outSize=10,imageShape=3x32x32) > keep(10) > dropout(0.2) > dense(2)"));

            Block torchvision = factory.newBlock(null, dir, Map.of("recipe",
                    "tvresnet(block=bottleneck,channels=3,stem=4,stages=1x4x16/1x8x32/1x8x32/1x8x32,classes=0)"
                            + " > keep(7/1) > globalAvgPool > dense(2)"));
            try (NDManager manager = NDManager.newBaseManager()) {
                torchvision.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
                NDArray output = torchvision.forward(new ParameterStore(manager, false),
                        new NDList(manager.ones(new Shape(1, 3, 32, 32))), false).singletonOrThrow();
                assertEquals(new Shape(1, 2), output.getShape(), "the jar's residual units run");
            }

            assertEquals(15, ((SequentialBlock) resnet).getChildren().size());
            assertEquals(12, ((SequentialBlock) mobilenet).getChildren().size());
            assertEquals("08SequentialBlock", ((SequentialBlock) mobilenet).getChildren().get(7).getKey());
        }
    }
}
