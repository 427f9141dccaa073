package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import io.github.transferml.transfer.cache.FeatureCache;
import io.github.transferml.transfer.cache.FeatureExtractor;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.data.ImagePreprocessor;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.report.ClassMetrics;
import java.util.Locale;

/**
 * Scores the final model on the test set, once, after every phase has trained. The whole network
 * the archive holds (kept base and head) runs in inference mode on images preprocessed by the
 * translator the archive names, through the same {@link FeatureExtractor} that prepares validation
 * images. Validation takes the same route in two pieces (the frozen prefix into the cache, then the
 * trained block); running the network in one piece stays right after fine-tuning changed the prefix.
 */
final class TestScoring {

    /** Plain cross-entropy, as validation loss, so the two compare whatever the training loss is. */
    private static final Loss LOSS = Loss.softmaxCrossEntropyLoss();

    private final TrainingRequest request;
    private final InputSpec input;
    private final TrainingEvents events;

    /**
     * @param request the run's request: batch size, cache budget and work directory
     * @param input how images become input, as the archive records it
     * @param events receives the figures
     */
    TestScoring(TrainingRequest request, InputSpec input, TrainingEvents events) {
        this.request = request;
        this.input = input;
        this.events = events;
    }

    /**
     * Classifies every test image.
     *
     * @param manager the manager of the trained model, for temporary arrays
     * @param network the whole trained network, as the archive will hold it
     * @param test the test images (not empty)
     * @return the figures
     */
    TestScore score(NDManager manager, Block network, LabeledImages test) {
        int classes = test.classNames().size();
        FeatureExtractor logits = new FeatureExtractor(new ImagePreprocessor(input), network, new Shape(classes),
                request.getCacheMemoryBytes(), request.getOutputOptions().workDirectory(), line -> {});
        int[] labels = test.images().stream().mapToInt(LabeledImage::label).toArray();
        Evaluation evaluation;
        try (NDManager scope = manager.newSubManager();
                FeatureCache rows = logits.extract(scope, test, "test data")) {
            evaluation = evaluate(scope, rows, labels);
        }
        ClassMetrics metrics = ClassMetrics.of(test.classNames(), labels, evaluation.predicted());
        events.info(String.format(Locale.ROOT, "Test set: accuracy %.4f, loss %.4f, macro F1 %.4f on %d images,"
                + " scored once, on the final model", evaluation.accuracy(), evaluation.loss(), metrics.macroF1(),
                test.size()));
        return new TestScore(test, evaluation, metrics);
    }

    private Evaluation evaluate(NDManager manager, FeatureCache rows, int[] labels) {
        int n = rows.rows();
        int batchSize = request.getBatchSize();
        int[] predicted = new int[n];
        float[] probability = new float[n];
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += batchSize) {
            int[] batch = new int[Math.min(n, from + batchSize) - from];
            float[] batchLabels = new float[batch.length];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = from + i;
                batchLabels[i] = labels[from + i];
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = rows.gather(scope, batch);
                lossSum += LOSS.evaluate(new NDList(scope.create(batchLabels)), new NDList(logits)).getFloat()
                        * batch.length;
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
        return new Evaluation(lossSum / n, (double) correct / n, predicted, probability);
    }
}
