package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy with label smoothing and class weights, as PyTorch's {@code
 * CrossEntropyLoss(weight=w, label_smoothing=ε)} with mean reduction: each example's target puts
 * 1 - ε on its class and ε / K on every class, each class's share of the target is weighted by that
 * class's weight, and the sum over the batch is divided by the sum of the examples' own class
 * weights. So the smoothing part of an example's loss is weighted by every class's weight, not by the
 * weight of the example's class.
 */
final class ClassificationLoss extends Loss {

    private final float smoothing;
    private final float[] classWeights;

    /**
     * @param smoothing ε in [0, 1)
     * @param classWeights one weight per class, or null for equal weights
     */
    ClassificationLoss(float smoothing, float[] classWeights) {
        super("ClassificationLoss");
        this.smoothing = smoothing;
        this.classWeights = classWeights;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int classes = (int) logits.getShape().get(1);
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray oneHot = labels.singletonOrThrow().toType(DataType.INT32, false).oneHot(classes);
        NDArray target = oneHot.mul(1 - smoothing).add(smoothing / classes);
        if (classWeights == null) {
            return target.mul(logProbabilities).sum(new int[] {1}).neg().mean();
        }
        // Weighting the smoothed target class by class gives PyTorch's (1 - ε) w[y] log p[y] + (ε / K) Σ_c w[c] log p[c].
        NDArray weights = logits.getManager().create(classWeights);
        NDArray weightedPerExample = target.mul(weights).mul(logProbabilities).sum(new int[] {1}).neg();
        NDArray exampleWeights = oneHot.matMul(weights.reshape(classes, 1)).reshape(-1);
        return weightedPerExample.sum().div(exampleWeights.sum());
    }
}
