package io.github.transferml.transfer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.architecture.BaseArchitecture;
import io.github.transferml.transfer.archive.ArchiveManifest;
import io.github.transferml.transfer.archive.ModelArchiveWriter;
import io.github.transferml.transfer.cache.FeatureCache;
import io.github.transferml.transfer.cache.FrozenPass;
import io.github.transferml.transfer.cluster.Cluster;
import io.github.transferml.transfer.cluster.Clusters;
import io.github.transferml.transfer.cluster.FrozenPrefix;
import io.github.transferml.transfer.cluster.PrefixParameters;
import io.github.transferml.transfer.compare.ArchiveComparison;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.EarlyStopping;
import io.github.transferml.transfer.config.FineTuning;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.OutputOptions;
import io.github.transferml.transfer.config.PhaseLength;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.cut.AutoCut;
import io.github.transferml.transfer.cut.CutOption;
import io.github.transferml.transfer.cut.CutPoint;
import io.github.transferml.transfer.data.DatasetLoader;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.data.TrainValidation;
import io.github.transferml.transfer.engine.DeviceChoice;
import io.github.transferml.transfer.engine.DjlEnvironment;
import io.github.transferml.transfer.fingerprint.ModelFingerprint;
import io.github.transferml.transfer.fingerprint.UpToDateCheck;
import io.github.transferml.transfer.head.HeadDesign;
import io.github.transferml.transfer.quality.QualityGate;
import io.github.transferml.transfer.quality.QualityRule;
import io.github.transferml.transfer.report.ClassMetrics;
import io.github.transferml.transfer.report.HtmlReport;
import io.github.transferml.transfer.report.ReportConfiguration;
import io.github.transferml.transfer.report.ReportData;
import io.github.transferml.transfer.report.TrainingReports;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.source.BaseModel;
import io.github.transferml.transfer.source.BaseModelLoader;
import io.github.transferml.transfer.source.ModelArtifactResolver;
import io.github.transferml.transfer.source.ModelCoordinates;
import io.github.transferml.transfer.source.ModelLoadException;
import io.github.transferml.transfer.util.AtomicFiles;
import io.github.transferml.transfer.util.Json;
import io.github.transferml.transfer.util.ParameterCount;
import io.github.transferml.transfer.util.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One transfer-learning run, from a {@link TrainingRequest} to a model archive: load the data and
 * the base, cut the base, cache what the frozen part computes, train the new layers from the
 * cache, evaluate, and write the archive and the metrics.
 */
public final class TransferTraining {

    /** Where a model that misses its quality rules under {@code haltOnFailure} goes, in the report directory. */
    public static final String REJECTED_ARCHIVE = "rejected-model.zip";

    /**
     * Where the whole fingerprint of the last archive written is kept, in the work directory, after
     * the archive's file name: executions of one module that write other archives keep their own.
     */
    static final String FINGERPRINT_RECORD = ".fingerprint.json";

    private static final ReentrantLock ENGINE = new ReentrantLock();

    private final TrainingRequest request;
    private final ModelArtifactResolver resolver;
    private final TrainingEvents events;
    private final String toolVersion;
    /** The device the run computes on, once the engine has started. */
    private Device device;
    /** Where the frozen pass runs when not here ({@code <spark>}), or null. */
    private Cluster cluster;

    /**
     * @param request what to train
     * @param resolver resolves Maven coordinates of base models
     * @param events receives progress
     * @param toolVersion the plugin's version, recorded in the archive
     */
    public TransferTraining(TrainingRequest request, ModelArtifactResolver resolver, TrainingEvents events,
            String toolVersion) {
        this.request = request;
        this.resolver = resolver;
        this.events = events;
        this.toolVersion = toolVersion;
    }

    /**
     * Runs the training.
     *
     * @return what it produced
     * @throws IOException if an output cannot be written
     */
    public TrainingResult run() throws IOException {
        // The engine's random state is global: runs in one JVM (mvn -T) take turns, or seeds would mix.
        if (!ENGINE.tryLock()) {
            events.info("Waiting for another training in this JVM to finish: the engine's random state is shared.");
            ENGINE.lock();
        }
        try {
            return runAlone();
        } finally {
            ENGINE.unlock();
        }
    }

    private TrainingResult runAlone() throws IOException {
        if (request.getSpark() == null) {
            return runAlone(null);
        }
        try (Cluster spark = Clusters.spark(request.getSpark(), request.getNumerics(),
                request.getOutputOptions().workDirectory(), events::info)) {
            return runAlone(spark);
        }
    }

    private TrainingResult runAlone(Cluster spark) throws IOException {
        cluster = spark;
        TrainValidation data = cluster == null
                ? DatasetLoader.load(request.getDataset(), request.getSeed(), request.getInputOptions().pixelLimit())
                : DatasetLoader.load(request.getDataset(), request.getSeed(), request.getInputOptions().pixelLimit(),
                        cluster, request.getSpark().images());
        List<String> classes = data.classNames();
        for (QualityRule rule : request.getRules()) {
            if (rule.className() != null && !classes.contains(rule.className())) { // fail before training, not after
                throw new ConfigurationException("rules.rule.className", "'" + rule.className()
                        + "' is not a class of the dataset; its classes are " + abbreviate(classes));
            }
        }
        events.info(String.format(Locale.ROOT, "Dataset: %d training and %d validation images%s in %d classes %s",
                data.train().size(), data.validation().size(),
                data.hasTest() ? " (and " + data.test().size() + " test images)" : "", classes.size(),
                abbreviate(classes)));

        BaseModelSpec baseSpec = request.getBaseModel();
        InputSpec dataInput = InputSpec.ofData(data.train(), request.getInputOptions().width(), request.getInputOptions().height(),
                request.getInputOptions().grayscale());
        BaseModelLoader loader = new BaseModelLoader(resolver, request.getModelLimits());
        BaseModelLoader.Located located = loader.locate(baseSpec);
        ModelFingerprint fingerprint = new ModelFingerprint(request.modelSettings(), located.sha256(), data.files(),
                tool());
        UpToDateCheck upToDate = new UpToDateCheck(request.getOutputOptions().archiveFile(),
                request.getOutputOptions().workDirectory().resolve(
                        request.getArchiveFile().getFileName() + FINGERPRINT_RECORD),
                request.getOutputOptions().reportDirectory().resolve(TrainingReports.METRICS));
        if (isUpToDate(upToDate, fingerprint)) {
            return compared(TrainingResult.upToDate(request.getOutputOptions().archiveFile(), request.getOutputOptions().reportDirectory()), data);
        }
        FeatureCache.StaleSpills stale = FeatureCache.removeStaleSpills(request.getOutputOptions().workDirectory());
        if (stale.files() > 0) {
            events.info(String.format(Locale.ROOT, "Removed %d feature cache file(s) (%.1f MB) that a build which did"
                    + " not finish left in %s", stale.files(), stale.bytes() / 1e6,
                    request.getOutputOptions().workDirectory()));
        }
        DjlEnvironment.seed(request.getSeed()); // the engine starts here, not for an up-to-date check
        device = chooseDevice();
        try (BaseModel base = loader.load(located, dataInput, classes.size())) {
            events.info("Base model: " + base.description() + (base.sha256() == null ? "" : " (SHA-256 " + base.sha256() + ")"));
            InputSpec input = request.getInputOptions().centerCrop() == null ? base.input()
                    : base.input().withCenterCrop(request.getInputOptions().centerCrop());
            PhaseRunner runner = new PhaseRunner(request, data, input, events);
            // auto tries each candidate cut on one pass through the base; its chosen features feed the head phase.
            try (CutSelection.Selected auto = AutoCut.isAuto(request.getCutPoint())
                    ? new CutSelection(request, runner, events).select(base, input, classes.size()) : null) {
                CutOption cut = auto != null ? auto.cut() : CutPoint.parse(request.getCutPoint())
                        .resolve(base.network(), input.imageShape(), BaseArchitecture.cutAliases(base.recipe()));
                Shape featureShape = cut.outputShape().slice(1);
                HeadDesign head = HeadDesign.of(featureShape, request.getHiddenLayers(), classes.size());
                NetworkRecipe recipe = head.appendTo(base.recipe(), cut.keep());
                boolean torchScript = BaseArchitecture.of(base.recipe()).isOpaque();
                boolean frozen = request.isFreezeBase() && base.pretrained() || torchScript;
                if (torchScript && !request.isFreezeBase()) {
                    events.warn("freezeBase is false, but a TorchScript base is opaque to DJL and stays frozen.");
                }
                events.info(String.format(Locale.ROOT, "Cut after %s (%s of %d blocks): features %s; input %s; head %s",
                        cut.name(), cut.keep(), base.network().getChildren().size(), featureShape, input.describe(),
                        String.join(" > ", head.steps())));
                if (!base.pretrained()) {
                    events.info("The base is an untrained architecture: the whole network trains end to end.");
                } else if (!frozen) {
                    events.info("freezeBase is false: the whole network trains end to end, without a feature cache.");
                }
                return compared(train(data, base, input, cut, head, recipe, frozen, fingerprint, upToDate, runner,
                        auto), data);
            }
        }
    }

    /**
     * Hands the head phase's frozen pass to the cluster: the kept blocks as a recipe and their
     * parameters, which the executors rebuild. The runner keeps the block it is given (the same
     * instance as the head phase's prefix), so only that pass leaves this machine.
     */
    private void shipFrozenPass(PhaseRunner runner, BaseModel base, SequentialBlock prefix, InputSpec input,
            CutOption cut, boolean frozen, boolean auto) throws IOException {
        if (auto) {
            events.warn("<spark>: cutPoint auto tries its candidate cuts in one pass on this machine, reading the"
                    + " images through Spark's file systems; name a cut point to run the frozen pass on Spark.");
            return;
        }
        if (!frozen) {
            events.warn("<spark>: the base trains end to end, so there is no frozen pass to run on Spark; every"
                    + " epoch reads the images on this machine.");
            return;
        }
        ByteArrayOutputStream parameters = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(parameters)) {
            PrefixParameters.save(prefix, out);
        }
        FrozenPrefix shipped = new FrozenPrefix(base.recipe().then("keep(" + cut.keep() + ")").toString(),
                parameters.toByteArray(), input.imageShape().getShape(),
                List.of(cut.outputShape().slice(1).getShape()), FrozenPass.batchSize(prefix, input.imageShape()));
        runner.runOnCluster(cluster, prefix, shipped);
    }

    /**
     * With {@code compareTo}, compares the archive with a published one (as {@code artifact:compare}
     * does for jars) and writes {@code compare.json} beside the reports; the build goes on either way.
     */
    private TrainingResult compared(TrainingResult result, TrainValidation data) throws IOException {
        String reference = request.getCompareTo();
        if (reference == null) {
            return result;
        }
        Path published = ModelCoordinates.looksLike(reference)
                ? ModelCoordinates.parse(reference, "<compareTo>").resolve(resolver) : Path.of(reference);
        if (!Files.isRegularFile(published)) {
            throw new ConfigurationException("compareTo", published + " does not exist. Give the coordinates"
                    + " g:a:v[:type[:classifier]] or the path of a model archive.");
        }
        ArchiveComparison.Result comparison;
        try {
            comparison = new ArchiveComparison(request.getModelLimits()).compare(result.archive(), published,
                    reference, data.validation());
        } catch (ModelLoadException e) {
            throw new ConfigurationException("compareTo", "cannot be compared: " + e.getMessage());
        }
        if (comparison.identical()) {
            events.info(comparison.describe());
        } else {
            events.warn(comparison.describe());
        }
        Path json = request.getOutputOptions().reportDirectory().resolve("compare.json");
        Files.createDirectories(json.getParent());
        AtomicFiles.write(json, Json.bytes(comparison.toJson()));
        return result;
    }

    /** Whether the archive there is is this build's, saying so, or saying why it trains. */
    private boolean isUpToDate(UpToDateCheck upToDate, ModelFingerprint fingerprint) {
        if (request.isForce()) {
            events.info("Retraining: transfer.force is true.");
            return false;
        }
        UpToDateCheck.Verdict verdict = upToDate.check(fingerprint, request.reportSettings());
        if (verdict.upToDate()) {
            events.info("Model is up to date (fingerprint " + ModelFingerprint.abbreviate(fingerprint.sha256())
                    + "); -Dtransfer.force=true retrains");
            return true;
        }
        events.info((Files.exists(request.getOutputOptions().archiveFile()) ? "Retraining: " : "Training: ") + verdict.reason());
        return false;
    }

    private TrainingResult train(TrainValidation data, BaseModel base, InputSpec input, CutOption cut,
            HeadDesign headDesign, NetworkRecipe recipe, boolean frozen, ModelFingerprint fingerprint,
            UpToDateCheck upToDate, PhaseRunner runner, CutSelection.Selected auto) throws IOException {
        SequentialBlock prefix = NetworkRecipe.keep(base.network(), cut.keep());
        SequentialBlock head = headDesign.build();
        SequentialBlock network = new SequentialBlock();
        network.addAll(prefix.getChildren().values());
        network.addAll(head.getChildren().values());
        // After auto the rows are the chosen cut's pooled features: the head trains after its pooling.
        Shape rowShape = auto != null ? auto.rowShape() : frozen ? cut.outputShape().slice(1) : input.imageShape();
        if (frozen) {
            prefix.freezeParameters(true);
        }
        if (cluster != null) {
            shipFrozenPass(runner, base, prefix, input, cut, frozen, auto != null);
        }
        FineTuningPlan fineTuning = FineTuningPlan.of(request, base, input, prefix, frozen);
        int[] validationLabels = runner.validationLabels();
        request.getHeadSolver().checkFrozen(frozen, !base.pretrained() ? "the base is an untrained architecture"
                : "freezeBase is false");
        PhaseLength headLength = request.getHeadSolver().headLength(request.getEpochs(), request.getEarlyStopping(),
                frozen);
        PhaseLength tuningLength = fineTuning == null ? null
                : PhaseLength.of(request.getFineTuning().epochs(), request.getEarlyStopping(), false);
        int plannedEpochs = headLength.maxEpochs() + (fineTuning == null ? 0 : tuningLength.maxEpochs());

        try (Model model = Model.newInstance(request.getOutputOptions().modelName(), BaseModelLoader.ENGINE)) {
            TrainingPhase headPhase = TrainingPhase.head(auto != null ? headDesign.afterVector(head)
                    : frozen ? head : network, frozen ? prefix : null, rowShape,
                    request.getOptimizerOptions().learningRate(), headLength, plannedEpochs,
                    request.getScheduleOptions(), request.getHeadSolver());
            PhaseRunner.CacheListener cached = (trainRows, validationRows, seconds) -> {
                if (!trainRows.isStreamed()) {
                    events.info(String.format(Locale.ROOT, "Cached %d rows of %s in %.1f s (%s, %.1f MB)%s",
                            trainRows.rows() + validationRows.rows(), rowShape, seconds,
                            trainRows.isSpilled() ? "spilled to disk" : "in memory",
                            (trainRows.bytes() + validationRows.bytes()) / 1e6,
                            frozen ? "; the frozen base will not run again" : ""));
                }
                // Initialised here (the trainer keeps what is initialised) so the counts are complete.
                if (auto != null) {
                    auto.initializeHead(request, head, model.getNDManager());
                } else {
                    model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32,
                            new Shape(request.getBatchSize()).addAll(rowShape));
                }
                long frozenCount = frozen ? ParameterCount.of(prefix) : 0;
                long trainedCount = ParameterCount.of(frozen ? head : network);
                String how = request.getHeadSolver() == HeadSolver.LBFGS ? "by " + HeadSolver.LBFGS.describe()
                        : String.format(Locale.ROOT, "%s%s, batch size %d, %s at %s (%s)",
                                headLength.untilConverged() ? "" : "for ", headLength.describe(),
                                request.getBatchSize(), request.getOptimizerOptions().kindName(),
                                request.getOptimizerOptions().describeRate(),
                                request.getScheduleOptions().kind().pomName());
                events.info(String.format(Locale.ROOT, "Training %,d parameters (%,d frozen) %s, seed %d%s",
                        trainedCount, frozenCount, how, request.getSeed(), lossDescription()));
            };
            PhaseResult first = auto != null ? runner.runOnCached(model, headPhase, auto.trainRows(),
                    auto.validationRows(), auto.cacheSeconds(), cached) : runner.run(model, headPhase, cached);
            List<EpochMetrics> history = new ArrayList<>(first.history());
            Evaluation validation = first.validation();
            EpochMetrics selected = first.selected();
            double trainSeconds = first.trainSeconds();
            double cacheSeconds = first.cacheSeconds();
            boolean spilled = first.spilled();
            Integer fineTuneStart = null;
            PhaseResult second = null;
            if (fineTuning != null) {
                fineTuneStart = history.size() + 1;
                second = fineTune(runner, fineTuning, head, fineTuneStart, tuningLength, first);
                history.addAll(second.history());
                validation = second.validation();
                selected = second.selected();
                cacheSeconds += second.cacheSeconds();
                trainSeconds += second.trainSeconds();
            }
            long frozenCount = frozen ? ParameterCount.of(prefix) - (fineTuning == null ? 0 : fineTuning.tunedParameters()) : 0;
            long trainedCount = ParameterCount.of(network) - frozenCount;
            ClassMetrics classMetrics = ClassMetrics.of(data.classNames(), validationLabels, validation.predicted());
            classMetrics.classesWithoutExamplesWarning(ReportData.VALIDATION).ifPresent(events::warn);
            TestScore test = data.hasTest() // once, on the final model: nothing chooses by it
                    ? new TestScoring(request, input, runner.cacheBudget(), events).score(model.getNDManager(), network, data.test()) : null;
            QualityGate qualityGate = new QualityGate(request.getRules());
            noteValidationBias(qualityGate, data.hasTest());
            QualityGate.Result gate = qualityGate.check(new QualityGate.Figures(validation.accuracy(),
                    validation.loss(), classMetrics), test == null ? null : test.figures());
            ArchiveManifest manifest = new ArchiveManifest(request.getOutputOptions().modelName(), data.classNames(),
                    toolVersions(), baseOf(base), cutOf(cut, auto),
                    new ArchiveManifest.Head(request.getHiddenLayers(), headDesign.steps(),
                            first.probe() == null ? null : first.probe().chosen().penalty()), recipe.toString(), input,
                    datasetOf(data), new ArchiveManifest.Training(request.getEpochs(), request.getBatchSize(),
                            request.getOptimizerOptions(), request.getScheduleOptions(), request.getLossOptions(),
                            request.getEarlyStopping(), history.size(), first.learningRate(),
                            first.rateFound() == null ? null : first.rateFound().describe(), selected.epoch(),
                            request.getSeed(), request.isFreezeBase(), frozen, trainedCount, frozenCount,
                            fineTuned(fineTuning, fineTuneStart, second), request.getCachePrecision()),
                    TrainingReports.qualityMetrics(history, selected, validation, classMetrics, test),
                    request.getAugmentation().toJson(), fingerprint.sha256());
            // A model that misses a rule under haltOnFailure must not replace the last good archive.
            boolean rejected = !gate.ok() && request.isHaltOnFailure();
            Path rejectedFile = request.getOutputOptions().reportDirectory().resolve(REJECTED_ARCHIVE);
            OutputOptions output = request.getOutputOptions();
            Path archive = new ModelArchiveWriter(BaseModelLoader.ENGINE, output.modelName(), output.workDirectory(),
                    output.outputTimestamp()).write(rejected ? rejectedFile : output.archiveFile(), network, input,
                            recipe, data.classNames(), manifest);
            events.info("Wrote model archive " + archive);
            if (rejected) {
                events.warn("The model misses its quality rules: kept as " + archive + " for inspection; "
                        + request.getOutputOptions().archiveFile().getFileName() + " is left as it was.");
            } else {
                Files.deleteIfExists(rejectedFile); // a model rejected by an earlier build is no longer the news
            }
            String sha = Sha256.of(archive);
            Baseline baseline = request.isBaseline()
                    ? baseline(runner, base, input, cut, headDesign, history.size(), data) : null;
            if (baseline != null) {
                events.info(baseline.describeGain(validation, test));
            }
            Path metrics = TrainingReports.write(request.getOutputOptions().reportDirectory(), data, history, selected,
                    validation,
                    classMetrics, gate, trainSeconds, cacheSeconds, spilled, archive, sha,
                    baseline == null ? null : baseline.toJson(validation, test), test);
            Map<String, Object> timing = new LinkedHashMap<>();
            timing.put("feature caching (s)", cacheSeconds);
            timing.put("training (s)", trainSeconds);
            timing.put("epochs run", history.size());
            timing.put("mean epoch (s)", trainSeconds / history.size());
            if (baseline != null) {
                timing.put("baseline from scratch (s)", baseline.seconds());
            }
            Path report = HtmlReport.write(request.getOutputOptions().reportDirectory().resolve("report.html"), new ReportData(
                    archive.getFileName().toString(), data.classNames(), history, fineTuneStart,
                    baseline == null ? List.of() : baseline.history(),
                    classMetrics, data.validation().images(), validation.predicted(), validation.probability(),
                    reportConfiguration(base, cut, headDesign, input, first, second, selected), timing, gate.lines())
                    .withTest(test == null ? null : new ReportData.TestFigures(test.classes(), test.evaluation().loss()))
                    .withCutChoice(auto == null ? null : auto.choice()),
                    events);
            if (!rejected) { // last: a build that fails before its reports are written is not up to date
                upToDate.remember(fingerprint, request.reportSettings());
            }
            return new TrainingResult(archive, sha, history, validation.accuracy(), validation.loss(),
                    trainSeconds, cacheSeconds, metrics, fineTuneStart, classMetrics.macroF1(), gate, report, rejected, false,
                    test == null ? null : new TrainingResult.TestFigures(test.evaluation().accuracy(),
                            test.evaluation().loss(), test.classes().macroF1()));
        }
    }

    /**
     * Says once that validation figures the gate checks flatter the model they chose. A warning when
     * the gate checks nothing else, as then its verdict rests on biased figures alone; with test*
     * rules beside them the verdict has an unbiased check, so a note will do.
     */
    private void noteValidationBias(QualityGate gate, boolean hasTestSet) {
        String chooser = request.validationChoseModel();
        String note = chooser == null ? null : gate.validationBiasNote(chooser, hasTestSet);
        if (note != null && gate.checksTest()) {
            events.info(note);
        } else if (note != null) {
            events.warn(note);
        }
    }

    /**
     * The fine-tuning phase: the still-frozen part of the base runs once more over the images, to a
     * new cache at its output; the unfrozen top of the base and the head then train from that cache.
     * If it never beats the head phase on validation, the head phase's model is put back.
     */
    private PhaseResult fineTune(PhaseRunner runner, FineTuningPlan plan, SequentialBlock head, int firstEpoch,
            PhaseLength length, PhaseResult headPhase) {
        FineTuning tuning = request.getFineTuning();
        Float rate = tuning.learningRate(headPhase.learningRate());
        events.info(String.format(Locale.ROOT, "Fine-tuning %,d parameters of the base's last %d blocks (from %s) with"
                + " the head %s%s at %s; BatchNorm in unfrozen blocks %s",
                plan.tunedParameters(), plan.tunedBlocks(), plan.describeTuned(),
                length.untilConverged() ? "" : "for ", length.describe(),
                rate == null ? "a learning rate found by a range test"
                        : String.format(Locale.ROOT, "learning rate %.3g", rate),
                tuning.trainBatchNorm() ? "trains (batch statistics)" : "stays in inference mode"));
        plan.unfreeze();
        TrainingPhase phase = TrainingPhase.fineTuning(plan, head, tuning.trainBatchNorm(), rate, length,
                firstEpoch, firstEpoch - 1 + length.maxEpochs(), request.getScheduleOptions(), headPhase);
        try (Model model = Model.newInstance(phase.kind().modelName(request.getOutputOptions().modelName()),
                BaseModelLoader.ENGINE)) {
            PhaseResult result = runner.run(model, phase, (trainRows, validationRows, seconds) -> {
                if (!trainRows.isStreamed()) { // a streamed phase has said so already, and cached nothing
                    events.info(String.format(Locale.ROOT, "Cached %d rows of %s at the still-frozen part's output"
                            + " in %.1f s", trainRows.rows() + validationRows.rows(), phase.rowShape(), seconds));
                }
            });
            if (result.keptPrevious()) {
                var metric = PhaseRunner.comparedOn(phase);
                events.warn(String.format(Locale.ROOT, "Fine-tuning never beat the head phase (its best %s %.4f,"
                        + " the head's %.4f): the archive keeps the head phase's model, from epoch %d.",
                        metric.pomName(), EarlyStopper.valueOf(metric, bestOf(result.history(), metric)),
                        EarlyStopper.valueOf(metric, headPhase.selected()), headPhase.selected().epoch()));
            }
            return result;
        }
    }

    /** The best epoch of a phase on a metric. */
    private static EpochMetrics bestOf(List<EpochMetrics> history, EarlyStopping.Metric metric) {
        EpochMetrics best = history.get(0);
        for (EpochMetrics e : history) {
            double value = EarlyStopper.valueOf(metric, e);
            double bestValue = EarlyStopper.valueOf(metric, best);
            if (metric.better(value, bestValue)) {
                best = e;
            }
        }
        return best;
    }

    /**
     * The same network, from scratch: the base's architecture freshly initialised, cut at the same
     * place, with the same head, trained end to end on the same data for the same number of epochs
     * (or, when the POM leaves the head's epochs to the run, until its own validation loss stops
     * improving; an lbfgs head's one fit counts as one epoch),
     * so the report shows what the pretrained layers bought.
     */
    private Baseline baseline(PhaseRunner runner, BaseModel base, InputSpec input, CutOption cut,
            HeadDesign headDesign, int epochs, TrainValidation data) {
        if (!BaseArchitecture.of(base.recipe()).canTrainFromScratch()) {
            throw new ConfigurationException("baseline", "needs an architecture to initialise afresh, but this"
                    + " TorchScript module is used whole. Remove <baseline>.");
        }
        // The head's rate suits features, not a network learning from pixels: without a POM rate, the baseline finds its own.
        Float rate = request.getBaselineLearningRate() != null ? request.getBaselineLearningRate()
                : request.getOptimizerOptions().learningRate();
        // Equal epochs when the POM fixed the head's length (or an exact fit has one); a head left to converge, a baseline too.
        boolean headLengthFixed = request.getEpochs() != null || request.getHeadSolver() == HeadSolver.LBFGS;
        PhaseLength length = PhaseLength.of(headLengthFixed ? epochs : null, request.getEarlyStopping(), false);
        events.info(String.format(Locale.ROOT, "Baseline: the same network from scratch, trained end to end %s%s at %s",
                length.untilConverged() ? "" : "for ", length.describe(),
                rate == null ? "a learning rate found by a range test" : "learning rate " + rate));
        DjlEnvironment.seed(request.getSeed());
        long start = System.nanoTime();
        try (Model model = Model.newInstance(
                TrainingPhase.Kind.BASELINE.modelName(request.getOutputOptions().modelName()), BaseModelLoader.ENGINE)) {
            SequentialBlock network = new SequentialBlock();
            network.addAll(NetworkRecipe.keep(base.recipe().build(model.getNDManager()), cut.keep())
                    .getChildren().values());
            network.addAll(headDesign.build().getChildren().values());
            network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(input.imageShape()));
            PhaseResult result = runner.run(model, TrainingPhase.baseline(network, input.imageShape(), rate, length,
                    request.getScheduleOptions()), PhaseRunner.CacheListener.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            events.info(String.format(Locale.ROOT, "Baseline: validation accuracy %.4f, loss %.4f after %.1f s",
                    result.validation().accuracy(), result.validation().loss(), seconds));
            // Scored on the test set as the transferred model is: the gain there is one nothing chose.
            TestScore test = data.hasTest() ? new TestScoring(request, input, runner.cacheBudget(), events.prefixed("Baseline"))
                    .score(model.getNDManager(), network, data.test()) : null;
            return new Baseline(result.history(), result.validation(), seconds, test);
        }
    }

    /** The report's configuration table, with what the run chose where the POM left it open. */
    private Map<String, Object> reportConfiguration(BaseModel base, CutOption cut, HeadDesign headDesign,
            InputSpec input, PhaseResult head, PhaseResult tuning, EpochMetrics selected) {
        Map<String, Object> c = ReportConfiguration.of(request, base.description(), cut, headDesign.steps(), input);
        if (head.rateFound() != null) {
            c.put("learning rate", "range test: " + head.rateFound().describe());
        }
        if (head.probe() != null) {
            c.put("head solver", "lbfgs: " + head.probe().describe());
        }
        c.put("epochs", c.get("epochs") + String.format(Locale.ROOT, " (ran %d%s; the model is epoch %d's)",
                head.history().size() + (tuning == null ? 0 : tuning.history().size()),
                tuning == null ? "" : ", " + tuning.history().size() + " of them fine-tuning", selected.epoch()));
        return c;
    }

    /**
     * The device the run computes on, as the POM chose it among the GPUs the engine sees, and said in
     * the log. The engine's arrays go to its default device, which the worker's environment set from
     * the same choice ({@code cpu} hides the GPUs); a mismatch means that environment is missing.
     */
    private Device chooseDevice() {
        Engine engine = Engine.getEngine(BaseModelLoader.ENGINE);
        int gpus = engine.getGpuCount();
        DeviceChoice choice = request.getDevice();
        Device chosen = choice.select(gpus, "PyTorch " + engine.getVersion());
        if (!chosen.equals(engine.defaultDevice())) {
            throw new IllegalStateException("<device> " + choice.pomName() + " chose " + chosen + ", but the engine"
                    + " computes on " + engine.defaultDevice() + ": only the worker's environment hides GPUs from it");
        }
        events.info("Device: " + chosen + " (<device> " + choice.pomName() + "; the engine sees "
                + (gpus == 1 ? "1 GPU" : gpus + " GPUs") + ")");
        return chosen;
    }

    /** What trains: a new plugin, DJL or PyTorch version may make another model from the same inputs. */
    private String tool() {
        return "transfer-maven-plugin " + toolVersion + ", " + DjlEnvironment.declaredVersions();
    }

    private String lossDescription() {
        List<String> parts = new ArrayList<>(request.getLossOptions().adjustments());
        if (request.getEarlyStopping() != null) {
            parts.add("early stopping on " + request.getEarlyStopping().describe());
        }
        return parts.isEmpty() ? "" : "; " + String.join(", ", parts);
    }

    private ArchiveManifest.Tool toolVersions() {
        return new ArchiveManifest.Tool(toolVersion, Engine.getDjlVersion(),
                Engine.getEngine(BaseModelLoader.ENGINE).getVersion(), request.getNumerics(),
                device != null && device.isGpu() ? device.toString() : null);
    }

    private ArchiveManifest.Base baseOf(BaseModel base) {
        BaseModelSpec spec = request.getBaseModel();
        return new ArchiveManifest.Base(spec.kind().name().toLowerCase(Locale.ROOT), spec.publishedLocation(),
                base.sha256(), base.pretrained(), base.recipe().toString());
    }

    private ArchiveManifest.Cut cutOf(CutOption cut, CutSelection.Selected auto) {
        return new ArchiveManifest.Cut(request.getCutPoint(), cut.name(), cut.index(), cut.keep(),
                cut.outputShape().slice(1).getShape(), auto == null ? null : auto.choice());
    }

    private ArchiveManifest.Dataset datasetOf(TrainValidation data) {
        return new ArchiveManifest.Dataset(request.getDataset().format().name().toLowerCase(Locale.ROOT),
                data.digest(), data.train().size(), data.validation().size(), request.getDataset().validationSplit(),
                data.test().size(), request.getDataset().testSplit());
    }

    private ArchiveManifest.FineTuned fineTuned(FineTuningPlan plan, Integer startEpoch, PhaseResult phase) {
        if (plan == null) {
            return null;
        }
        FineTuning tuning = request.getFineTuning();
        return new ArchiveManifest.FineTuned(startEpoch, plan.tunedBlocks(), plan.describeTuned(), tuning.epochs(),
                phase.history().size(), phase.learningRate(), tuning.trainBatchNorm(), plan.tunedParameters(),
                phase.keptPrevious());
    }

    private static String abbreviate(List<String> classes) {
        return classes.size() <= 12 ? classes.toString()
                : classes.subList(0, 12).toString().replace("]", ", ...]");
    }
}
