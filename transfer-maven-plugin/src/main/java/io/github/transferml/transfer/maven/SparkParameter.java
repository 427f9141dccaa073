package io.github.transferml.transfer.maven;

import java.util.Map;

/**
 * The POM's {@code <spark>}: {@code <master>}, {@code <conf>} (one element per Spark setting, e.g.
 * {@code <spark.executor.memory>4g</spark.executor.memory>}), {@code <images>} and {@code <output>}.
 */
public class SparkParameter {

    /** Where Spark runs: {@code local[N]}, {@code spark://host:7077}, {@code yarn} or {@code k8s://https://host:443}. */
    private String master;

    /** Further Spark settings, by name. */
    private Map<String, String> conf;

    /**
     * Where the cluster reads the training folder (image-folder layout) as a URI Spark can read:
     * {@code hdfs://…}, {@code s3a://…}, {@code file:/…}; default {@code <dataset><trainDirectory>}.
     */
    private String images;

    /**
     * A folder Spark's executors write the features to and this machine reads them from; default the
     * build's {@code transfer-work/spark-features}.
     */
    private String output;

    String getMaster() {
        return master;
    }

    Map<String, String> getConf() {
        return conf;
    }

    String getImages() {
        return images;
    }

    String getOutput() {
        return output;
    }
}
