package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.SparkOptions;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.data.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frozen pass on Spark, {@code local[2]} in this JVM: the same classes, splits, digest and
 * features as a local pass, so the same archive, byte for byte.
 */
class SparkTrainingTest {

    private static final SparkOptions LOCAL = new SparkOptions("local[2]", null, null, null);

    @TempDir
    Path out;

    private static TrainingRequest.Builder digits(Path dir) {
        return TestData.digitsOnFashionBase(dir).optHeadSolver(HeadSolver.LBFGS);
    }

    private static TrainingResult run(TrainingRequest request, List<String> log) throws Exception {
        return new TransferTraining(request, null, RecordedLog.into(log, "WARN "), "test").run();
    }

    @Test
    void an_archive_built_on_spark_should_be_byte_identical_to_one_built_here() throws Exception {
        Augmentation twoViews = Augmentation.builder().optHorizontalFlip(true).optRotation(10).optViews(2).build();
        TrainingResult here = new TransferTraining(digits(out.resolve("here")).optAugmentation(twoViews).build(),
                null, TrainingEvents.NONE, "test").run();
        List<String> log = new ArrayList<>();
        TrainingResult spark = run(digits(out.resolve("spark")).optAugmentation(twoViews).optSpark(LOCAL).build(),
                log);

        assertEquals(here.archiveSha256(), spark.archiveSha256(), () -> String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.matches("Spark 4\\.\\d+\\.\\d+ started in .* s: master local\\[2\\],"
                + " 2 task slots")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.matches("Spark listed and hashed 400 image files in .* s")),
                log::toString);
        assertTrue(log.contains("Caching features of training data on Spark: 600 augmented views in 10 batches of 64,"
                + " 8 partitions, 2 task slots"), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.matches("Spark computed 600 rows of training data in .* s,"
                + " \\d+ images/s: 8 partitions on 1 executor")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.matches("Spark computed 100 rows of validation data in .*")),
                log::toString);
    }

    @Test
    void a_missing_images_folder_should_fail_naming_it() {
        Path missing = out.resolve("no-such-folder");
        SparkOptions options = new SparkOptions("local[2]", null, missing.toString(), null);
        DatasetException e = assertThrows(DatasetException.class,
                () -> run(digits(out).optSpark(options).build(), new ArrayList<>()));

        assertEquals("<spark.images> " + missing.toUri() + " does not exist for Spark. Point it at a folder with one"
                + " sub-folder of images per class that the cluster can read.", e.getMessage());
        assertFalse(Files.exists(out.resolve("test-model.zip")));
    }

    @Test
    void an_unreachable_master_should_fail_before_spark_starts_naming_it() {
        SparkOptions options = new SparkOptions("spark://127.0.0.1:1", null, null, null);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> run(digits(out).optSpark(options).build(), new ArrayList<>()));

        assertTrue(e.getMessage().startsWith("<spark.master> cannot reach the Spark master spark://127.0.0.1:1:"
                + " 127.0.0.1:1 (Connection refused)"), e.getMessage());
    }
}
