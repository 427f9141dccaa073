package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.config.FineTuning;

/**
 * The POM's {@code <fineTuning>}: one of {@code <unfreezeAfter>} and {@code <lastBlocks>}, plus
 * {@code <epochs>}, {@code <learningRate>} and {@code <trainBatchNorm>}.
 */
public class FineTuningParameter {

    /** A top-level block of the base, written as a cut point ({@code stage2}, {@code 7}); the kept blocks after it are unfrozen. */
    private String unfreezeAfter;

    /** How many of the last kept top-level blocks of the base to unfreeze. */
    private Integer lastBlocks;

    /**
     * Epochs of the fine-tuning phase. Default: until the validation loss has not improved for 5
     * epochs, at most 100. Either way, if fine-tuning never beats the head phase on validation, the
     * archive keeps the head phase's model.
     */
    private Integer epochs;

    /** Its learning rate (default: a tenth of {@code learningRate}). */
    private Float learningRate;

    /** Let BatchNorm layers of unfrozen blocks use batch statistics and update their running statistics (default false). */
    private boolean trainBatchNorm;

    /** @return the core's phase */
    public FineTuning toFineTuning() {
        return new FineTuning(unfreezeAfter, lastBlocks, epochs, learningRate, trainBatchNorm);
    }
}
