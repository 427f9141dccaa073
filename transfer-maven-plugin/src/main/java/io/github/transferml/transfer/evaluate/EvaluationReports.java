package io.github.transferml.transfer.evaluate;

import io.github.transferml.transfer.util.Csv;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.engine.DjlEnvironment;
import io.github.transferml.transfer.quality.QualityGate;
import io.github.transferml.transfer.quality.QualityRule;
import io.github.transferml.transfer.report.HtmlReport;
import io.github.transferml.transfer.report.ReportData;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.util.AtomicFiles;
import io.github.transferml.transfer.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An evaluation's figures for people and tools, in the layout of a training run's: {@code
 * report.html}, {@code metrics.json} (no timing, so the same model and test set give the same
 * file) and {@code test-predictions.csv} (every test image's true and predicted class and the
 * predicted class's probability).
 */
public final class EvaluationReports {

    /** The HTML report's file name. */
    public static final String REPORT = "report.html";

    /** The figures' file name. */
    public static final String METRICS = "metrics.json";

    /** The predictions' file name. */
    public static final String PREDICTIONS = "test-predictions.csv";

    private EvaluationReports() {}

    /**
     * The figures of {@code metrics.json}: {@code accuracy}, {@code loss}, {@code macroF1}, {@code
     * testImages}, {@code testSet} (format and files), {@code model} (its path), {@code modelSha256},
     * {@code qualityGate} ({@code passed} and {@code violations}: the lines of the limits met and
     * missed, as after training) and {@code classification} (see {@link
     * io.github.transferml.transfer.report.ClassMetrics#toJson()}).
     *
     * @param result the evaluation
     * @param testSet where the test images came from
     * @param gate what the quality gate found
     * @return an ordered JSON object
     */
    public static Map<String, Object> metrics(EvaluationResult result, TestSet testSet, QualityGate.Result gate) {
        Map<String, Object> metrics = Json.object("accuracy", result.accuracy(), "loss", result.loss());
        metrics.put("macroF1", result.metrics().macroF1());
        metrics.put("testImages", result.images().size());
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("format", testSet.format().name().toLowerCase(Locale.ROOT));
        if (testSet.directory() != null) {
            set.put("directory", testSet.directory().toString());
        } else {
            set.put("images", testSet.images().toString());
            set.put("labels", testSet.labels().toString());
        }
        metrics.put("testSet", set);
        metrics.put("model", result.model().toString());
        metrics.put("modelSha256", result.modelSha256());
        metrics.put("qualityGate", Json.object("passed", gate.passed(), "violations", gate.violations()));
        metrics.put("classification", result.metrics().toJson());
        return metrics;
    }

    /**
     * Writes the three files, each completely or not at all.
     *
     * @param directory the report directory
     * @param result the evaluation
     * @param testSet where the test images came from
     * @param rules the rules checked
     * @param gate what the quality gate found
     * @param events receives warnings about what the HTML report had to leave out
     * @return the HTML report
     * @throws IOException if a file cannot be written
     */
    public static Path write(Path directory, EvaluationResult result, TestSet testSet, List<QualityRule> rules,
            QualityGate.Result gate, TrainingEvents events) throws IOException {
        AtomicFiles.write(directory.resolve(METRICS), Json.bytes(metrics(result, testSet, gate)));
        AtomicFiles.write(directory.resolve(PREDICTIONS), predictions(result).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("model", result.model().toString());
        configuration.put("model SHA-256", result.modelSha256());
        configuration.put("test set", testSet.describe());
        configuration.put("engine", DjlEnvironment.versions());
        configuration.put("quality rules", rules.isEmpty() ? "none"
                : String.join("; ", rules.stream().map(QualityRule::describe).toList()));
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("loading and classifying (s)", result.seconds());
        timing.put("images per second", result.images().size() / result.seconds());
        ReportData data = ReportData.evaluation(result.model().getFileName().toString(), result.metrics(),
                result.images().images(), result.predicted(), result.probability(), result.loss(), configuration,
                timing, gate.lines());
        return HtmlReport.write(directory.resolve(REPORT), data, events);
    }

    /** One line per image: {@code image,label,predicted,probability}, as validation-predictions.csv. */
    static String predictions(EvaluationResult result) {
        List<String> classes = result.classNames();
        List<LabeledImage> images = result.images().images();
        int[] predicted = result.predicted();
        float[] probability = result.probability();
        StringBuilder csv = new StringBuilder("image,label,predicted,probability\n");
        for (int i = 0; i < images.size(); i++) {
            csv.append(Csv.field(images.get(i).id())).append(',')
                    .append(Csv.field(classes.get(images.get(i).label()))).append(',')
                    .append(Csv.field(classes.get(predicted[i]))).append(',')
                    .append(probability[i]).append('\n');
        }
        return csv.toString();
    }
}
