package io.github.transferml.transfer.train;

import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.quality.QualityGate;
import io.github.transferml.transfer.report.ClassMetrics;

/**
 * The final model's figures on the test set, which nothing was tuned on.
 *
 * @param images the test images, in the order of the evaluation's predictions
 * @param evaluation the loss, accuracy and each image's prediction
 * @param classes the per-class figures
 */
public record TestScore(LabeledImages images, Evaluation evaluation, ClassMetrics classes) {

    /** @return the figures a quality gate checks */
    public QualityGate.Figures figures() {
        return new QualityGate.Figures(evaluation.accuracy(), evaluation.loss(), classes);
    }
}
