package io.github.transferml.transfer.cluster;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.SparkOptions;
import io.github.transferml.transfer.engine.Numerics;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens the cluster a build names. Spark is optional: the plugin does not depend on it, so it is
 * looked up by name, and a build without it gets a message that says which dependency to add.
 */
public final class Clusters {

    /** The Spark implementation, loaded only when Spark is on the class path. */
    static final String SPARK_CLUSTER = "io.github.transferml.transfer.spark.SparkCluster";
    private static final String SPARK_SESSION = "org.apache.spark.sql.SparkSession";

    private Clusters() {}

    /**
     * Starts a Spark session for the build.
     *
     * @param options the POM's {@code <spark>}
     * @param numerics the numerics executors compute with
     * @param workDirectory the build's work directory (the features' default output)
     * @param log receives progress lines
     * @return the cluster, which the caller closes
     * @throws ConfigurationException naming {@code spark} if Spark is not on the plugin's class path
     */
    public static Cluster spark(SparkOptions options, Numerics numerics, Path workDirectory, Consumer<String> log) {
        if (!sparkPresent()) {
            throw new ConfigurationException("spark", "needs Apache Spark, which the plugin does not bring itself."
                    + " Add " + SparkOptions.DEPENDENCY + " to the plugin's <dependencies> (the README shows how),"
                    + " or remove <spark> to run the frozen pass on this machine.");
        }
        try {
            return (Cluster) Class.forName(SPARK_CLUSTER).getConstructor(SparkOptions.class, Numerics.class,
                    Path.class, Consumer.class).newInstance(options, numerics, workDirectory, log);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConfigurationException("spark", "cannot start Spark (" + e + "). Check that "
                    + SparkOptions.DEPENDENCY + " is what the plugin's <dependencies> add.");
        }
    }

    static boolean sparkPresent() {
        try {
            Class.forName(SPARK_SESSION, false, Clusters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
