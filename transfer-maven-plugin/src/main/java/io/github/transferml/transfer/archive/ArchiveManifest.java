package io.github.transferml.transfer.archive;

import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.config.EarlyStopping;
import io.github.transferml.transfer.config.HiddenLayer;
import io.github.transferml.transfer.config.LossOptions;
import io.github.transferml.transfer.cut.CutChoice;
import io.github.transferml.transfer.config.OptimizerOptions;
import io.github.transferml.transfer.config.ScheduleOptions;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.fingerprint.UpToDateCheck;
import io.github.transferml.transfer.engine.Numerics;
import io.github.transferml.transfer.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code transfer.json} in a model archive says: where the model came from, how it was cut,
 * trained and measured. Made of small values, each a section of the file; {@link #toJson()} writes
 * them in one fixed order, so equal runs give equal bytes.
 *
 * @param modelName the model's name
 * @param classes the class names, in label order
 * @param tool what trained it
 * @param base the base model
 * @param cut where the base was cut
 * @param head the new layers
 * @param recipe the whole network's recipe
 * @param input the input the model expects
 * @param dataset the data it learnt from
 * @param training how it trained
 * @param metrics its validation figures
 * @param augmentation the augmentation of training images, as JSON
 * @param fingerprint the SHA-256 of everything that decided the archive
 */
public record ArchiveManifest(String modelName, List<String> classes, Tool tool, Base base, Cut cut, Head head,
        String recipe, InputSpec input, Dataset dataset, Training training, Map<String, Object> metrics,
        Map<String, Object> augmentation, String fingerprint) {

    /** The version of the manifest's layout. */
    public static final int FORMAT_VERSION = 1;

    /**
     * What trained the model.
     *
     * @param version the plugin's version
     * @param djl DJL's version
     * @param pytorch PyTorch's version
     * @param numerics how the engine computed: the mode and every pinned level
     * @param gpu the GPU it trained on (e.g. {@code gpu(0)}), or null on the CPU
     */
    public record Tool(String version, String djl, String pytorch, Numerics numerics, String gpu) {

        /**
         * A run on the CPU.
         *
         * @param version the plugin's version
         * @param djl DJL's version
         * @param pytorch PyTorch's version
         * @param numerics the numerics
         */
        public Tool(String version, String djl, String pytorch, Numerics numerics) {
            this(version, djl, pytorch, numerics, null);
        }
    }

    /**
     * The base model.
     *
     * @param kind how it was given ({@code artifact}, {@code path}, …)
     * @param location where it was published, as the POM names it
     * @param sha256 its SHA-256, or null for an untrained architecture
     * @param pretrained whether it came with trained weights
     * @param recipe its recipe
     */
    public record Base(String kind, String location, String sha256, boolean pretrained, String recipe) {}

    /**
     * The cut.
     *
     * @param requested the cut point as written
     * @param block the block it resolved to
     * @param keptBlocks the number of top-level blocks kept whole
     * @param keep the recipe's keep path
     * @param featureShape the shape of one feature row
     * @param auto what {@code auto} tried and chose, or null for a cut point the POM names
     */
    public record Cut(String requested, String block, int keptBlocks, String keep, long[] featureShape,
            CutChoice auto) {

        /**
         * A cut the POM names.
         *
         * @param requested the cut point as written
         * @param block the block it resolved to
         * @param keptBlocks the number of top-level blocks kept whole
         * @param keep the recipe's keep path
         * @param featureShape the shape of one feature row
         */
        public Cut(String requested, String block, int keptBlocks, String keep, long[] featureShape) {
            this(requested, block, keptBlocks, keep, featureShape, null);
        }
    }

    /**
     * The head.
     *
     * @param layers its hidden layers
     * @param steps its recipe steps
     * @param lbfgsPenalty the L2 strength chosen when L-BFGS fitted the classifier, or null when
     *     optimizer steps trained it
     */
    public record Head(List<HiddenLayer> layers, List<String> steps, Double lbfgsPenalty) {

        /**
         * A head trained by optimizer steps.
         *
         * @param layers its hidden layers
         * @param steps its recipe steps
         */
        public Head(List<HiddenLayer> layers, List<String> steps) {
            this(layers, steps, null);
        }
    }

    /**
     * The data.
     *
     * @param format its format, as the POM names it
     * @param sha256 the digest of its files
     * @param trainImages the training images
     * @param validationImages the validation images
     * @param validationSplit the held-out fraction, or null
     * @param testImages the test images, 0 without a test set
     * @param testSplit the fraction held out for testing, or null
     */
    public record Dataset(String format, String sha256, int trainImages, int validationImages,
            Double validationSplit, int testImages, Double testSplit) {

        /**
         * Data without a test set.
         *
         * @param format its format, as the POM names it
         * @param sha256 the digest of its files
         * @param trainImages the training images
         * @param validationImages the validation images
         * @param validationSplit the held-out fraction, or null
         */
        public Dataset(String format, String sha256, int trainImages, int validationImages, Double validationSplit) {
            this(format, sha256, trainImages, validationImages, validationSplit, 0, null);
        }
    }

    /**
     * How it trained.
     *
     * @param epochs the head phase's epochs, or null when it trained until the validation loss stopped improving
     * @param batchSize the mini-batch size
     * @param optimizer the optimizer
     * @param schedule the schedule
     * @param loss the loss
     * @param earlyStopping early stopping, or null
     * @param epochsRun the epochs run in all phases
     * @param learningRate the rate the head phase trained at, or null when L-BFGS fitted it
     * @param learningRateFound how a range test found that rate, or null when the POM set it
     * @param selectedEpoch the epoch whose parameters the archive holds
     * @param seed the seed
     * @param freezeBase whether the POM asked to freeze the base
     * @param frozen whether the head phase trained on a frozen base
     * @param trainedParameters the parameters trained
     * @param frozenParameters the parameters kept
     * @param fineTuning the fine-tuning phase, or null
     * @param cachePrecision how the feature caches stored the rows the model learnt from
     */
    public record Training(Integer epochs, int batchSize, OptimizerOptions optimizer, ScheduleOptions schedule,
            LossOptions loss, EarlyStopping earlyStopping, int epochsRun, Float learningRate, String learningRateFound,
            int selectedEpoch, long seed, boolean freezeBase,
            boolean frozen, long trainedParameters, long frozenParameters, FineTuned fineTuning,
            CachePrecision cachePrecision) {

        /**
         * A run whose caches stored float32.
         *
         * @param epochs the head phase's epochs, or null when it trained until the validation loss stopped improving
         * @param batchSize the mini-batch size
         * @param optimizer the optimizer
         * @param schedule the schedule
         * @param loss the loss
         * @param earlyStopping early stopping, or null
         * @param epochsRun the epochs run in all phases
         * @param learningRate the rate the head phase trained at, or null when L-BFGS fitted it
         * @param learningRateFound how a range test found that rate, or null when the POM set it
         * @param selectedEpoch the epoch whose parameters the archive holds
         * @param seed the seed
         * @param freezeBase whether the POM asked to freeze the base
         * @param frozen whether the head phase trained on a frozen base
         * @param trainedParameters the parameters trained
         * @param frozenParameters the parameters kept
         * @param fineTuning the fine-tuning phase, or null
         */
        public Training(Integer epochs, int batchSize, OptimizerOptions optimizer, ScheduleOptions schedule,
                LossOptions loss, EarlyStopping earlyStopping, int epochsRun, Float learningRate,
                String learningRateFound, int selectedEpoch, long seed, boolean freezeBase, boolean frozen,
                long trainedParameters, long frozenParameters, FineTuned fineTuning) {
            this(epochs, batchSize, optimizer, schedule, loss, earlyStopping, epochsRun, learningRate,
                    learningRateFound, selectedEpoch, seed, freezeBase, frozen, trainedParameters, frozenParameters,
                    fineTuning, CachePrecision.FLOAT32);
        }
    }

    /**
     * The fine-tuning phase.
     *
     * @param startEpoch its first epoch in the run
     * @param unfrozenBlocks how many top-level blocks it unfroze
     * @param firstUnfrozenBlock the first of them
     * @param epochs its epochs, or null when it trained until the validation loss stopped improving
     * @param epochsRun the epochs it ran
     * @param learningRate its learning rate
     * @param trainBatchNorm whether BatchNorm trained
     * @param unfrozenParameters the parameters it unfroze
     * @param keptHeadModel whether it never beat the head phase, so the archive holds the head phase's model
     */
    public record FineTuned(Integer startEpoch, int unfrozenBlocks, String firstUnfrozenBlock, Integer epochs,
            int epochsRun, float learningRate, boolean trainBatchNorm, long unfrozenParameters,
            boolean keptHeadModel) {}

    /** @return the manifest as ordered JSON */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formatVersion", FORMAT_VERSION);
        m.put("model", Map.of("name", modelName));
        m.put("classes", classes);
        m.put("tool", Json.object("name", "transfer-maven-plugin", "version", tool.version()));
        Map<String, Object> engineJson = Json.object("djl", tool.djl(), "pytorch", tool.pytorch());
        if (tool.gpu() != null) { // only then: archives trained on the CPU stay as they were
            engineJson.put("device", tool.gpu());
        }
        m.put("engine", engineJson);
        m.put("numerics", tool.numerics().toJson());
        Map<String, Object> baseInfo = Json.object("kind", base.kind(), "location", base.location());
        baseInfo.put("sha256", base.sha256());
        baseInfo.put("pretrained", base.pretrained());
        baseInfo.put("recipe", base.recipe());
        m.put("baseModel", baseInfo);
        Map<String, Object> cutInfo = Json.object("requested", cut.requested(), "block", cut.block());
        cutInfo.put("keptBlocks", cut.keptBlocks());
        cutInfo.put("keep", cut.keep());
        cutInfo.put("featureShape", cut.featureShape());
        if (cut.auto() != null) { // a named cut point's section is as it always was
            cutInfo.put("auto", cut.auto().toJson());
        }
        m.put("cutPoint", cutInfo);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (HiddenLayer layer : head.layers()) {
            layers.add(Json.object("units", layer.units(), "dropout", layer.dropout()));
        }
        Map<String, Object> headJson = Json.object("layers", layers, "steps", head.steps());
        if (head.lbfgsPenalty() != null) { // only then: archives of heads trained by steps stay as they were
            headJson.put("solver", "lbfgs");
            headJson.put("l2Penalty", head.lbfgsPenalty());
        }
        m.put("head", headJson);
        m.put("recipe", recipe);
        Map<String, Object> inputInfo = Json.object("width", input.width(), "height", input.height());
        inputInfo.put("grayscale", input.grayscale());
        inputInfo.put("normalize", input.normalize());
        m.put("input", inputInfo);
        Map<String, Object> data = Json.object("format", dataset.format(), "sha256", dataset.sha256());
        data.put("trainImages", dataset.trainImages());
        data.put("validationImages", dataset.validationImages());
        data.put("validationSplit", dataset.validationSplit());
        if (dataset.testImages() > 0) { // without a test set the manifest is as it always was
            data.put("testImages", dataset.testImages());
            data.put("testSplit", dataset.testSplit());
        }
        m.put("dataset", data);
        m.put("training", trainingJson());
        m.put("metrics", metrics);
        m.put("augmentation", augmentation);
        m.put(UpToDateCheck.KEY, fingerprint);
        return m;
    }

    private Map<String, Object> trainingJson() {
        Training t = training;
        Map<String, Object> json = Json.object("epochs", t.epochs(), "batchSize", t.batchSize());
        json.put("learningRate", t.learningRate());
        json.put("learningRateFound", t.learningRateFound());
        json.put("optimizer", t.optimizer().kindName());
        json.put("momentum", t.optimizer().momentum());
        json.put("nesterov", t.optimizer().nesterov());
        json.put("weightDecay", t.optimizer().weightDecay());
        json.put("schedule", t.schedule().kind().pomName());
        json.put("warmupEpochs", t.schedule().warmupEpochs());
        json.put("labelSmoothing", t.loss().labelSmoothing());
        json.put("classWeights", t.loss().classWeights().toString());
        json.put("earlyStopping", t.earlyStopping() == null ? null : Json.object(
                "metric", t.earlyStopping().metric().pomName(), "patience", t.earlyStopping().patience()));
        json.put("epochsRun", t.epochsRun());
        json.put("selectedEpoch", t.selectedEpoch());
        json.put("seed", t.seed());
        json.put("freezeBase", t.freezeBase());
        json.put("frozen", t.frozen());
        json.put("trainedParameters", t.trainedParameters());
        json.put("frozenParameters", t.frozenParameters());
        if (t.cachePrecision() != CachePrecision.FLOAT32) { // only then: archives of float32 runs stay as they were
            json.put("cachePrecision", t.cachePrecision().pomName());
        }
        FineTuned f = t.fineTuning();
        if (f != null) {
            Map<String, Object> tuning = Json.object("startEpoch", f.startEpoch(), "unfrozenBlocks", f.unfrozenBlocks());
            tuning.put("firstUnfrozenBlock", f.firstUnfrozenBlock());
            tuning.put("epochs", f.epochs());
            tuning.put("epochsRun", f.epochsRun());
            tuning.put("learningRate", f.learningRate());
            tuning.put("trainBatchNorm", f.trainBatchNorm());
            tuning.put("unfrozenParameters", f.unfrozenParameters());
            tuning.put("keptHeadModel", f.keptHeadModel());
            json.put("fineTuning", tuning);
        }
        return json;
    }
}
