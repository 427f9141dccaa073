package io.github.transferml.transfer.cut;

import java.util.Locale;

/**
 * How a head did on one candidate of {@code <cutPoint>auto</cutPoint>}, fitted on that cut's
 * pooled features.
 *
 * @param cutPoint the candidate as written
 * @param option the place it names
 * @param features the length of its pooled feature vector
 * @param validationAccuracy the head's validation accuracy, at its kept epoch
 * @param validationLoss the head's validation loss, at its kept epoch
 * @param seconds the time the head took (the shared pass through the base not included)
 */
public record CutTrial(String cutPoint, CutOption option, long features, double validationAccuracy,
        double validationLoss, double seconds) {

    /** @return e.g. {@code stage2 (07ParallelBlock): 32 features, validation accuracy 0.8123, loss 0.5012, 2.1 s} */
    public String describe() {
        return String.format(Locale.ROOT, "%s (%s): %d features, validation accuracy %.4f, loss %.4f, %.1f s",
                cutPoint, option.name(), features, validationAccuracy, validationLoss, seconds);
    }
}
