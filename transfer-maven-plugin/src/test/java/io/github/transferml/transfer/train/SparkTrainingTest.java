package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.SparkOptions;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.data.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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

    /** A copy of the digits' training folder, where only the cluster reads it. */
    private Path copyOfTraining(String name) throws IOException {
        Path source = TestData.digitFolders().trainDirectory();
        Path copy = out.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = copy.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        return copy;
    }

    /** The digits with no local training folder: the cluster reads it from {@code <spark><images>}. */
    private static TrainingRequest.Builder onlyTheClusterReads(Path dir) {
        DatasetSpec local = TestData.digitFolders();
        return digits(dir).setDataset(new DatasetSpec(DatasetSpec.Format.FOLDER, null, local.validationDirectory(),
                null, null, null, null, null, null));
    }

    @Test
    void an_archive_built_on_spark_should_be_byte_identical_to_one_built_here() throws Exception {
        Augmentation twoViews = Augmentation.builder().optHorizontalFlip(true).optRotation(10).optViews(2).build();
        TrainingResult here = new TransferTraining(digits(out.resolve("here")).optAugmentation(twoViews).build(),
                null, TrainingEvents.NONE, "test").run();
        // The training folder at another place, given as <spark><images> only: where the data lies does not count.
        SparkOptions elsewhere = new SparkOptions("local[2]", null, copyOfTraining("copy").toString(), null);
        List<String> log = new ArrayList<>();
        TrainingResult spark = run(onlyTheClusterReads(out.resolve("spark")).optAugmentation(twoViews)
                .optSpark(elsewhere).build(), log);

        assertEquals(here.archiveSha256(), spark.archiveSha256(), () -> String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.matches("Spark 4\\.\\d+\\.\\d+ started in .* s: master local\\[2\\],"
                + " images file:.*/copy/, 2 task slots")), log::toString);
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
    void images_spark_would_skip_should_fail_the_build_naming_them() throws IOException {
        Path copy = copyOfTraining("hidden");
        Files.copy(copy.resolve("0/0_0001.png"), copy.resolve("0/_0_0001.png"));
        SparkOptions options = new SparkOptions("local[2]", null, copy.toString(), null);
        DatasetException e = assertThrows(DatasetException.class,
                () -> run(onlyTheClusterReads(out).optSpark(options).build(), new ArrayList<>()));

        assertEquals("Spark's file source skipped 1 image file: " + copy.toUri().toString().replace("file:///", "file:/")
                + "0/_0_0001.png. It skips names that start with _ or . (hidden files); rename them, or remove them.",
                e.getMessage());
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
