package io.github.transferml.transfer.train;

import java.util.List;

/**
 * What one {@link TrainingPhase} gave.
 *
 * @param history every epoch's figures
 * @param validation the validation of the parameters the phase ends with
 * @param selected the epoch whose parameters the phase ends with: the last, or the best one restored
 * @param learningRate the rate the phase trained at; for a head fitted by L-BFGS, the rate fine-tuning
 *     takes a tenth of (the POM's, or a range test's), or null without fine-tuning
 * @param rateFound the range test that chose the rate, or null when the POM set it
 * @param probe the exact fit of a linear head (L-BFGS), or null when the phase took optimizer steps
 * @param stoppedEarly whether early stopping ended the phase before its last epoch
 * @param keptPrevious whether the phase never beat the one before and its parameters were put back
 * @param cacheSeconds time spent caching rows
 * @param trainSeconds time spent training
 * @param spilled whether the training rows spilled to disk
 */
record PhaseResult(List<EpochMetrics> history, Evaluation validation, EpochMetrics selected, Float learningRate,
        LearningRateFinder.Result rateFound, LinearProbe.Result probe, boolean stoppedEarly, boolean keptPrevious, double cacheSeconds,
        double trainSeconds, boolean spilled) {

    PhaseResult {
        history = List.copyOf(history);
    }
}
