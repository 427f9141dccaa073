package io.github.transferml.transfer.predict;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.PixelLimit;
import io.github.transferml.transfer.source.ExtractionLimits;
import java.nio.file.Path;

/**
 * What one prediction run needs, immutable and validated; built as DJL builds its objects: {@code
 * set…} for required values, {@code opt…} for optional ones.
 */
public final class PredictionRequest {

    /** How many classes each row lists by default. */
    public static final int DEFAULT_TOP_K = 3;

    /** How many images go through the network at once by default. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final Path model;
    private final Path inputDirectory;
    private final Path outputFile;
    private final int topK;
    private final int batchSize;
    private final PixelLimit pixelLimit;
    private final ExtractionLimits modelLimits;

    private PredictionRequest(Builder b, PixelLimit pixelLimit) {
        model = b.model;
        inputDirectory = b.inputDirectory;
        outputFile = b.outputFile;
        topK = b.topK;
        batchSize = b.batchSize;
        this.pixelLimit = pixelLimit;
        this.modelLimits = b.modelLimits;
    }

    /** @return how large the model archive may be once extracted */
    public ExtractionLimits getModelLimits() {
        return modelLimits;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the model archive (or extracted model directory) */
    public Path getModel() {
        return model;
    }

    /** @return the folder whose images (sub-folders included) are classified */
    public Path getInputDirectory() {
        return inputDirectory;
    }

    /** @return the CSV file to write */
    public Path getOutputFile() {
        return outputFile;
    }

    /** @return how many classes each row lists at most (fewer when the model has fewer) */
    public int getTopK() {
        return topK;
    }

    /** @return how many images go through the network at once */
    public int getBatchSize() {
        return batchSize;
    }

    /** @return the largest image to decode */
    public PixelLimit getPixelLimit() {
        return pixelLimit;
    }

    /** Builds a {@link PredictionRequest}. */
    public static final class Builder {

        private Path model;
        private Path inputDirectory;
        private Path outputFile;
        private int topK = DEFAULT_TOP_K;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private ExtractionLimits modelLimits = ExtractionLimits.DEFAULT;
        private long maxImagePixels = PixelLimit.DEFAULT_MAX_PIXELS;

        private Builder() {}

        /** @param model a model archive made by {@code transfer:train}, or its extracted directory @return this */
        public Builder setModel(Path model) {
            this.model = model;
            return this;
        }

        /** @param inputDirectory the folder of images to classify @return this */
        public Builder setInputDirectory(Path inputDirectory) {
            this.inputDirectory = inputDirectory;
            return this;
        }

        /** @param outputFile the CSV file to write @return this */
        public Builder setOutputFile(Path outputFile) {
            this.outputFile = outputFile;
            return this;
        }

        /** @param topK how many classes each row lists, default {@value #DEFAULT_TOP_K} @return this */
        public Builder optTopK(int topK) {
            this.topK = topK;
            return this;
        }

        /** @param batchSize images per forward pass, default {@value #DEFAULT_BATCH_SIZE} @return this */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param maxImagePixels the most pixels (width × height) an image may declare, default {@value
         *     PixelLimit#DEFAULT_MAX_PIXELS}
         * @return this
         */
        public Builder optMaxImagePixels(long maxImagePixels) {
            this.maxImagePixels = maxImagePixels;
            return this;
        }

        /**
         * @param limits how large the model archive may be once extracted, default {@link
         *     ExtractionLimits#DEFAULT}
         * @return this
         */
        public Builder optModelLimits(ExtractionLimits limits) {
            this.modelLimits = limits;
            return this;
        }

        /**
         * @return the request
         * @throws ConfigurationException if a value is missing or out of range
         */
        public PredictionRequest build() {
            if (model == null) {
                throw new ConfigurationException("model", "is required: a model archive made by transfer:train");
            }
            if (inputDirectory == null) {
                throw new ConfigurationException("inputDirectory", "is required: the folder of images to classify");
            }
            if (outputFile == null) {
                throw new ConfigurationException("outputFile", "is required");
            }
            if (topK < 1) {
                throw new ConfigurationException("topK", "must be at least 1, not " + topK);
            }
            if (batchSize < 1) {
                throw new ConfigurationException("batchSize", "must be at least 1, not " + batchSize);
            }
            return new PredictionRequest(this, new PixelLimit(maxImagePixels));
        }
    }
}
