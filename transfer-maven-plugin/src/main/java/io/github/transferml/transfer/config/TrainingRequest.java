package io.github.transferml.transfer.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one training run needs, immutable and validated. Built with DJL's builder idiom:
 * {@code set…} for required values, {@code opt…} for optional ones, {@code add…} for lists.
 */
public final class TrainingRequest {

    private final BaseModelSpec baseModel;
    private final String cutPoint;
    private final List<HiddenLayer> hiddenLayers;
    private final DatasetSpec dataset;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final OptimizerKind optimizer;
    private final long seed;
    private final boolean freezeBase;
    private final Integer imageWidth;
    private final Integer imageHeight;
    private final Boolean grayscale;
    private final Boolean centerCrop;
    private final long cacheMemoryBytes;
    private final Path archiveFile;
    private final Path reportDirectory;
    private final Path workDirectory;
    private final Instant outputTimestamp;
    private final String modelName;

    private TrainingRequest(Builder b) {
        baseModel = b.baseModel;
        cutPoint = b.cutPoint;
        hiddenLayers = List.copyOf(b.hiddenLayers);
        dataset = b.dataset;
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        optimizer = b.optimizer;
        seed = b.seed;
        freezeBase = b.freezeBase;
        imageWidth = b.imageWidth;
        imageHeight = b.imageHeight;
        grayscale = b.grayscale;
        centerCrop = b.centerCrop;
        cacheMemoryBytes = b.cacheMemoryBytes;
        archiveFile = b.archiveFile;
        reportDirectory = b.reportDirectory;
        workDirectory = b.workDirectory;
        outputTimestamp = b.outputTimestamp;
        modelName = b.modelName;
    }

    /**
     * Returns a new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return where the base network comes from */
    public BaseModelSpec getBaseModel() {
        return baseModel;
    }

    /** @return the cut point as written by the user */
    public String getCutPoint() {
        return cutPoint;
    }

    /** @return the hidden layers of the head, before the classifier */
    public List<HiddenLayer> getHiddenLayers() {
        return hiddenLayers;
    }

    /** @return the dataset */
    public DatasetSpec getDataset() {
        return dataset;
    }

    /** @return the number of epochs */
    public int getEpochs() {
        return epochs;
    }

    /** @return the mini-batch size */
    public int getBatchSize() {
        return batchSize;
    }

    /** @return the learning rate */
    public float getLearningRate() {
        return learningRate;
    }

    /** @return the optimizer */
    public OptimizerKind getOptimizer() {
        return optimizer;
    }

    /** @return the seed of everything random */
    public long getSeed() {
        return seed;
    }

    /** @return whether the kept part of a pretrained base stays frozen */
    public boolean isFreezeBase() {
        return freezeBase;
    }

    /** @return the input width for an untrained architecture, or {@code null} to take the data's */
    public Integer getImageWidth() {
        return imageWidth;
    }

    /** @return the input height for an untrained architecture, or {@code null} to take the data's */
    public Integer getImageHeight() {
        return imageHeight;
    }

    /** @return grey (1 channel) or colour input for an untrained architecture; null: from data */
    public Boolean getGrayscale() {
        return grayscale;
    }

    /** @return center-crop (true) or stretch (false) images to the input size; null: as the base says */
    public Boolean getCenterCrop() {
        return centerCrop;
    }

    /** @return how many bytes of cached features stay in memory before spilling to disk */
    public long getCacheMemoryBytes() {
        return cacheMemoryBytes;
    }

    /** @return the model archive to write */
    public Path getArchiveFile() {
        return archiveFile;
    }

    /** @return where metrics and predictions are written */
    public Path getReportDirectory() {
        return reportDirectory;
    }

    /** @return a directory for temporary files (cache spill, archive staging) */
    public Path getWorkDirectory() {
        return workDirectory;
    }

    /** @return the timestamp of every archive entry */
    public Instant getOutputTimestamp() {
        return outputTimestamp;
    }

    /** @return the model's name (used in file names inside the archive) */
    public String getModelName() {
        return modelName;
    }

    /** Builds a {@link TrainingRequest}. */
    public static final class Builder {
        private BaseModelSpec baseModel;
        private String cutPoint = "features";
        private final List<HiddenLayer> hiddenLayers = new ArrayList<>();
        private DatasetSpec dataset;
        private int epochs = 10;
        private int batchSize = 32;
        private float learningRate = 0.001f;
        private OptimizerKind optimizer = OptimizerKind.ADAM;
        private long seed = 42;
        private boolean freezeBase = true;
        private Integer imageWidth;
        private Integer imageHeight;
        private Boolean grayscale;
        private Boolean centerCrop;
        private long cacheMemoryBytes = 512L << 20;
        private Path archiveFile;
        private Path reportDirectory;
        private Path workDirectory;
        private Instant outputTimestamp = Instant.parse("1980-02-01T00:00:00Z");
        private String modelName = "model";

        private Builder() {}

        /** @param baseModel where the base network comes from @return this */
        public Builder setBaseModel(BaseModelSpec baseModel) {
            this.baseModel = baseModel;
            return this;
        }

        /** @param dataset the data @return this */
        public Builder setDataset(DatasetSpec dataset) {
            this.dataset = dataset;
            return this;
        }

        /** @param archiveFile the archive to write @return this */
        public Builder setArchiveFile(Path archiveFile) {
            this.archiveFile = archiveFile;
            return this;
        }

        /** @param reportDirectory where metrics go @return this */
        public Builder setReportDirectory(Path reportDirectory) {
            this.reportDirectory = reportDirectory;
            return this;
        }

        /** @param workDirectory temporary files @return this */
        public Builder setWorkDirectory(Path workDirectory) {
            this.workDirectory = workDirectory;
            return this;
        }

        /** @param cutPoint the cut point (default {@code features}) @return this */
        public Builder optCutPoint(String cutPoint) {
            if (cutPoint != null && !cutPoint.isBlank()) {
                this.cutPoint = cutPoint.trim();
            }
            return this;
        }

        /** @param layer a hidden layer of the head @return this */
        public Builder addHiddenLayer(HiddenLayer layer) {
            hiddenLayers.add(Objects.requireNonNull(layer));
            return this;
        }

        /** @param epochs the number of epochs @return this */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** @param batchSize the mini-batch size @return this */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @param learningRate the learning rate @return this */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** @param optimizer the optimizer @return this */
        public Builder optOptimizer(OptimizerKind optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** @param seed the seed @return this */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param freezeBase whether the base stays frozen @return this */
        public Builder optFreezeBase(boolean freezeBase) {
            this.freezeBase = freezeBase;
            return this;
        }

        /**
         * Sets the input of an untrained architecture; a pretrained base declares its own.
         *
         * @param width the width, or null
         * @param height the height, or null
         * @param grayscale one channel (true) or three (false), or null
         * @return this
         */
        public Builder optInput(Integer width, Integer height, Boolean grayscale) {
            this.imageWidth = width;
            this.imageHeight = height;
            this.grayscale = grayscale;
            return this;
        }

        /**
         * Sets how images are fitted to the input size.
         *
         * @param centerCrop keep the aspect ratio and crop the centre (true), stretch (false), or as
         *     the base model says (null)
         * @return this
         */
        public Builder optCenterCrop(Boolean centerCrop) {
            this.centerCrop = centerCrop;
            return this;
        }

        /** @param bytes the in-memory budget of the feature cache @return this */
        public Builder optCacheMemoryBytes(long bytes) {
            this.cacheMemoryBytes = bytes;
            return this;
        }

        /** @param timestamp the timestamp of archive entries @return this */
        public Builder optOutputTimestamp(Instant timestamp) {
            if (timestamp != null) {
                this.outputTimestamp = timestamp;
            }
            return this;
        }

        /** @param modelName the model's name @return this */
        public Builder optModelName(String modelName) {
            if (modelName != null && !modelName.isBlank()) {
                this.modelName = modelName;
            }
            return this;
        }

        /**
         * Validates and builds the request.
         *
         * @return the request
         * @throws ConfigurationException naming the first invalid parameter
         */
        public TrainingRequest build() {
            if (baseModel == null) {
                throw new ConfigurationException(
                        "baseModel",
                        "is required: <artifact>, <path>, <url> or <architecture> (e.g. resnet20)");
            }
            if (dataset == null) {
                throw new ConfigurationException("dataset", "is required");
            }
            if (epochs < 1) {
                throw new ConfigurationException("epochs", "must be at least 1, not " + epochs);
            }
            if (batchSize < 1) {
                throw new ConfigurationException("batchSize", "must be at least 1, not " + batchSize);
            }
            if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
                throw new ConfigurationException(
                        "learningRate", "must be a positive number, not " + learningRate);
            }
            if (imageWidth != null && imageWidth < 1 || imageHeight != null && imageHeight < 1) {
                throw new ConfigurationException("imageSize", "must be positive");
            }
            if (cacheMemoryBytes < 0) {
                throw new ConfigurationException("cacheMemoryMb", "must not be negative");
            }
            Objects.requireNonNull(archiveFile, "archiveFile");
            Objects.requireNonNull(reportDirectory, "reportDirectory");
            Objects.requireNonNull(workDirectory, "workDirectory");
            return new TrainingRequest(this);
        }
    }
}
