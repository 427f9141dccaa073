package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.transferml.transfer.config.EarlyStopping;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches one validation metric through a training phase, keeps a copy of the trainable parameters
 * of the best epoch, and says when the phase should stop; {@link #restoreBest()} puts the best
 * parameters back.
 */
final class EarlyStopper implements AutoCloseable {

    private final EarlyStopping rule;
    private final List<Parameter> parameters = new ArrayList<>();
    private final NDManager manager;
    private final List<NDArray> best = new ArrayList<>();
    private double bestValue = Double.NaN;
    private int bestEpoch;
    private Evaluation bestEvaluation;
    private int epochsWithoutImprovement;

    /**
     * @param rule the rule
     * @param block the block being trained; its trainable parameters are watched
     * @param parent the manager whose sub-manager holds the copies
     */
    EarlyStopper(EarlyStopping rule, Block block, NDManager parent) {
        this.rule = rule;
        this.manager = parent.newSubManager();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            Parameter.Type type = parameter.getValue().getType();
            // What training changes: trainable parameters, and running statistics of BatchNorm in training mode.
            if (parameter.getValue().requiresGradient() || type == Parameter.Type.RUNNING_MEAN
                    || type == Parameter.Type.RUNNING_VAR) {
                parameters.add(parameter.getValue());
            }
        }
    }

    /**
     * Records one epoch.
     *
     * @param epoch the epoch
     * @param metrics its figures
     * @param validation its validation
     * @return whether the phase should stop now
     */
    boolean record(int epoch, EpochMetrics metrics, Evaluation validation) {
        double value = rule.metric() == EarlyStopping.Metric.VALIDATION_LOSS ? metrics.validationLoss()
                : metrics.validationAccuracy();
        if (rule.improves(value, bestValue)) {
            bestValue = value;
            bestEpoch = epoch;
            bestEvaluation = validation;
            epochsWithoutImprovement = 0;
            best.forEach(NDArray::close);
            best.clear();
            for (Parameter parameter : parameters) {
                NDArray copy = parameter.getArray().duplicate();
                copy.attach(manager);
                best.add(copy);
            }
            return false;
        }
        return ++epochsWithoutImprovement >= rule.patience();
    }

    /** Puts the best epoch's parameters back. */
    void restoreBest() {
        for (int i = 0; i < best.size(); i++) {
            parameters.get(i).getArray().set(best.get(i).toFloatArray());
        }
    }

    /** @return the best epoch (0 before any) */
    int bestEpoch() {
        return bestEpoch;
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
        manager.close();
    }
}
