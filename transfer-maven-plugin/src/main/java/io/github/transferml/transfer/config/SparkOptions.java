package io.github.transferml.transfer.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The POM's {@code <spark>}: run the frozen base's pass over the images on Apache Spark instead of
 * on this machine. The head still trains here, from the features the cluster computed, so where the
 * pass ran changes nothing in the archive (with pinned numerics its bytes are the same).
 *
 * @param master where Spark runs: {@code local[N]}, {@code spark://host:port}, {@code yarn}, {@code k8s://…}
 * @param conf further Spark settings, e.g. {@code spark.executor.memory=4g}, sorted by name
 * @param images where the cluster reads the training folder (image-folder layout), as a URI Spark can
 *     read ({@code hdfs://…}, {@code s3a://…}, {@code file:/…}); null for {@code <dataset><trainDirectory>}
 * @param output where the executors write the features before the build reads them (a folder Spark
 *     can write and this machine can read), as a URI; null for the build's work directory
 */
public record SparkOptions(String master, Map<String, String> conf, String images, String output) {

    /** The dependency a build adds to the plugin to use Spark, for messages and the documentation. */
    public static final String DEPENDENCY = "org.apache.spark:spark-sql_2.13 (4.x)";

    /**
     * The module options Spark 4 needs on Java 17 (those of Spark's own launcher,
     * {@code JavaModuleOptions}, but those for newer Javas): the worker JVM that drives Spark starts with them.
     */
    public static final List<String> JAVA_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\d+|\\*)(,\\s*\\d+)?])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^\\s:/,]+:\\d+(,[^\\s:/,]+:\\d+)*");
    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    /** Validates, and writes a local path as a {@code file:} URI. */
    public SparkOptions {
        if (master == null || master.isBlank()) {
            throw new ConfigurationException("spark.master", "is required: local[2] (this machine, 2 cores),"
                    + " spark://host:7077 (a standalone cluster), yarn or k8s://https://host:443");
        }
        master = master.trim();
        if (!LOCAL.matcher(master).matches() && !STANDALONE.matcher(master).matches() && !master.equals("yarn")
                && !master.startsWith("k8s://")) {
            throw new ConfigurationException("spark.master", "'" + master + "' is not a Spark master: give local[N],"
                    + " local[*], spark://host:port, yarn or k8s://https://host:port");
        }
        conf = Collections.unmodifiableSortedMap(conf == null ? new TreeMap<>() : new TreeMap<>(conf));
        for (Map.Entry<String, String> entry : conf.entrySet()) {
            String key = entry.getKey().trim();
            if (!key.startsWith("spark.")) {
                throw new ConfigurationException("spark.conf", "'" + key + "' is not a Spark setting: their names"
                        + " start with spark. (e.g. spark.executor.memory=4g)");
            }
            if (key.equals("spark.master")) {
                throw new ConfigurationException("spark.conf", "sets spark.master; give it as <spark><master> instead");
            }
            if (entry.getValue() == null) {
                throw new ConfigurationException("spark.conf", "'" + key + "' has no value");
            }
        }
        images = location(images, "spark.images");
        output = location(output, "spark.output");
    }

    /**
     * Parses the command-line form of {@code conf}: {@code key=value} entries separated by commas.
     *
     * @param entries e.g. {@code spark.executor.memory=4g,spark.executor.cores=2}, or null
     * @return the entries, sorted
     * @throws ConfigurationException naming {@code transfer.spark.conf} if an entry has no {@code =}
     */
    public static SortedMap<String, String> parseConf(String entries) {
        SortedMap<String, String> conf = new TreeMap<>();
        if (entries == null || entries.isBlank()) {
            return conf;
        }
        for (String entry : entries.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw new ConfigurationException("spark.conf", "'" + entry.trim() + "' is not key=value (e.g."
                        + " -Dtransfer.spark.conf=spark.executor.memory=4g,spark.executor.cores=2)");
            }
            conf.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return conf;
    }

    /** A URI as given, or a local path as a {@code file:} URI; null stays null. */
    private static String location(String given, String parameter) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String trimmed = given.trim();
        // a Windows drive (C:\…) is a path, not a scheme
        if (SCHEME.matcher(trimmed).matches() && !trimmed.matches("[a-zA-Z]:[\\\\/].*")) {
            try {
                URI uri = new URI(trimmed);
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new ConfigurationException(parameter, "'" + trimmed + "' names no folder; give e.g."
                            + " hdfs://namenode:8020/data/train or file:/data/train");
                }
                return trimmed;
            } catch (URISyntaxException e) {
                throw new ConfigurationException(parameter, "'" + trimmed + "' is not a URI Spark can read ("
                        + e.getReason() + "); give e.g. hdfs://namenode:8020/data/train, s3a://bucket/train or"
                        + " file:/data/train");
            }
        }
        return Path.of(trimmed).toAbsolutePath().normalize().toUri().toString();
    }

    /** @return whether Spark runs inside the build's own JVM ({@code local[N]}), so executors share its engine */
    public boolean isLocal() {
        return LOCAL.matcher(master).matches();
    }

    /** @return e.g. {@code master local[2], 1 setting, images hdfs://…} */
    public String describe() {
        return String.format(Locale.ROOT, "master %s%s%s", master,
                conf.isEmpty() ? "" : ", " + conf.size() + (conf.size() == 1 ? " setting" : " settings"),
                images == null ? "" : ", images " + images);
    }
}
