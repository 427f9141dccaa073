package io.github.transferml.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import ai.djl.nn.BlockFactory;
import io.github.transferml.transfer.archive.ModelArchive;
import java.net.URISyntaxException;

/**
 * Model archives that try to run code: a jar whose class writes a marker file as soon as it is
 * loaded (its static initializer), named in {@code serving.properties} or just present. A model
 * loader that runs nothing from a model never makes the marker appear.
 */
public final class HostileModels {

    /** The class in the jar: a DJL block factory and translator factory, so DJL would pick it up. */
    public static final String CLASS_NAME = "evil.MarkerFactory";

    private HostileModels() {}

    /**
     * Compiles the marker class into a jar.
     *
     * @param marker the file the class creates when it is loaded
     * @param work a scratch directory
     * @return the jar's bytes
     * @throws IOException if it cannot be compiled
     */
    public static byte[] markerJar(Path marker, Path work) throws IOException {
        Path sources = Files.createDirectories(work.resolve("src/evil"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        String source = "package evil;\n"
                + "public class MarkerFactory implements ai.djl.nn.BlockFactory {\n"
                + "    static {\n"
                + "        try {\n"
                + "            java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                + marker.toAbsolutePath().toString().replace("\\", "\\\\") + "\"), \"code from a model ran\");\n"
                + "        } catch (java.io.IOException e) {\n"
                + "            throw new RuntimeException(e);\n"
                + "        }\n"
                + "    }\n"
                + "    public ai.djl.nn.Block newBlock(ai.djl.Model m, java.nio.file.Path p, java.util.Map<String, ?> a) {\n"
                + "        return new ai.djl.nn.SequentialBlock();\n"
                + "    }\n"
                + "}\n";
        Path file = Files.writeString(sources.resolve("MarkerFactory.java"), source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        // DJL's API from wherever this class found it: the test class path, or an invoker script's.
        String djl;
        try {
            djl = Path.of(BlockFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        int status = compiler.run(null, null, null, "-classpath", djl, "-d", classes.toString(), file.toString());
        if (status != 0) {
            throw new IOException("The marker class did not compile");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new JarEntry("evil/MarkerFactory.class"));
            jar.write(Files.readAllBytes(classes.resolve("evil/MarkerFactory.class")));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /**
     * Rewrites an archive: adds or replaces entries, and edits its {@code serving.properties}.
     *
     * @param archive a model archive
     * @param target the archive to write
     * @param added entries to add or replace (a null value removes the entry)
     * @param properties edits {@code serving.properties} (its text)
     * @return the target
     * @throws IOException if it cannot be read or written
     */
    public static Path rewrite(Path archive, Path target, Map<String, byte[]> added, UnaryOperator<String> properties)
            throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (InputStream in = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        added.forEach((name, bytes) -> {
            if (bytes == null) {
                entries.remove(name);
            } else {
                entries.put(name, bytes);
            }
        });
        byte[] serving = entries.get("serving.properties");
        if (serving != null) {
            String text = properties.apply(new String(serving, StandardCharsets.UTF_8));
            entries.put("serving.properties", text.getBytes(StandardCharsets.UTF_8));
        }
        ModelArchive.write(target, entries, Instant.parse("2026-01-01T00:00:00Z"));
        return target;
    }
}
