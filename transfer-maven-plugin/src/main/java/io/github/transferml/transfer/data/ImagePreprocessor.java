package io.github.transferml.transfer.data;

import ai.djl.Model;
import ai.djl.metric.Metrics;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.translator.ImageClassificationTranslator;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.translate.TranslatorContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a decoded image into the tensor a network receives, using the very translator that DJL
 * builds from the archive's {@code serving.properties} at inference time. Training therefore
 * preprocesses exactly as inference will: same resize, same colour conversion, same scaling.
 */
public final class ImagePreprocessor {

    private final InputSpec spec;
    private final ImageClassificationTranslator translator;

    /** @param spec the input the network expects */
    public ImagePreprocessor(InputSpec spec) {
        this.spec = spec;
        this.translator = ImageClassificationTranslator.builder(spec.toProperties()).build();
    }

    /** @return the input spec */
    public InputSpec getSpec() {
        return spec;
    }

    /**
     * Preprocesses one image.
     *
     * @param manager the manager that owns the result
     * @param image the image
     * @return a float tensor of shape (channels, height, width)
     */
    public NDArray apply(NDManager manager, Image image) {
        return translator.processInput(new Context(manager), image).singletonOrThrow();
    }

    /** The little of a {@link TranslatorContext} that image preprocessing uses: a manager. */
    private static final class Context implements TranslatorContext {
        private final NDManager manager;
        private final Map<String, Object> attachments = new HashMap<>();

        Context(NDManager manager) {
            this.manager = manager;
        }

        @Override
        public Model getModel() {
            return null;
        }

        @Override
        public NDManager getNDManager() {
            return manager;
        }

        @Override
        public NDManager getPredictorManager() {
            return manager;
        }

        @Override
        public Block getBlock() {
            return null;
        }

        @Override
        public Metrics getMetrics() {
            return null;
        }

        @Override
        public Object getAttachment(String key) {
            return attachments.get(key);
        }

        @Override
        public void setAttachment(String key, Object value) {
            attachments.put(key, value);
        }

        @Override
        public void close() {}
    }
}
