package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy with label smoothing and class weights: each example's target puts 1 - ε on
 * its class and ε / K on every class, and its loss counts with its class's weight; the batch loss is
 * the weighted mean (as PyTorch's {@code CrossEntropyLoss(weight=…, label_smoothing=…)}).
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
        NDArray perExample = target.mul(logProbabilities).sum(new int[] {1}).neg();
        if (classWeights == null) {
            return perExample.mean();
        }
        NDArray weights = oneHot.matMul(logits.getManager().create(classWeights).reshape(classes, 1)).reshape(-1);
        return perExample.mul(weights).sum().div(weights.sum());
    }
}
