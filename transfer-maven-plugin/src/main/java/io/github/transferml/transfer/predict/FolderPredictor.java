package io.github.transferml.transfer.predict;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Classifications.Classification;
import ai.djl.modality.cv.Image;
import ai.djl.translate.TranslateException;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.data.ImageDecoder;
import io.github.transferml.transfer.data.ImageSource;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.source.ImageClassifier;
import io.github.transferml.transfer.source.ModelLoadException;
import io.github.transferml.transfer.util.AtomicFiles;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Classifies every image of a folder with a model archive and writes the results as CSV (layout in
 * {@link PredictionCsv}). The archive is loaded as Image to Classifications with DJL's own
 * translator, as an application loads it but without running code from the archive, so each row is what such an application
 * would get for that file. The CSV is written only when every image was classified: a corrupt
 * image fails the run and leaves an earlier CSV as it was.
 */
public final class FolderPredictor {

    private final Consumer<String> progress;

    /** @param progress receives progress lines */
    public FolderPredictor(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * Classifies the images and writes the CSV.
     *
     * @param request what to classify with which model, and where to write
     * @return what was done
     * @throws DatasetException if the folder does not exist, holds no image, or an image cannot be decoded
     * @throws PredictionException if the model cannot be loaded as an image classifier or fails
     * @throws IOException if the CSV cannot be written
     */
    public PredictionSummary predict(PredictionRequest request) throws IOException {
        Path root = request.getInputDirectory();
        List<String> files = ImageFiles.list(root);
        int n = files.size();
        progress.accept("Classifying " + n + (n == 1 ? " image" : " images") + " in " + root + " with "
                + request.getModel());
        StringBuilder rows = new StringBuilder();
        int[] counts = null;
        List<String> classes = null;
        int k = 0;
        try (ImageClassifier classifier = open(request.getModel(), request.getModelLimits())) {
            Predictor<Image, Classifications> predictor = classifier.predictor();
            long start = System.nanoTime();
            int step = Math.max(request.getBatchSize(), n / 10);
            int nextReport = step;
            for (int from = 0; from < n; from += request.getBatchSize()) {
                int to = Math.min(n, from + request.getBatchSize());
                List<Image> images = new ArrayList<>(to - from);
                for (String file : files.subList(from, to)) {
                    Path path = root.resolve(file);
                    ImageSource source = () -> ImageDecoder.decode(path, request.getPixelLimit());
                    images.add(source.decode(path.toString()));
                }
                List<Classifications> results = classify(predictor, files, from, to, images);
                if (classes == null) {
                    classes = results.get(0).getClassNames();
                    counts = new int[classes.size()];
                    k = Math.min(request.getTopK(), classes.size());
                }
                for (int i = 0; i < results.size(); i++) {
                    List<Classification> best = results.get(i).topK(k);
                    counts[classes.indexOf(best.get(0).getClassName())]++;
                    rows.append(PredictionCsv.row(files.get(from + i), best));
                }
                if (n > request.getBatchSize() && (to >= nextReport || to == n)) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    progress.accept(String.format(Locale.ROOT, "Classifying: %d/%d images (%d%%), %.0f images/s",
                            to, n, 100L * to / n, to / seconds));
                    nextReport = to + step;
                }
            }
        }
        byte[] csv = (PredictionCsv.header(k) + rows).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(request.getOutputFile(), csv);
        Map<String, Integer> histogram = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            if (counts[c] > 0) {
                histogram.put(classes.get(c), counts[c]);
            }
        }
        return new PredictionSummary(n, histogram, root, request.getOutputFile());
    }

    private static List<Classifications> classify(Predictor<Image, Classifications> predictor, List<String> files,
            int from, int to, List<Image> images) {
        try {
            return predictor.batchPredict(images);
        } catch (TranslateException | RuntimeException e) {
            throw new PredictionException("The model cannot classify " + files.get(from)
                    + (to - from > 1 ? " … " + files.get(to - 1) : "") + ": " + e.getMessage()
                    + ". Is it an image classifier made by transfer:train?", e);
        }
    }

    private static ImageClassifier open(Path model, ExtractionLimits limits) {
        if (!Files.exists(model)) {
            throw new PredictionException("The model " + model + " does not exist. Give a model archive written by"
                    + " transfer:train (…-model.zip).");
        }
        try {
            return ImageClassifier.open(model, Sha256.of(model), limits, "The model " + model);
        } catch (ModelLoadException e) {
            throw new PredictionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new PredictionException("Cannot read the model " + model + ": " + e.getMessage(), e);
        }
    }
}
