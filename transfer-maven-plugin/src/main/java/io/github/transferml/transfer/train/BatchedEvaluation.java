package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import io.github.transferml.transfer.cache.TrainingRows;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Runs a model over cached rows in consecutive batches and tallies an {@link Evaluation}: mean loss,
 * accuracy, and each row's predicted class with its probability. Validation after every epoch and
 * the one scoring of the test set both count this way, so their figures compare.
 */
final class BatchedEvaluation {

    /**
     * Plain cross-entropy whatever the training loss (label smoothing, class weights), so validation
     * and test loss compare across configurations and with other tools.
     */
    private static final Loss LOSS = Loss.softmaxCrossEntropyLoss();

    private BatchedEvaluation() {}

    /**
     * @param manager the parent of each batch's scope
     * @param rows the rows, in their order
     * @param labels the label of every row
     * @param batchSize rows per batch (the last may be smaller)
     * @param logitsOf the model: a batch of rows to its logits, in inference mode
     * @return the figures
     */
    static Evaluation of(NDManager manager, TrainingRows rows, int[] labels, int batchSize,
            UnaryOperator<NDArray> logitsOf) {
        int n = rows.rows();
        int[] predicted = new int[n];
        float[] probability = new float[n];
        double lossSum = 0;
        long correct = 0;
        int[] inOrder = new int[n];
        Arrays.setAll(inOrder, i -> i);
        try (TrainingRows.Batches batches = rows.batches(inOrder, batchSize, 0)) {
            for (int from = 0; from < n; from += batchSize) {
                int[] batch = Arrays.copyOfRange(inOrder, from, Math.min(n, from + batchSize));
                try (NDManager scope = manager.newSubManager()) {
                    NDArray logits = logitsOf.apply(batches.next(scope));
                    NDArray y = scope.create(RowBatches.labelsOf(labels, batch));
                    lossSum += LOSS.evaluate(new NDList(y), new NDList(logits)).getFloat() * batch.length;
                    long[] best = logits.argMax(1).toLongArray();
                    float[] probabilities = logits.softmax(1).toFloatArray();
                    int classes = (int) logits.getShape().get(1);
                    for (int i = 0; i < batch.length; i++) {
                        predicted[from + i] = (int) best[i];
                        probability[from + i] = probabilities[i * classes + (int) best[i]];
                        if (best[i] == labels[from + i]) {
                            correct++;
                        }
                    }
                }
            }
        }
        return new Evaluation(lossSum / n, (double) correct / n, predicted, probability);
    }
}
