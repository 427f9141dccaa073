package io.github.transferml.transfer.report;

import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.train.EpochMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the HTML report shows about one training run. The constructor copies every list, map
 * and array, so later changes by the caller do not reach the report.
 *
 * @param title the model's name, the report's heading
 * @param classNames the class names, index = class; must equal {@code metrics.classNames()}
 * @param history every epoch's figures, at least one; the last epoch's validation loss is the
 *     headline loss
 * @param fineTuneStartEpoch the first epoch (from 1) of the fine-tuning phase, or {@code null} if
 *     the run had one phase
 * @param baselineHistory the epochs of a from-scratch run of the same network to compare with; empty
 *     (or {@code null}, read as empty) if there was none
 * @param metrics the per-class figures of the validation predictions
 * @param validationImages the validation images, in the order of {@code predicted} and {@code
 *     probability}
 * @param predicted the predicted class of each validation image
 * @param probability the probability of each image's predicted class
 * @param configuration settings to list, in the order given; {@code null} reads as empty, {@code
 *     null} values are allowed
 * @param timing durations and speeds to list, in the order given; {@code null} reads as empty,
 *     {@code null} values are allowed
 * @param qualityGate one line per quality rule and its outcome; empty (or {@code null}) if no
 *     rule was configured
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
        List<String> qualityGate) {

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
        if (history.isEmpty()) {
            throw new IllegalArgumentException("history must hold at least one epoch.");
        }
        if (!classNames.equals(metrics.classNames())) {
            throw new IllegalArgumentException("classNames " + classNames + " differ from the metrics' class names "
                    + metrics.classNames() + ".");
        }
        int images = validationImages.size();
        if (predicted.length != images || probability.length != images || metrics.total() != images) {
            throw new IllegalArgumentException("There are " + images + " validation images but " + predicted.length
                    + " predictions, " + probability.length + " probabilities and " + metrics.total()
                    + " examples in the metrics; all must describe the same images.");
        }
        for (int i = 0; i < images; i++) {
            if (predicted[i] < 0 || predicted[i] >= classNames.size()) {
                throw new IllegalArgumentException("predicted[" + i + "] is " + predicted[i] + ", but there are "
                        + classNames.size() + " classes.");
            }
        }
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

    /** @return a copy of the predicted class of each validation image */
    @Override
    public int[] predicted() {
        return predicted.clone();
    }

    /** @return a copy of the probability of each image's predicted class */
    @Override
    public float[] probability() {
        return probability.clone();
    }

    /** @return the validation loss of the last epoch, which is the final evaluation's */
    public double validationLoss() {
        return history.get(history.size() - 1).validationLoss();
    }
}
