package io.github.transferml.transfer.train;

import java.util.Locale;

/**
 * The figures of one epoch.
 *
 * @param epoch the epoch, from 1
 * @param epochs the number of epochs
 * @param trainLoss mean training loss
 * @param trainAccuracy training accuracy
 * @param validationLoss mean validation loss
 * @param validationAccuracy validation accuracy
 * @param imagesPerSecond training images per second
 * @param seconds the epoch's wall time, training and validation
 */
public record EpochMetrics(
        int epoch,
        int epochs,
        double trainLoss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy,
        double imagesPerSecond,
        double seconds) {

    /** @return the log line of this epoch */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "Epoch %d/%d: train loss %.4f, accuracy %.4f | validation loss %.4f, accuracy %.4f | %.0f images/s | %.1f s",
                epoch, epochs, trainLoss, trainAccuracy, validationLoss, validationAccuracy, imagesPerSecond, seconds);
    }
}
