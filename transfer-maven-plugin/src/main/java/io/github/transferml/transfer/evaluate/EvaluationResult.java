package io.github.transferml.transfer.evaluate;

import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.report.ClassMetrics;
import java.nio.file.Path;
import java.util.List;

/**
 * A model's figures on a test set. The test images are labelled in the model's class order, the
 * order of its {@code synset.txt}, which is also the order of {@code metrics}.
 *
 * @param model the archive (or model directory) evaluated
 * @param modelSha256 its SHA-256
 * @param images the test images, labelled in the model's class order
 * @param predicted the predicted class of each image
 * @param probability the probability of each image's predicted class
 * @param loss the mean cross-entropy: the mean of −ln p(true class), p clamped at {@value
 *     ModelEvaluation#MIN_PROBABILITY}
 * @param metrics accuracy, confusion matrix and per-class figures
 * @param seconds the time spent decoding and classifying the images
 */
public record EvaluationResult(Path model, String modelSha256, LabeledImages images, int[] predicted,
        float[] probability, double loss, ClassMetrics metrics, double seconds) {

    /** Copies the arrays. */
    public EvaluationResult {
        predicted = predicted.clone();
        probability = probability.clone();
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

    /** @return the model's class names, index = class */
    public List<String> classNames() {
        return images.classNames();
    }

    /** @return the fraction of test images classified right */
    public double accuracy() {
        return metrics.accuracy();
    }
}
