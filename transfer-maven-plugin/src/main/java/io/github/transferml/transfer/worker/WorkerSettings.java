package io.github.transferml.transfer.worker;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.engine.DeviceChoice;
import io.github.transferml.transfer.engine.Numerics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the worker process is started, as Surefire forks tests: which {@code java}, which JVM
 * options, the plugin's own class path, the numerics that set its environment, and where its
 * request and result files go.
 *
 * @param java the {@code java} executable
 * @param jvmArgs options before the main class, e.g. {@code -Xmx8g}
 * @param classpath the plugin's classes and its dependencies
 * @param numerics the engine's numerics
 * @param device where the engine computes; it sets the worker's CUDA environment
 * @param offline whether DJL may not download anything
 * @param directory where each run's files go (a fresh folder per run)
 */
public record WorkerSettings(Path java, List<String> jvmArgs, List<Path> classpath, Numerics numerics,
        DeviceChoice device, boolean offline, Path directory) {

    /**
     * Settings on the numerics' default device.
     *
     * @param java the {@code java} executable
     * @param jvmArgs options before the main class
     * @param classpath the plugin's classes and its dependencies
     * @param numerics the engine's numerics
     * @param offline whether DJL may not download anything
     * @param directory where each run's files go
     */
    public WorkerSettings(Path java, List<String> jvmArgs, List<Path> classpath, Numerics numerics, boolean offline,
            Path directory) {
        this(java, jvmArgs, classpath, numerics, DeviceChoice.defaultFor(numerics), offline, directory);
    }

    /** @throws ConfigurationException naming {@code <jvm>} if the executable does not exist */
    public WorkerSettings {
        jvmArgs = List.copyOf(jvmArgs);
        classpath = List.copyOf(classpath);
        if (!Files.isRegularFile(java)) {
            throw new ConfigurationException("jvm", java + " does not exist. Give the path of a java executable"
                    + " (Java 17 or later), or leave <jvm> unset to use the one that runs Maven.");
        }
    }

    /** @return the {@code java} that runs this JVM */
    public static Path currentJava() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    /**
     * The {@code java} a POM names: a path to the executable, or a Java home folder.
     *
     * @param jvm the POM's value; null or blank for {@link #currentJava()}
     * @return the executable
     */
    public static Path java(String jvm) {
        if (jvm == null || jvm.isBlank()) {
            return currentJava();
        }
        Path path = Path.of(jvm.trim());
        if (Files.isDirectory(path)) { // a Java home, as JAVA_HOME holds
            Path bin = path.resolve("bin").resolve(currentJava().getFileName());
            return Files.isRegularFile(bin) ? bin : path;
        }
        return path;
    }

    /** @return this JVM's class path, e.g. for tests that drive the worker without Maven */
    public static List<Path> currentClasspath() {
        List<Path> paths = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                paths.add(Path.of(entry));
            }
        }
        return paths;
    }

    /**
     * Splits JVM options as a shell would: on spaces, except inside single or double quotes.
     *
     * @param line the options, e.g. {@code -Xmx8g "-Dname=a b"}; null for none
     * @return the options
     * @throws ConfigurationException naming {@code <jvmArgs>} if a quote is not closed
     */
    public static List<String> splitArguments(String line) {
        List<String> args = new ArrayList<>();
        if (line == null) {
            return args;
        }
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean inArgument = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArgument = true;
            } else if (Character.isWhitespace(c)) {
                if (inArgument) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
            } else {
                current.append(c);
                inArgument = true;
            }
        }
        if (quote != 0) {
            throw new ConfigurationException("jvmArgs", "has an unclosed " + quote + " quote: " + line);
        }
        if (inArgument) {
            args.add(current.toString());
        }
        return args;
    }
}
