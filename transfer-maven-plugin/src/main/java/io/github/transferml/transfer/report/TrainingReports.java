package io.github.transferml.transfer.report;

import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.data.TrainValidation;
import io.github.transferml.transfer.quality.QualityGate;
import io.github.transferml.transfer.train.EpochMetrics;
import io.github.transferml.transfer.train.Evaluation;
import io.github.transferml.transfer.train.TestScore;
import io.github.transferml.transfer.util.AtomicFiles;
import io.github.transferml.transfer.util.Csv;
import io.github.transferml.transfer.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run's figures for people and tools: {@code metrics.json} (quality and timing), {@code
 * validation-predictions.csv} (every validation image's predicted class and probability) and, with
 * a test set, {@code test-predictions.csv}.
 */
public final class TrainingReports {

    /** The file name of the run's figures in the report directory. */
    public static final String METRICS = "metrics.json";

    /** The file name of every test image's prediction in the report directory, with a test set. */
    public static final String TEST_PREDICTIONS = "test-predictions.csv";

    private TrainingReports() {}

    /**
     * The figures that do not depend on the machine's speed, so an archive holding them stays
     * reproducible; with a test set, the test set's next to the validation set's ({@code
     * testAccuracy}, {@code testLoss}, {@code testMacroF1}, {@code testImages} and, per class,
     * {@code testClassification}). Without one there are no test keys.
     *
     * @param history every epoch's figures
     * @param selected the epoch whose parameters the model holds: its train figures are the model's
     * @param validation the final evaluation
     * @param classes the final per-class figures
     * @param test the final model's test figures, or null without a test set
     * @return an ordered JSON object
     */
    public static Map<String, Object> qualityMetrics(List<EpochMetrics> history, EpochMetrics selected,
            Evaluation validation, ClassMetrics classes, TestScore test) {
        Map<String, Object> metrics = Json.object(
                "validationAccuracy", validation.accuracy(), "validationLoss", validation.loss());
        metrics.put("macroF1", classes.macroF1());
        if (test != null) {
            metrics.put("testAccuracy", test.evaluation().accuracy());
            metrics.put("testLoss", test.evaluation().loss());
            metrics.put("testMacroF1", test.classes().macroF1());
            metrics.put("testImages", test.images().size());
        }
        metrics.put("trainAccuracy", selected.trainAccuracy());
        metrics.put("trainLoss", selected.trainLoss());
        metrics.put("selectedEpoch", selected.epoch());
        metrics.put("epochs", epochRows(history));
        metrics.put("classification", classes.toJson());
        if (test != null) {
            metrics.put("testClassification", test.classes().toJson());
        }
        return metrics;
    }

    /**
     * The per-epoch figures as JSON rows.
     *
     * @param history the epochs
     * @return one ordered object per epoch
     */
    public static List<Map<String, Object>> epochRows(List<EpochMetrics> history) {
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochMetrics e : history) {
            Map<String, Object> row = Json.object("epoch", e.epoch(), "trainLoss", e.trainLoss());
            row.put("trainAccuracy", e.trainAccuracy());
            row.put("validationLoss", e.validationLoss());
            row.put("validationAccuracy", e.validationAccuracy());
            epochs.add(row);
        }
        return epochs;
    }

    /**
     * Writes both reports.
     *
     * @param directory the report directory
     * @param data the data
     * @param history every epoch's figures
     * @param selected the epoch whose parameters the model holds
     * @param validation the final evaluation
     * @param classes the final per-class figures
     * @param gate what the quality gate found
     * @param trainSeconds seconds spent in epochs
     * @param cacheSeconds seconds spent filling the cache
     * @param spilled whether the cache spilled to disk
     * @param archive the archive written
     * @param archiveSha256 its SHA-256
     * @param baseline the from-scratch baseline's figures, or null
     * @param test the final model's test figures, or null without a test set
     * @return the metrics file
     * @throws IOException if a report cannot be written
     */
    public static Path write(Path directory, TrainValidation data, List<EpochMetrics> history, EpochMetrics selected,
            Evaluation validation,
            ClassMetrics classes, QualityGate.Result gate, double trainSeconds, double cacheSeconds, boolean spilled,
            Path archive, String archiveSha256, Map<String, Object> baseline, TestScore test)
            throws IOException {
        Map<String, Object> metrics = qualityMetrics(history, selected, validation, classes, test);
        metrics.put("qualityGate", Json.object("passed", gate.passed(), "violations", gate.violations()));
        metrics.put("trainSeconds", trainSeconds);
        metrics.put("cacheSeconds", cacheSeconds);
        metrics.put("cacheSpilledToDisk", spilled);
        List<Map<String, Object>> timing = new ArrayList<>();
        for (EpochMetrics e : history) {
            Map<String, Object> row = Json.object("epoch", e.epoch(), "seconds", e.seconds());
            row.put("imagesPerSecond", e.imagesPerSecond());
            timing.add(row);
        }
        metrics.put("epochTiming", timing);
        if (baseline != null) {
            metrics.put("baseline", baseline);
        }
        metrics.put("archive", archive.getFileName().toString());
        metrics.put("archiveSha256", archiveSha256);
        Path metricsFile = directory.resolve(METRICS);
        AtomicFiles.write(metricsFile, Json.bytes(metrics));

        writePredictions(directory.resolve("validation-predictions.csv"), data.classNames(),
                data.validation().images(), validation);
        Path testPredictions = directory.resolve(TEST_PREDICTIONS);
        if (test != null) {
            writePredictions(testPredictions, data.classNames(), test.images().images(), test.evaluation());
        } else {
            Files.deleteIfExists(testPredictions); // a test set of an earlier build is not this model's
        }
        return metricsFile;
    }

    private static void writePredictions(Path file, List<String> classNames, List<LabeledImage> images,
            Evaluation evaluation) throws IOException {
        StringBuilder csv = new StringBuilder("image,label,predicted,probability\n");
        for (int i = 0; i < images.size(); i++) {
            csv.append(Csv.field(images.get(i).id())).append(',')
                    .append(Csv.field(classNames.get(images.get(i).label()))).append(',')
                    .append(Csv.field(classNames.get(evaluation.predicted()[i]))).append(',')
                    .append(evaluation.probability()[i]).append('\n');
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }
}
