package io.github.transferml.transfer.source;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import io.github.transferml.transfer.data.InputSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A model archive opened as an image classifier, as an application runs it (the same network,
 * parameters and DJL translator) but without running any code from the archive: see {@link
 * ModelDirectory}. What {@code evaluate} and {@code predict} classify with.
 */
public final class ImageClassifier implements AutoCloseable {

    private final Model model;
    private final Predictor<Image, Classifications> predictor;

    private ImageClassifier(Model model, Predictor<Image, Classifications> predictor) {
        this.model = model;
        this.predictor = predictor;
    }

    /**
     * Opens a model archive, extracted by content (a re-trained archive at the same path is never read
     * stale) within the limits, or a model directory.
     *
     * @param archive a model archive ({@code .zip}, {@code .tar.gz}, …) or model directory
     * @param sha256 the archive's SHA-256
     * @param limits how large the archive may be once extracted
     * @param shownAs the model as messages name it
     * @return the classifier, which the caller closes
     * @throws ModelLoadException if it cannot be extracted, read or loaded as an image classifier
     */
    public static ImageClassifier open(Path archive, String sha256, ExtractionLimits limits, String shownAs) {
        Path directory;
        try {
            directory = ArchiveCache.modelDirectory(archive, sha256, limits);
        } catch (UnsafeArchiveException e) {
            throw new ModelLoadException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot extract " + archive + ": " + e.getMessage()
                    + ". Give a model archive written by transfer:train (…-model.zip).", e);
        }
        if (directory == null) {
            throw new ModelLoadException(shownAs + " is neither a model archive (.zip, .tar.gz, .tgz, .tar) nor a"
                    + " model directory. Give a model archive written by transfer:train (…-model.zip).");
        }
        ModelDirectory read = ModelDirectory.read(directory, shownAs);
        InputSpec input = InputSpec.fromProperties(read.properties(), new InputSpec(224, 224, false, null));
        Model model = read.load(BaseModelLoader.ENGINE, input.imageShape());
        try {
            return new ImageClassifier(model, model.newPredictor(read.imageClassifier(model)));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** @return classifies images, one or a batch at a time */
    public Predictor<Image, Classifications> predictor() {
        return predictor;
    }

    /** Frees the predictor and the model. */
    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
