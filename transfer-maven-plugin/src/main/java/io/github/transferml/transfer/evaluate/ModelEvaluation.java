package io.github.transferml.transfer.evaluate;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.translate.TranslateException;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.report.ClassMetrics;
import io.github.transferml.transfer.report.ReportData;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.source.ImageClassifier;
import io.github.transferml.transfer.source.ModelLoadException;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scores a model on a test set exactly as an application would run it: the same network and
 * parameters, and DJL's image-classification translator (which resizes, normalises and applies
 * softmax as the archive's {@code serving.properties} says), loaded by {@link ImageClassifier}, which
 * runs no code from the archive; every test image goes through a {@link Predictor} in batches. The test set's classes must be the model's; their order may differ, as
 * predictions are matched to labels by class name.
 */
public final class ModelEvaluation {

    /** Images per batch unless told otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** The smallest probability the loss takes the logarithm of, so one sure mistake stays finite. */
    public static final double MIN_PROBABILITY = 1e-7;

    /** Class lists longer than this are shortened in messages. */
    private static final int LISTED = 20;

    private final int batchSize;
    private final ExtractionLimits limits;
    private final TrainingEvents events;

    /** @param events receives progress */
    public ModelEvaluation(TrainingEvents events) {
        this(DEFAULT_BATCH_SIZE, events);
    }

    /**
     * @param batchSize images classified at once
     * @param events receives progress
     */
    public ModelEvaluation(int batchSize, TrainingEvents events) {
        this(batchSize, ExtractionLimits.DEFAULT, events);
    }

    /**
     * @param batchSize images classified at once
     * @param limits how large the model archive may be once extracted
     * @param events receives progress
     */
    public ModelEvaluation(int batchSize, ExtractionLimits limits, TrainingEvents events) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
        this.batchSize = batchSize;
        this.limits = limits;
        this.events = events;
    }

    /**
     * Classifies every test image and computes the figures.
     *
     * @param model a model archive ({@code .zip}, {@code .tar.gz}, ...) or model directory
     * @param testSet the test images
     * @return the figures
     * @throws ClassifierException if the model cannot be loaded or run as an image classifier
     * @throws DatasetException if the test set's classes are not the model's, or an image cannot be
     *     decoded
     */
    public EvaluationResult evaluate(Path model, LabeledImages testSet) {
        if (testSet.size() == 0) {
            throw new DatasetException("The test set holds no image.");
        }
        String sha256 = sha256(model);
        long start = System.nanoTime();
        try (ImageClassifier classifier = open(model, sha256)) {
            events.info(String.format(Locale.ROOT, "Classifying %d test images with %s (SHA-256 %s), %d at a time",
                    testSet.size(), model.getFileName(), sha256, batchSize));
            return classify(model, sha256, testSet, classifier.predictor(), start);
        }
    }

    private ImageClassifier open(Path model, String sha256) {
        try {
            return ImageClassifier.open(model, sha256, limits, model.toString());
        } catch (ModelLoadException e) {
            throw new ClassifierException(e.getMessage(), e);
        }
    }

    private EvaluationResult classify(Path model, String sha256, LabeledImages testSet,
            Predictor<Image, Classifications> predictor, long start) {
        int n = testSet.size();
        int[] predicted = new int[n];
        float[] probability = new float[n];
        LabeledImages images = null;
        Map<String, Integer> classIndex = null;
        double lossSum = 0;
        for (int from = 0; from < n; from += batchSize) {
            List<LabeledImage> batch = testSet.images().subList(from, Math.min(n, from + batchSize));
            List<Image> decoded = new ArrayList<>(batch.size());
            for (LabeledImage image : batch) {
                decoded.add(image.decode());
            }
            List<Classifications> results;
            try {
                results = predictor.batchPredict(decoded);
            } catch (TranslateException | RuntimeException e) {
                throw new ClassifierException("Cannot classify the test images with " + model + ": " + e.getMessage()
                        + ". Does the archive's serving.properties give the input size (width, height) and colour"
                        + " flag the network was trained with?", e);
            }
            if (images == null) {
                List<String> modelClasses = results.get(0).getClassNames();
                images = inModelOrder(testSet, modelClasses);
                classIndex = indexOf(modelClasses);
            }
            for (int i = 0; i < results.size(); i++) {
                Classifications result = results.get(i);
                int row = from + i;
                Classifications.Classification best = result.best();
                predicted[row] = classIndex.get(best.getClassName());
                probability[row] = (float) best.getProbability();
                String trueClass = images.classNames().get(images.images().get(row).label());
                double p = result.get(trueClass).getProbability();
                lossSum += -StrictMath.log(Math.max(p, MIN_PROBABILITY)); // the same figure on every machine
            }
        }
        int[] labels = images.images().stream().mapToInt(LabeledImage::label).toArray();
        ClassMetrics metrics = ClassMetrics.of(images.classNames(), labels, predicted);
        metrics.classesWithoutExamplesWarning(ReportData.TEST).ifPresent(events::warn);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EvaluationResult(model, sha256, images, predicted, probability, lossSum / n, metrics, seconds);
    }

    /**
     * The test set relabelled in the model's class order.
     *
     * @throws DatasetException unless the test set has exactly the model's classes
     */
    static LabeledImages inModelOrder(LabeledImages testSet, List<String> modelClasses) {
        Set<String> unknown = new TreeSet<>(testSet.classNames());
        unknown.removeAll(modelClasses);
        Set<String> untested = new TreeSet<>(modelClasses);
        untested.removeAll(testSet.classNames());
        if (!unknown.isEmpty() || !untested.isEmpty() || modelClasses.size() != testSet.classNames().size()) {
            throw new DatasetException("The test set's classes are not the model's. Not classes of the model: "
                    + abbreviate(List.copyOf(unknown)) + "; classes of the model missing from the test set: "
                    + abbreviate(List.copyOf(untested)) + ". The model's classes (its synset.txt): "
                    + abbreviate(modelClasses) + "; the test set's: " + abbreviate(testSet.classNames())
                    + ". Name the test classes (folders or <classNames>) exactly as the model's.");
        }
        Map<String, Integer> index = indexOf(modelClasses);
        List<LabeledImage> relabelled = new ArrayList<>(testSet.size());
        for (LabeledImage image : testSet.images()) {
            int label = index.get(testSet.classNames().get(image.label()));
            relabelled.add(label == image.label() ? image : new LabeledImage(image.id(), label, image.source()));
        }
        return new LabeledImages(modelClasses, relabelled);
    }

    private static Map<String, Integer> indexOf(List<String> classes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        return index;
    }

    private static String abbreviate(List<String> classes) {
        return classes.size() <= LISTED ? classes.toString()
                : classes.subList(0, LISTED).toString().replace("]", ", ... (" + classes.size() + " in all)]");
    }

    private static String sha256(Path model) {
        if (!Files.exists(model)) {
            throw new ClassifierException(model + " does not exist. Give a model archive (.zip) or model directory;"
                    + " to score this project's own model, run transfer:train first (mvn package).");
        }
        try {
            return Sha256.of(model);
        } catch (IOException e) {
            throw new ClassifierException("Cannot read " + model + ": " + e.getMessage(), e);
        }
    }
}
