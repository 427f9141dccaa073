package io.github.transferml.transfer.config;

import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.engine.DeviceChoice;
import io.github.transferml.transfer.engine.Numerics;
import io.github.transferml.transfer.quality.QualityGate;
import io.github.transferml.transfer.quality.QualityRule;
import io.github.transferml.transfer.source.ExtractionLimits;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one training run needs, immutable and validated. Built with DJL's builder idiom:
 * {@code set…} for required values, {@code opt…} for optional ones, {@code add…} for lists.
 */
public final class TrainingRequest {

    private final BaseModelSpec baseModel;
    private final String cutPoint;
    private final List<HiddenLayer> hiddenLayers;
    private final HeadSolver headSolver;
    private final DatasetSpec dataset;
    private final Integer epochs;
    private final int batchSize;
    private final OptimizerOptions optimizer;
    private final ScheduleOptions schedule;
    private final LossOptions loss;
    private final InputOptions input;
    private final OutputOptions output;
    private final long seed;
    private final boolean freezeBase;
    private final long cacheMemoryBytes;
    private final CachePrecision cachePrecision;
    private final boolean baseline;
    private final Float baselineLearningRate;
    private final Augmentation augmentation;
    private final List<QualityRule> rules;
    private final boolean haltOnFailure;
    private final boolean force;
    private final String compareTo;
    private final EarlyStopping earlyStopping;
    private final FineTuning fineTuning;
    private final ExtractionLimits modelLimits;
    private final Numerics numerics;
    private final DeviceChoice device;
    /** Where the frozen pass runs when not here; null for this machine. Not a model setting: no result depends on it. */
    private final SparkOptions spark;

    private TrainingRequest(Builder b, OptimizerOptions optimizer, ScheduleOptions schedule, LossOptions loss,
            InputOptions input, OutputOptions output) {
        baseModel = b.baseModel;
        cutPoint = b.cutPoint;
        hiddenLayers = List.copyOf(b.hiddenLayers);
        headSolver = b.headSolver;
        dataset = b.dataset;
        epochs = b.epochs;
        batchSize = b.batchSize;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.loss = loss;
        this.input = input;
        this.output = output;
        seed = b.seed;
        freezeBase = b.freezeBase;
        cacheMemoryBytes = b.cacheMemoryBytes;
        cachePrecision = b.cachePrecision;
        baseline = b.baseline;
        baselineLearningRate = b.baselineLearningRate;
        augmentation = b.augmentation;
        rules = b.rules;
        haltOnFailure = b.haltOnFailure;
        force = b.force;
        compareTo = b.compareTo;
        earlyStopping = b.earlyStopping;
        fineTuning = b.fineTuning;
        modelLimits = b.modelLimits;
        numerics = b.numerics;
        device = b.device == null ? DeviceChoice.defaultFor(b.numerics) : b.device;
        spark = b.spark;
    }

    /**
     * Every setting that decides the model archive, by a stable name, as text: what a rebuild compares
     * to decide whether the archive is up to date. Where the data and the base live is left out (their
     * content counts, through their digests); so are settings of speed and memory (the cache budget,
     * the size limits), which change no result, and those of {@link #reportSettings}. The cache's
     * precision saves memory too, but float16 rounds the features the head learns from, so it counts.
     *
     * @return the settings, sorted by name
     */
    public SortedMap<String, String> modelSettings() {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("baseModel.kind", baseModel.kind().name().toLowerCase(Locale.ROOT));
        if (baseModel.kind() == BaseModelSpec.Kind.ARCHITECTURE) {
            m.put("baseModel.architecture", baseModel.location());
        }
        m.put("baseModel.importTorchScript", String.valueOf(baseModel.importTorchScript()));
        m.put("cutPoint", cutPoint);
        m.put("head.layers", hiddenLayers.stream().map(l -> l.units() + "/" + l.dropout()).toList().toString());
        if (headSolver != HeadSolver.SGD) { // only when set: fingerprints of runs without one stay as they were
            m.put("head.solver", headSolver.pomName());
        }
        m.put("dataset.format", dataset.format().name().toLowerCase(Locale.ROOT));
        m.put("dataset.validationSplit", String.valueOf(dataset.validationSplit()));
        m.put("dataset.classNames", String.valueOf(dataset.classNames()));
        if (dataset.testSplit() != null) { // only when set: fingerprints of runs without one stay as they were
            m.put("dataset.testSplit", String.valueOf(dataset.testSplit()));
        }
        m.put("epochs", epochs == null ? "until converged" : String.valueOf(epochs));
        m.put("batchSize", String.valueOf(batchSize));
        m.put("learningRate", optimizer.findsLearningRate() ? "range test" : String.valueOf(optimizer.learningRate()));
        m.put("optimizer", optimizer.kindName());
        m.put("momentum", String.valueOf(optimizer.momentum()));
        m.put("nesterov", String.valueOf(optimizer.nesterov()));
        m.put("weightDecay", String.valueOf(optimizer.weightDecay()));
        m.put("schedule", schedule.kind().pomName());
        m.put("warmupEpochs", String.valueOf(schedule.warmupEpochs()));
        m.put("labelSmoothing", String.valueOf(loss.labelSmoothing()));
        m.put("classWeights", loss.classWeights().toString());
        m.put("earlyStopping", earlyStopping == null ? "off" : earlyStopping.describe());
        m.put("fineTuning", fineTuning == null ? "off" : fineTuning.toString());
        m.put("augmentation", augmentation.describe());
        m.put("seed", String.valueOf(seed));
        m.put("freezeBase", String.valueOf(freezeBase));
        m.put("imageSize", input.describeSize());
        m.put("colorMode", input.describeColor());
        m.put("centerCrop", String.valueOf(input.centerCrop()));
        m.put("outputTimestamp", String.valueOf(output.outputTimestamp()));
        m.put("modelName", output.modelName());
        m.put("numerics", numerics.fingerprint());
        if (device != DeviceChoice.defaultFor(numerics)) { // only when set: fingerprints of runs without one stay
            m.put("device", device.pomName());
        }
        if (cachePrecision != CachePrecision.FLOAT32) { // only then: fingerprints of float32 runs stay as they were
            m.put("cachePrecision", cachePrecision.pomName());
        }
        return m;
    }

    /**
     * The settings that decide the report and the gate but not the archive: a baseline is drawn next
     * to the model, rules judge it. They are compared as {@link #modelSettings} are, but the archive
     * does not record them, so its bytes do not depend on them.
     *
     * @return the settings, sorted by name
     */
    public SortedMap<String, String> reportSettings() {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("baseline", baseline ? "on" + (baselineLearningRate == null ? "" : " at " + baselineLearningRate) : "off");
        m.put("rules", rules.stream().map(QualityRule::describe).toList().toString());
        m.put("haltOnFailure", String.valueOf(haltOnFailure));
        return m;
    }

    /** @return how the engine computes: portable or fast */
    public Numerics getNumerics() {
        return numerics;
    }

    /** @return where the engine computes */
    public DeviceChoice getDevice() {
        return device;
    }

    /** @return where the frozen pass runs on Spark, or null to run it on this machine */
    public SparkOptions getSpark() {
        return spark;
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

    /** @return how the head phase fits the classifier */
    public HeadSolver getHeadSolver() {
        return headSolver;
    }

    /** @return the dataset */
    public DatasetSpec getDataset() {
        return dataset;
    }

    /** @return the head phase's epochs, or null to train until the validation loss stops improving */
    public Integer getEpochs() {
        return epochs;
    }

    /** @return the mini-batch size */
    public int getBatchSize() {
        return batchSize;
    }

    /** @return the seed of everything random */
    public long getSeed() {
        return seed;
    }

    /** @return whether the kept part of a pretrained base stays frozen */
    public boolean isFreezeBase() {
        return freezeBase;
    }

    /** @return how many bytes of cached features stay in memory before spilling to disk */
    public long getCacheMemoryBytes() {
        return cacheMemoryBytes;
    }

    /** @return how the feature caches store their values: float32, or float16 in half the space */
    public CachePrecision getCachePrecision() {
        return cachePrecision;
    }

    /** @return the optimizer and its settings */
    public OptimizerOptions getOptimizerOptions() {
        return optimizer;
    }

    /** @return the learning-rate schedule */
    public ScheduleOptions getScheduleOptions() {
        return schedule;
    }

    /** @return label smoothing and class weights */
    public LossOptions getLossOptions() {
        return loss;
    }

    /** @return the input size, colour, fitting and pixel limit */
    public InputOptions getInputOptions() {
        return input;
    }

    /** @return where the run writes, and the archive's timestamp and model name */
    public OutputOptions getOutputOptions() {
        return output;
    }

    /** @return the model archive to write (as {@link #getOutputOptions()} says) */
    public Path getArchiveFile() {
        return output.archiveFile();
    }

    /** @return early stopping, or null */
    public EarlyStopping getEarlyStopping() {
        return earlyStopping;
    }

    /**
     * Whether validation figures chose the model: early stopping keeps the epoch they liked best, so
     * they flatter it. The one place that knows what chooses on validation data.
     *
     * @return what chose it, e.g. {@code early stopping on validationLoss}, or null when nothing did
     */
    public String validationChoseModel() {
        if (earlyStopping != null) {
            return "early stopping on " + earlyStopping.metric().pomName();
        }
        if (epochs == null || fineTuning != null && fineTuning.epochs() == null) {
            return "training until the validation loss stopped improving";
        }
        // The fine-tuning guard compares the phases on validation figures and keeps the better model.
        return fineTuning == null ? null : "fine-tuning kept only if it beat the head phase";
    }

    /** @return the fine-tuning phase, or null */
    public FineTuning getFineTuning() {
        return fineTuning;
    }

    /** @return the augmentation of training images */
    public Augmentation getAugmentation() {
        return augmentation;
    }

    /** @return the quality gate's rules */
    public List<QualityRule> getRules() {
        return rules;
    }

    /**
     * @return whether a missed rule fails the run; the model then never replaces the archive and is
     *     kept as {@code rejected-model.zip} in the report directory
     */
    public boolean isHaltOnFailure() {
        return haltOnFailure;
    }

    /**
     * @return a published archive to compare this build's with ({@code g:a:v[:type[:classifier]]} or a
     *     path), or null
     */
    public String getCompareTo() {
        return compareTo;
    }

    /** @return whether to train even when the archive is up to date */
    public boolean isForce() {
        return force;
    }

    /** @return how large a base model may be, downloaded or extracted */
    public ExtractionLimits getModelLimits() {
        return modelLimits;
    }

    /** @return whether a from-scratch baseline of the same network is trained for comparison */
    public boolean isBaseline() {
        return baseline;
    }

    /** @return the baseline's learning rate, or null for the head's */
    public Float getBaselineLearningRate() {
        return baselineLearningRate;
    }

    /** Builds a {@link TrainingRequest}. */
    public static final class Builder {
        private BaseModelSpec baseModel;
        private String cutPoint = "features";
        private final List<HiddenLayer> hiddenLayers = new ArrayList<>();
        private HeadSolver headSolver = HeadSolver.SGD;
        private DatasetSpec dataset;
        private Integer epochs;
        private int batchSize = 32;
        private Float learningRate;
        private OptimizerKind optimizer = OptimizerKind.ADAM;
        private long seed = 42;
        private boolean freezeBase = true;
        private Integer imageWidth;
        private Integer imageHeight;
        private Boolean grayscale;
        private Boolean centerCrop;
        private long cacheMemoryBytes = 512L << 20;
        private CachePrecision cachePrecision = CachePrecision.FLOAT32;
        private Path archiveFile;
        private Path reportDirectory;
        private Path workDirectory;
        private Instant outputTimestamp = Instant.parse("1980-02-01T00:00:00Z");
        private String modelName = "model";
        private boolean baseline = false;
        private Float baselineLearningRate;
        private Augmentation augmentation = Augmentation.none();
        private List<QualityRule> rules = List.of();
        private boolean haltOnFailure = true;
        private boolean force;
        private String compareTo;
        private Float momentum;
        private boolean nesterov = false;
        private Float weightDecay;
        private ScheduleKind schedule = ScheduleKind.CONSTANT;
        private int warmupEpochs = 0;
        private float labelSmoothing = 0f;
        private ClassWeights classWeights = ClassWeights.NONE;
        private EarlyStopping earlyStopping;
        private FineTuning fineTuning;
        private long maxImagePixels = PixelLimit.DEFAULT_MAX_PIXELS;
        private ExtractionLimits modelLimits = ExtractionLimits.DEFAULT;
        private Numerics numerics = Numerics.DEFAULT;
        private DeviceChoice device;
        private SparkOptions spark;

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

        /**
         * @param headSolver how the head phase fits the classifier; null for the default, {@code sgd}
         * @return this builder
         */
        public Builder optHeadSolver(HeadSolver headSolver) {
            this.headSolver = headSolver == null ? HeadSolver.SGD : headSolver;
            return this;
        }

        /** @param epochs the head phase's epochs, or null (the default) to train until the validation loss stops improving @return this */
        public Builder optEpochs(Integer epochs) {
            this.epochs = epochs;
            return this;
        }

        /** @param batchSize the mini-batch size @return this */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @param learningRate the learning rate, or null (the default) to find one with a range test @return this */
        public Builder optLearningRate(Float learningRate) {
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

        /**
         * @param maxImagePixels the most pixels (width × height) an image file may declare, default
         *     {@value PixelLimit#DEFAULT_MAX_PIXELS}
         * @return this
         */
        public Builder optMaxImagePixels(long maxImagePixels) {
            this.maxImagePixels = maxImagePixels;
            return this;
        }

        /**
         * @param limits how large a base model may be, downloaded or extracted (default {@link
         *     ExtractionLimits#DEFAULT})
         * @return this
         */
        public Builder optModelLimits(ExtractionLimits limits) {
            this.modelLimits = limits;
            return this;
        }

        /**
         * @param numerics how the engine computes; part of what decides the model
         * @return this
         */
        public Builder optNumerics(Numerics numerics) {
            this.numerics = numerics == null ? Numerics.DEFAULT : numerics;
            return this;
        }

        /**
         * @param device where the engine computes; null for the numerics' default ({@code cpu} when
         *     pinned, {@code auto} for {@code fast})
         * @return this builder
         */
        public Builder optDevice(DeviceChoice device) {
            this.device = device;
            return this;
        }

        /** @param spark where the frozen pass runs on Spark, or null for this machine @return this */
        public Builder optSpark(SparkOptions spark) {
            this.spark = spark;
            return this;
        }

        /** @param bytes the in-memory budget of the feature cache @return this */
        public Builder optCacheMemoryBytes(long bytes) {
            this.cacheMemoryBytes = bytes;
            return this;
        }

        /**
         * @param precision how the feature caches store their values; null for the default, {@code float32}
         * @return this builder
         */
        public Builder optCachePrecision(CachePrecision precision) {
            this.cachePrecision = precision == null ? CachePrecision.FLOAT32 : precision;
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

        /** @param momentum the momentum of sgd and rmsprop, or null: 0.9 for sgd, 0 for rmsprop @return this */
        public Builder optMomentum(Float momentum) {
            this.momentum = momentum;
            return this;
        }

        /** @param nesterov whether sgd uses Nesterov's momentum @return this */
        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** @param weightDecay the weight decay (L2 penalty; decoupled for adamw), or null: 0.01 for adamw, else 0 @return this */
        public Builder optWeightDecay(Float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** @param schedule the learning-rate schedule @return this */
        public Builder optSchedule(ScheduleKind schedule) {
            this.schedule = schedule;
            return this;
        }

        /** @param warmupEpochs epochs of linear warm-up at the start of each phase (one-cycle: default 30% of the steps) @return this */
        public Builder optWarmupEpochs(int warmupEpochs) {
            this.warmupEpochs = warmupEpochs;
            return this;
        }

        /** @param labelSmoothing the label smoothing factor, in [0, 1) @return this */
        public Builder optLabelSmoothing(float labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        /** @param classWeights how much each class counts in the training loss @return this */
        public Builder optClassWeights(ClassWeights classWeights) {
            this.classWeights = classWeights;
            return this;
        }

        /** @param earlyStopping early stopping, or null @return this */
        public Builder optEarlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /** @param fineTuning the fine-tuning phase, or null @return this */
        public Builder optFineTuning(FineTuning fineTuning) {
            this.fineTuning = fineTuning;
            return this;
        }

        /** @param augmentation the augmentation of training images @return this */
        public Builder optAugmentation(Augmentation augmentation) {
            this.augmentation = Objects.requireNonNull(augmentation);
            return this;
        }

        /**
         * @param compareTo a published archive to compare with, {@code g:a:v[:type[:classifier]]} or a
         *     path; null or blank for none
         * @return this
         */
        public Builder optCompareTo(String compareTo) {
            this.compareTo = compareTo == null || compareTo.isBlank() ? null : compareTo.trim();
            return this;
        }

        /**
         * @param force train even when the archive is up to date (default false)
         * @return this
         */
        public Builder optForce(boolean force) {
            this.force = force;
            return this;
        }

        /**
         * @param halt whether a missed rule fails the run, keeping the model out of the archive (default true)
         * @return this
         */
        public Builder optHaltOnFailure(boolean halt) {
            this.haltOnFailure = halt;
            return this;
        }

        /** @param rules the quality gate's rules @return this */
        public Builder optRules(List<QualityRule> rules) {
            this.rules = List.copyOf(rules);
            return this;
        }

        /** @param baseline whether a from-scratch baseline of the same network is trained for comparison @return this */
        public Builder optBaseline(boolean baseline) {
            this.baseline = baseline;
            return this;
        }

        /** @param baselineLearningRate the baseline's learning rate, or null for the head's @return this */
        public Builder optBaselineLearningRate(Float baselineLearningRate) {
            this.baselineLearningRate = baselineLearningRate;
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
            if (spark != null && dataset.format() != DatasetSpec.Format.FOLDER) {
                throw new ConfigurationException("spark", "reads image folders (<trainDirectory>, or <spark><images>),"
                        + " not IDX files. Convert the IDX files to an image folder, or remove <spark>: IDX data"
                        + " sets fit one machine.");
            }
            if (spark == null || spark.images() == null) {
                dataset.requireTrainDirectory();
            }
            if (epochs != null && epochs < 1) {
                throw new ConfigurationException("epochs", "must be at least 1, not " + epochs);
            }
            if (batchSize < 1) {
                throw new ConfigurationException("batchSize", "must be at least 1, not " + batchSize);
            }
            headSolver.checkHead(hiddenLayers);
            if (device != null) {
                device.checkWith(numerics);
            }
            OptimizerOptions optimizerOptions = new OptimizerOptions(optimizer, learningRate, momentum, nesterov,
                    weightDecay);
            InputOptions inputOptions = new InputOptions(imageWidth, imageHeight, grayscale, centerCrop,
                    new PixelLimit(maxImagePixels));
            ScheduleOptions scheduleOptions = new ScheduleOptions(schedule, warmupEpochs);
            scheduleOptions.checkWithin("epochs", epochs);
            if (fineTuning != null) {
                scheduleOptions.checkWithin("fineTuning.epochs", fineTuning.epochs());
            }
            LossOptions lossOptions = new LossOptions(labelSmoothing, classWeights);
            if (baselineLearningRate != null && (!(baselineLearningRate > 0) || baselineLearningRate.isInfinite())) {
                throw new ConfigurationException("baselineLearningRate", "must be a positive number, not "
                        + baselineLearningRate);
            }
            new QualityGate(rules).requireTestSet(dataset.hasTestSet()); // before anything trains
            if (cacheMemoryBytes < 0) {
                throw new ConfigurationException("cacheMemoryMb", "must not be negative");
            }
            OutputOptions outputOptions = new OutputOptions(archiveFile, reportDirectory, workDirectory,
                    outputTimestamp, modelName);
            return new TrainingRequest(this, optimizerOptions, scheduleOptions, lossOptions, inputOptions,
                    outputOptions);
        }
    }
}
