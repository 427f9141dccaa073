package io.github.transferml.transfer.config;

import java.util.Locale;

/**
 * How long one training phase runs: the epochs the POM fixes, or, when it fixes none, until the
 * validation loss stops improving (the best epoch's parameters restored), at most a cap.
 *
 * <p>The caps differ with what an epoch costs. A head trained from cached features of a frozen base
 * costs milliseconds an epoch, so it may run hundreds; a phase that runs the network on images costs
 * the whole forward and backward pass, so it stops sooner.
 *
 * @param maxEpochs the epochs the phase runs at most
 * @param stopping the rule that may stop it sooner, or null to run all {@code maxEpochs}
 * @param untilConverged whether the epochs were left to the phase (no {@code epochs} in the POM)
 */
public record PhaseLength(int maxEpochs, EarlyStopping stopping, boolean untilConverged) {

    /** Epochs a head may run on cached features when the POM sets none. */
    public static final int CACHED_CAP = 500;

    /** Epochs without a better validation loss before a head on cached features stops. */
    public static final int CACHED_PATIENCE = 10;

    /** Epochs a phase that runs the network on images (or a fine-tuning phase) may run when the POM sets none. */
    public static final int IMAGES_CAP = 100;

    /** Epochs without a better validation loss before such a phase stops. */
    public static final int IMAGES_PATIENCE = 5;

    /** Validation losses closer than this count as equal: noise, not progress. */
    public static final double MIN_DELTA = 1e-4;

    /** Checks the numbers. */
    public PhaseLength {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs " + maxEpochs);
        }
    }

    /**
     * The length of a phase.
     *
     * @param epochs the epochs the POM sets, or null to train until the validation loss stops improving
     * @param rule the POM's early-stopping rule, or null
     * @param fromCache whether the phase trains on cached features of a frozen base (cheap epochs)
     * @return the length
     */
    public static PhaseLength of(Integer epochs, EarlyStopping rule, boolean fromCache) {
        if (epochs != null) {
            return new PhaseLength(epochs, rule, false);
        }
        EarlyStopping stopping = rule != null ? rule : new EarlyStopping(EarlyStopping.Metric.VALIDATION_LOSS,
                fromCache ? CACHED_PATIENCE : IMAGES_PATIENCE, MIN_DELTA);
        return new PhaseLength(fromCache ? CACHED_CAP : IMAGES_CAP, stopping, true);
    }

    /** @return e.g. {@code 10 epochs} or {@code until validationLoss stops improving (patience 10), at most 500 epochs} */
    public String describe() {
        if (!untilConverged) {
            return maxEpochs + (maxEpochs == 1 ? " epoch" : " epochs");
        }
        return String.format(Locale.ROOT, "until %s stops improving (patience %d), at most %d epochs",
                stopping.metric().pomName(), stopping.patience(), maxEpochs);
    }
}
