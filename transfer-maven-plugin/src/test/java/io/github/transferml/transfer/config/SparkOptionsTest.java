package io.github.transferml.transfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code <spark>}: what it accepts, what it refuses and how it says so. */
class SparkOptionsTest {

    private static SparkOptions master(String master) {
        return new SparkOptions(master, null, null, null);
    }

    @Test
    void masters_spark_knows_should_be_accepted() {
        for (String master : new String[] {"local", "local[2]", "local[*]", "local[4,2]", "spark://head:7077",
                "spark://a:7077,b:7077", "yarn", "k8s://https://api.example:443"}) {
            assertEquals(master, master(" " + master + " ").master());
        }
        assertTrue(master("local[2]").isLocal());
        assertFalse(master("spark://head:7077").isLocal());
    }

    @Test
    void other_masters_should_be_refused_naming_the_forms() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> master("spark://head"));
        assertEquals("<spark.master> 'spark://head' is not a Spark master: give local[N], local[*], spark://host:port,"
                + " yarn or k8s://https://host:port", e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> master(" "));
        assertEquals("<spark.master> is required: local[2] (this machine, 2 cores), spark://host:7077 (a standalone"
                + " cluster), yarn or k8s://https://host:443", e.getMessage());
    }

    @Test
    void conf_should_hold_spark_settings_only_and_not_the_master() {
        Map<String, String> conf = new TreeMap<>(Map.of("spark.executor.memory", "4g"));
        assertEquals(conf, new SparkOptions("local[2]", conf, null, null).conf());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new SparkOptions("local[2]", Map.of("executor.memory", "4g"), null, null));
        assertEquals("<spark.conf> 'executor.memory' is not a Spark setting: their names start with spark. (e.g."
                + " spark.executor.memory=4g)", e.getMessage());
        e = assertThrows(ConfigurationException.class,
                () -> new SparkOptions("local[2]", Map.of("spark.master", "yarn"), null, null));
        assertEquals("<spark.conf> sets spark.master; give it as <spark><master> instead", e.getMessage());
    }

    @Test
    void command_line_conf_should_be_comma_separated_key_values() {
        assertEquals(Map.of("spark.executor.memory", "4g", "spark.executor.cores", "2"),
                SparkOptions.parseConf("spark.executor.memory=4g, spark.executor.cores=2,"));
        assertEquals(Map.of(), SparkOptions.parseConf(null));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SparkOptions.parseConf("spark.executor.memory"));
        assertTrue(e.getMessage().startsWith("<spark.conf> 'spark.executor.memory' is not key=value"), e.getMessage());
    }

    @Test
    void images_should_be_a_uri_or_a_local_path_made_a_file_uri() {
        assertEquals("hdfs://nn:8020/photos/train",
                new SparkOptions("yarn", null, "hdfs://nn:8020/photos/train", null).images());
        assertEquals(Path.of("data/train").toAbsolutePath().toUri().toString(),
                new SparkOptions("local[2]", null, "data/train", null).images());
        assertNull(master("local[2]").images());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new SparkOptions("yarn", null, "hdfs://nn:8020", null));
        assertEquals("<spark.images> 'hdfs://nn:8020' names no folder; give e.g. hdfs://namenode:8020/data/train or"
                + " file:/data/train", e.getMessage());
    }

    @Test
    void a_request_should_refuse_spark_for_idx_files_and_need_a_training_folder_somewhere() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> TestData.request(Path.of("out"),
                new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null), TestData.fashionIdx())
                .optSpark(master("local[2]")).build());
        assertTrue(e.getMessage().startsWith("<spark> reads image folders"), e.getMessage());

        DatasetSpec noFolder = new DatasetSpec(DatasetSpec.Format.FOLDER, null, null, 0.2, null, null, null, null,
                null);
        BaseModelSpec base = new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null);
        e = assertThrows(ConfigurationException.class,
                () -> TestData.request(Path.of("out"), base, noFolder).optSpark(master("local[2]")).build());
        assertEquals("<dataset.trainDirectory> is required: a folder with one sub-folder of images per class",
                e.getMessage());
        // With <spark><images>, the cluster reads the training folder: no local one is needed.
        SparkOptions remote = new SparkOptions("yarn", null, "hdfs://nn:8020/photos/train", null);
        assertEquals(remote, TestData.request(Path.of("out"), base, noFolder).optSpark(remote).build().getSpark());
        assertEquals("master yarn, images hdfs://nn:8020/photos/train", remote.describe());
    }
}
