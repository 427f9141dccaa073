package io.github.transferml.transfer.report;

import io.github.transferml.transfer.cut.CutChoice;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.train.EpochMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the HTML report shows about one training run, or about one evaluation of a finished
 * model (no history: see {@link #evaluation}). The constructor copies every list, map and array, so
 * later changes by the caller do not reach the report.
 *
 * @param title the model's name, the report's heading
 * @param classNames the class names, index = class; must equal {@code metrics.classNames()}
 * @param history every epoch's figures; empty for an evaluation without training
 * @param fineTuneStartEpoch the first epoch (from 1) of the fine-tuning phase, or {@code null} if
 *     the run had one phase
 * @param baselineHistory the epochs of a from-scratch run of the same network to compare with; empty
 *     (or {@code null}, read as empty) if there was none
 * @param metrics the per-class figures of the predictions
 * @param validationImages the images scored (the validation images of a training run, the test
 *     images of an evaluation), in the order of {@code predicted} and {@code probability}
 * @param predicted the predicted class of each image
 * @param probability the probability of each image's predicted class
 * @param configuration settings to list, in the order given; {@code null} reads as empty, {@code
 *     null} values are allowed
 * @param timing durations and speeds to list, in the order given; {@code null} reads as empty,
 *     {@code null} values are allowed
 * @param qualityGate one line per quality rule and its outcome; empty (or {@code null}) if no
 *     rule was configured
 * @param validationLoss the mean loss on the images shown: the last epoch's validation loss after
 *     training, the test loss of an evaluation
 * @param dataLabel what the images shown are called in headings, e.g. {@code validation} or {@code
 *     test}
 * @param test the final model's test figures, shown next to the validation figures of a training
 *     run; {@code null} without a test set
 * @param cutChoice what {@code <cutPoint>auto</cutPoint>} tried and chose; {@code null} for a cut
 *     point the POM names
 */
public record ReportData(
        String title,
        List<String> classNames,
        List<EpochMetrics> history,
        Integer fineTuneStartEpoch,
        List<EpochMetrics> baselineHistory,
        ClassMetrics metrics,
        List<LabeledImage> validationImages,
        int[] predicted,
        float[] probability,
        Map<String, Object> configuration,
        Map<String, Object> timing,
        List<String> qualityGate,
        double validationLoss,
        String dataLabel,
        TestFigures test,
        CutChoice cutChoice) {

    /** The data label of a training run's report. */
    public static final String VALIDATION = "validation";

    /** The data label of an evaluation's report. */
    public static final String TEST = "test";

    /**
     * A training run's figures on its test set, which nothing was tuned on.
     *
     * @param metrics the per-class figures of the test predictions
     * @param loss the mean cross-entropy on the test images
     */
    public record TestFigures(ClassMetrics metrics, double loss) {}

    /**
     * The report without test figures. The parameters are the components of the same names.
     *
     * @throws IllegalArgumentException if a required part is missing or the parts disagree
     */
    public ReportData(String title, List<String> classNames, List<EpochMetrics> history, Integer fineTuneStartEpoch,
            List<EpochMetrics> baselineHistory, ClassMetrics metrics, List<LabeledImage> validationImages,
            int[] predicted, float[] probability, Map<String, Object> configuration, Map<String, Object> timing,
            List<String> qualityGate, double validationLoss, String dataLabel) {
        this(title, classNames, history, fineTuneStartEpoch, baselineHistory, metrics, validationImages, predicted,
                probability, configuration, timing, qualityGate, validationLoss, dataLabel, null, null);
    }

    /**
     * The report of a training run: the images are the validation images, and the headline loss is
     * the last epoch's validation loss. The parameters are the components of the same names.
     *
     * @throws IllegalArgumentException if a required part is missing, {@code history} is empty, or
     *     the parts disagree
     */
    public ReportData(String title, List<String> classNames, List<EpochMetrics> history, Integer fineTuneStartEpoch,
            List<EpochMetrics> baselineHistory, ClassMetrics metrics, List<LabeledImage> validationImages,
            int[] predicted, float[] probability, Map<String, Object> configuration, Map<String, Object> timing,
            List<String> qualityGate) {
        this(title, classNames, history, fineTuneStartEpoch, baselineHistory, metrics, validationImages, predicted,
                probability, configuration, timing, qualityGate, lastEpoch(history).validationLoss(), VALIDATION);
    }

    /**
     * The report of a finished model scored on a test set: no training history, so no learning
     * curves.
     *
     * @param title the model's name, the report's heading
     * @param metrics the per-class figures of the test predictions; its class names are the report's
     * @param testImages the test images, in the order of {@code predicted} and {@code probability}
     * @param predicted the predicted class of each test image
     * @param probability the probability of each image's predicted class
     * @param loss the mean cross-entropy loss on the test images
     * @param configuration settings to list, in the order given; {@code null} reads as empty
     * @param timing durations and speeds to list, in the order given; {@code null} reads as empty
     * @param qualityGate one line per quality rule and its outcome; empty (or {@code null}) if none
     * @return the report's data, labelled {@value #TEST}
     * @throws IllegalArgumentException if a required part is missing or the parts disagree
     */
    public static ReportData evaluation(String title, ClassMetrics metrics, List<LabeledImage> testImages,
            int[] predicted, float[] probability, double loss, Map<String, Object> configuration,
            Map<String, Object> timing, List<String> qualityGate) {
        require(metrics, "metrics");
        return new ReportData(title, metrics.classNames(), List.of(), null, List.of(), metrics, testImages, predicted,
                probability, configuration, timing, qualityGate, loss, TEST);
    }

    /**
     * Checks that the parts describe the same examples and copies them.
     *
     * @throws IllegalArgumentException if a required part is missing or the parts disagree
     */
    public ReportData {
        require(title, "title");
        require(classNames, "classNames");
        require(history, "history");
        require(metrics, "metrics");
        require(validationImages, "validationImages");
        require(predicted, "predicted");
        require(probability, "probability");
        classNames = List.copyOf(classNames);
        history = List.copyOf(history);
        baselineHistory = baselineHistory == null ? List.of() : List.copyOf(baselineHistory);
        validationImages = List.copyOf(validationImages);
        predicted = predicted.clone();
        probability = probability.clone();
        configuration = orderedCopy(configuration);
        timing = orderedCopy(timing);
        qualityGate = qualityGate == null ? List.of() : List.copyOf(qualityGate);
        if (dataLabel == null || dataLabel.isBlank()) {
            throw new IllegalArgumentException("dataLabel is required.");
        }
        if (!classNames.equals(metrics.classNames())) {
            throw new IllegalArgumentException("classNames " + classNames + " differ from the metrics' class names "
                    + metrics.classNames() + ".");
        }
        int images = validationImages.size();
        if (predicted.length != images || probability.length != images || metrics.total() != images) {
            throw new IllegalArgumentException("There are " + images + " " + dataLabel + " images but " + predicted.length
                    + " predictions, " + probability.length + " probabilities and " + metrics.total()
                    + " examples in the metrics; all must describe the same images.");
        }
        for (int i = 0; i < images; i++) {
            if (predicted[i] < 0 || predicted[i] >= classNames.size()) {
                throw new IllegalArgumentException("predicted[" + i + "] is " + predicted[i] + ", but there are "
                        + classNames.size() + " classes.");
            }
        }
        if (test != null && !classNames.equals(test.metrics().classNames())) {
            throw new IllegalArgumentException("classNames " + classNames + " differ from the test metrics' class"
                    + " names " + test.metrics().classNames() + ".");
        }
    }

    /**
     * @param figures the final model's test figures, or null
     * @return this report with the test figures next to the validation figures
     */
    public ReportData withTest(TestFigures figures) {
        return new ReportData(title, classNames, history, fineTuneStartEpoch, baselineHistory, metrics,
                validationImages, predicted, probability, configuration, timing, qualityGate, validationLoss,
                dataLabel, figures, cutChoice);
    }

    /**
     * @param choice what {@code auto} tried and chose, or null
     * @return this report with the table of cut points tried
     */
    public ReportData withCutChoice(CutChoice choice) {
        return new ReportData(title, classNames, history, fineTuneStartEpoch, baselineHistory, metrics,
                validationImages, predicted, probability, configuration, timing, qualityGate, validationLoss,
                dataLabel, test, choice);
    }

    private static EpochMetrics lastEpoch(List<EpochMetrics> history) {
        require(history, "history");
        if (history.isEmpty()) {
            throw new IllegalArgumentException("history must hold at least one epoch.");
        }
        return history.get(history.size() - 1);
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required.");
        }
    }

    /** A copy that keeps the caller's order and, unlike {@code Map.copyOf}, allows null values. */
    private static Map<String, Object> orderedCopy(Map<String, Object> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** @return a copy of the predicted class of each image */
    @Override
    public int[] predicted() {
        return predicted.clone();
    }

    /** @return a copy of the probability of each image's predicted class */
    @Override
    public float[] probability() {
        return probability.clone();
    }

    /** @return whether the report is about a training run, with learning curves */
    public boolean hasHistory() {
        return !history.isEmpty();
    }
}
