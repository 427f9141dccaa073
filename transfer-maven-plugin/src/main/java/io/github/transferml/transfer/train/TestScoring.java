package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.transferml.transfer.cache.CacheBudget;
import io.github.transferml.transfer.cache.FeatureCache;
import io.github.transferml.transfer.cache.FeatureExtractor;
import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.data.ImagePreprocessor;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.report.ClassMetrics;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Scores the final model on the test set, once, after every phase has trained. The whole network
 * the archive holds (kept base and head) runs in inference mode on images preprocessed by the
 * translator the archive names, through the same {@link FeatureExtractor} that prepares validation
 * images. Validation takes the same route in two pieces (the frozen prefix into the cache, then the
 * trained block); running the network in one piece stays right after fine-tuning changed the prefix.
 */
final class TestScoring {

    private final TrainingRequest request;
    private final InputSpec input;
    private final TrainingEvents events;
    private final CacheBudget budget;

    /**
     * @param request the run's request: batch size and work directory
     * @param input how images become input, as the archive records it
     * @param budget the run's cache budget
     * @param events receives the figures
     */
    TestScoring(TrainingRequest request, InputSpec input, CacheBudget budget, TrainingEvents events) {
        this.request = request;
        this.input = input;
        this.budget = budget;
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
        // float32 whatever <cachePrecision> says: the logits are small, read once, and scored as the archive computes them.
        FeatureExtractor logits = new FeatureExtractor(new ImagePreprocessor(input), network, new Shape(classes),
                CachePrecision.FLOAT32, budget, request.getOutputOptions().workDirectory(), line -> {});
        int[] labels = test.images().stream().mapToInt(LabeledImage::label).toArray();
        Evaluation evaluation;
        try (NDManager scope = manager.newSubManager();
                FeatureCache rows = logits.extract(scope, test, "test data")) {
            evaluation = BatchedEvaluation.of(scope, rows, labels, request.getBatchSize(), UnaryOperator.identity());
        }
        ClassMetrics metrics = ClassMetrics.of(test.classNames(), labels, evaluation.predicted());
        events.info(String.format(Locale.ROOT, "Test set: accuracy %.4f, loss %.4f, macro F1 %.4f on %d images,"
                + " scored once, on the final model", evaluation.accuracy(), evaluation.loss(), metrics.macroF1(),
                test.size()));
        return new TestScore(test, evaluation, metrics);
    }
}
