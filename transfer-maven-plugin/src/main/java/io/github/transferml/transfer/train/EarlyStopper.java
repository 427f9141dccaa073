package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.github.transferml.transfer.config.EarlyStopping;

/**
 * Watches one validation metric through a training phase, keeps a copy of the trainable parameters
 * of the best epoch, and says when the phase should stop; {@link #restoreBest()} puts the best
 * parameters back.
 */
final class EarlyStopper implements AutoCloseable {

    private final EarlyStopping rule;
    private final ParameterSnapshot best;
    private double bestValue = Double.NaN;
    private EpochMetrics bestMetrics;
    private Evaluation bestEvaluation;
    private int epochsWithoutImprovement;

    /**
     * @param rule the rule
     * @param block the block being trained; its trainable parameters are watched
     * @param parent the manager whose sub-manager holds the copies
     */
    EarlyStopper(EarlyStopping rule, Block block, NDManager parent) {
        this.rule = rule;
        this.best = new ParameterSnapshot(block, parent);
    }

    /**
     * Records one epoch.
     *
     * @param metrics the epoch's figures
     * @param validation its validation
     * @return whether the phase should stop now
     */
    boolean record(EpochMetrics metrics, Evaluation validation) {
        double value = valueOf(rule.metric(), metrics);
        if (rule.improves(value, bestValue)) {
            bestValue = value;
            bestMetrics = metrics;
            bestEvaluation = validation;
            epochsWithoutImprovement = 0;
            best.take();
            return false;
        }
        return ++epochsWithoutImprovement >= rule.patience();
    }

    /**
     * @param metric a validation metric
     * @param epoch an epoch's figures
     * @return the metric's value in that epoch
     */
    static double valueOf(EarlyStopping.Metric metric, EpochMetrics epoch) {
        return metric == EarlyStopping.Metric.VALIDATION_LOSS ? epoch.validationLoss() : epoch.validationAccuracy();
    }

    /** Puts the best epoch's parameters back. */
    void restoreBest() {
        best.restore();
    }

    /** Starts counting the epochs without improvement afresh, as after a change of learning rate. */
    void resetPatience() {
        epochsWithoutImprovement = 0;
    }

    /** @return the best epoch (0 before any) */
    int bestEpoch() {
        return bestMetrics == null ? 0 : bestMetrics.epoch();
    }

    /** @return the best epoch's figures, or null before any */
    EpochMetrics bestMetrics() {
        return bestMetrics;
    }

    /** @return the watched metric's name */
    String metricName() {
        return rule.metric().pomName();
    }

    /** @return the best value of the watched metric */
    double bestValue() {
        return bestValue;
    }

    /** @return the validation of the best epoch */
    Evaluation bestEvaluation() {
        return bestEvaluation;
    }

    @Override
    public void close() {
        best.close();
    }
}
