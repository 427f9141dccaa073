package io.github.transferml.transfer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.data.DataFiles;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.data.TrainValidation;
import io.github.transferml.transfer.quality.QualityGate;
import io.github.transferml.transfer.train.EpochMetrics;
import io.github.transferml.transfer.train.Evaluation;
import io.github.transferml.transfer.train.TestScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingReportsTest {

    private static final List<String> CLASSES = List.of("cat", "dog");
    private static final List<EpochMetrics> HISTORY = List.of(new EpochMetrics(1, 1, 0.7, 0.6, 0.65, 0.5, 100, 1));
    private static final Evaluation VALIDATION = new Evaluation(0.65, 0.5, new int[] {0, 0}, new float[] {0.6f, 0.7f});
    private static final ClassMetrics VALIDATION_CLASSES = ClassMetrics.of(CLASSES, new int[] {0, 1}, new int[] {0, 0});

    /** Three test images: both cats right, the dog taken for a cat. */
    private static final TestScore TEST = new TestScore(images("test", 0, 0, 1),
            new Evaluation(0.9, 2 / 3.0, new int[] {0, 0, 0}, new float[] {0.8f, 0.9f, 0.55f}),
            ClassMetrics.of(CLASSES, new int[] {0, 0, 1}, new int[] {0, 0, 0}));

    @TempDir
    Path dir;

    private static LabeledImages images(String folder, int... labels) {
        LabeledImage[] images = new LabeledImage[labels.length];
        for (int i = 0; i < labels.length; i++) {
            images[i] = new LabeledImage(folder + "/" + CLASSES.get(labels[i]) + "/" + i + ".png", labels[i], () -> null);
        }
        return new LabeledImages(CLASSES, List.of(images));
    }

    @Test
    void qualityMetrics_should_put_test_figures_next_to_the_validation_figures() {
        Map<String, Object> metrics = TrainingReports.qualityMetrics(HISTORY, HISTORY.get(0), VALIDATION,
                VALIDATION_CLASSES, TEST);

        assertEquals(List.of("validationAccuracy", "validationLoss", "macroF1", "testAccuracy", "testLoss",
                "testMacroF1", "testImages", "trainAccuracy", "trainLoss", "selectedEpoch", "epochs", "classification",
                "testClassification"), List.copyOf(metrics.keySet()));
        assertEquals(2 / 3.0, metrics.get("testAccuracy"));
        assertEquals(0.9, metrics.get("testLoss"));
        assertEquals(TEST.classes().macroF1(), metrics.get("testMacroF1"));
        assertEquals(3, metrics.get("testImages"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> perClass = (List<Map<String, Object>>)
                ((Map<String, Object>) metrics.get("testClassification")).get("perClass");
        assertEquals(List.of(1.0, 0.0), perClass.stream().map(row -> row.get("recall")).toList(), "test recall");
    }

    @Test
    void qualityMetrics_should_keep_the_keys_it_always_had_without_a_test_set() {
        assertEquals(List.of("validationAccuracy", "validationLoss", "macroF1", "trainAccuracy", "trainLoss",
                "selectedEpoch", "epochs", "classification"), List.copyOf(TrainingReports.qualityMetrics(HISTORY,
                        HISTORY.get(0), VALIDATION, VALIDATION_CLASSES, null).keySet()));
    }

    @Test
    void write_should_list_every_test_prediction_and_remove_an_earlier_list_without_a_test_set() throws IOException {
        TrainValidation data = new TrainValidation(images("train", 0, 1), images("validation", 0, 1),
                new DataFiles(new TreeMap<>()));
        QualityGate.Result gate = new QualityGate.Result(List.of(), List.of());

        Path metrics = TrainingReports.write(dir, data, HISTORY, HISTORY.get(0), VALIDATION, VALIDATION_CLASSES, gate, 1, 1, false,
                dir.resolve("model.zip"), "00", null, TEST);
        List<String> lines = Files.readAllLines(dir.resolve(TrainingReports.TEST_PREDICTIONS));
        String withTest = Files.readString(metrics);
        TrainingReports.write(dir, data, HISTORY, HISTORY.get(0), VALIDATION, VALIDATION_CLASSES, gate, 1, 1, false,
                dir.resolve("model.zip"), "00", null, null);

        assertEquals(List.of("image,label,predicted,probability", "test/cat/0.png,cat,cat,0.8",
                "test/cat/1.png,cat,cat,0.9", "test/dog/2.png,dog,cat,0.55"), lines);
        assertTrue(withTest.contains("\"testAccuracy\": 0.6666666666666666,"), withTest);
        assertFalse(Files.exists(dir.resolve(TrainingReports.TEST_PREDICTIONS)));
        assertFalse(Files.readString(metrics).contains("test"));
    }
}
