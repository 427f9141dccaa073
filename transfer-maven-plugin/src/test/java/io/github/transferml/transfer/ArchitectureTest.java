package io.github.transferml.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core knows nothing of Maven; the archive's runtime knows nothing but DJL. */
class ArchitectureTest {

    private static final Path MAIN = Paths.get("src/main/java/io/github/transferml/transfer");

    @Test
    void core_packages_should_not_import_maven() {
        assertEquals(List.of(), offenders(path -> !path.startsWith(MAIN.resolve("maven")),
                line -> line.startsWith("import org.apache.maven") || line.startsWith("import org.eclipse.aether")
                        || line.startsWith("import org.codehaus.plexus")));
    }

    @Test
    void only_the_spark_package_should_import_spark_which_the_plugin_does_not_bring() {
        // Spark is provided: a class outside this package that linked it would fail in builds without Spark.
        assertEquals(List.of(), offenders(path -> !path.startsWith(MAIN.resolve("spark")),
                line -> line.startsWith("import org.apache.spark") || line.startsWith("import org.apache.hadoop")
                        || line.startsWith("import scala.")));
    }

    @Test
    void runtime_package_should_only_use_djl_and_the_jdk() {
        assertEquals(List.of(), offenders(path -> path.startsWith(MAIN.resolve("runtime")),
                line -> line.startsWith("import ") && !line.startsWith("import ai.djl.")
                        && !line.startsWith("import java.")));
    }

    private static List<String> offenders(java.util.function.Predicate<Path> files,
            java.util.function.Predicate<String> forbidden) {
        try (Stream<Path> walk = Files.walk(MAIN)) {
            return walk.filter(p -> p.toString().endsWith(".java")).filter(files).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(forbidden).map(l -> MAIN.relativize(p) + ": " + l);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
