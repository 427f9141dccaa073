package io.github.transferml.transfer.config;

/**
 * The optional second phase: after the head has trained on the frozen base, unfreeze the top of the
 * kept base and train it together with the head, at a lower learning rate.
 *
 * @param unfreezeAfter a cut-point-style reference to a top-level block of the base; every kept
 *     block after it is unfrozen (null when {@code lastBlocks} is used)
 * @param lastBlocks how many of the last kept top-level blocks to unfreeze (null when {@code
 *     unfreezeAfter} is used)
 * @param epochs the phase's epochs, or null to train until the validation loss stops improving
 * @param learningRate the phase's learning rate, or null for a tenth of the head's (set, or
 *     found by a range test, also for a head fitted by L-BFGS)
 * @param trainBatchNorm whether BatchNorm layers of unfrozen blocks normalise with batch statistics
 *     and update their running statistics (default: they keep inference mode, as Keras advises)
 */
public record FineTuning(String unfreezeAfter, Integer lastBlocks, Integer epochs, Float learningRate,
        boolean trainBatchNorm) {

    /** Validates. */
    public FineTuning {
        boolean after = unfreezeAfter != null && !unfreezeAfter.isBlank();
        if (after == (lastBlocks != null)) {
            throw new ConfigurationException("fineTuning",
                    "needs exactly one of <unfreezeAfter> (a cut point, e.g. stage2) and <lastBlocks> (e.g. 2)");
        }
        if (lastBlocks != null && lastBlocks < 1) {
            throw new ConfigurationException("fineTuning.lastBlocks", "must be at least 1, not " + lastBlocks);
        }
        if (epochs != null && epochs < 1) {
            throw new ConfigurationException("fineTuning.epochs", "must be at least 1, not " + epochs);
        }
        if (learningRate != null && (!(learningRate > 0) || learningRate.isInfinite())) {
            throw new ConfigurationException("fineTuning.learningRate", "must be a positive number, not " + learningRate);
        }
    }

    /** @return e.g. {@code blocks after stage2, 5 epochs, BatchNorm in inference mode} */
    @Override
    public String toString() {
        return (unfreezeAfter != null ? "blocks after " + unfreezeAfter : "last " + lastBlocks + " blocks") + ", "
                + (epochs == null ? "until converged" : epochs + " epochs") + (learningRate != null ? " at learning rate " + learningRate : "")
                + (trainBatchNorm ? ", BatchNorm trains" : ", BatchNorm in inference mode");
    }

    /**
     * Returns the phase's learning rate.
     *
     * @param headRate the head phase's rate (set, or found by a range test), or null when neither
     *     is known
     * @return the configured rate, or a tenth of the head's, or null (the phase runs its own range
     *     test) when neither is known
     */
    public Float learningRate(Float headRate) {
        return learningRate != null ? learningRate : headRate == null ? null : headRate / 10;
    }
}
