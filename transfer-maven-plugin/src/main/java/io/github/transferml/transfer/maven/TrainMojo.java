package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.config.ClassWeights;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.OptimizerKind;
import io.github.transferml.transfer.config.ScheduleKind;
import io.github.transferml.transfer.config.SparkOptions;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.source.ModelCoordinates;
import io.github.transferml.transfer.source.ResolvedArtifacts;
import io.github.transferml.transfer.train.TrainingResult;
import io.github.transferml.transfer.worker.TrainJob;
import io.github.transferml.transfer.worker.Worker;
import io.github.transferml.transfer.worker.WorkerException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.eclipse.aether.RepositorySystem;

/**
 * Trains an image classifier by transfer learning: cuts a pretrained base network, trains a new
 * head on the dataset, and writes a DJL model archive <code>${project.build.finalName}-model.zip</code>
 * that is attached to the project (type {@code zip}, classifier {@code model}), so {@code install}
 * and {@code deploy} publish it like any other artifact.
 *
 * @since 0.1.0
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class TrainMojo extends AbstractEngineMojo {

    /**
     * The pretrained network to start from: exactly one of {@code <artifact>} (Maven coordinates
     * {@code groupId:artifactId:version[:type[:classifier]]}, type defaulting to {@code zip} and
     * classifier to {@code model}), {@code <path>} (a model directory or archive), {@code <url>} (a
     * DJL model URL) or {@code <architecture>} (an untrained DJL ResNet such as {@code resnet20}),
     * with an optional {@code <sha256>} that fails the build when the model file differs.
     *
     * @since 0.1.0
     */
    @Parameter(required = true)
    private BaseModelParameter baseModel;

    /**
     * Where to cut the base: {@code features} (everything before its classifier), the name of a
     * top-level block as DJL names it (e.g. {@code 12ParallelBlock}, kept inclusive), a positive
     * index n (keep the first n blocks) or a negative index -n (drop the last n blocks). An invalid
     * value fails the build with the list of valid cut points and their output shapes.
     *
     * <p>{@code auto} chooses the cut by testing: one frozen pass through the base caches, for every
     * candidate, its output globally average-pooled; a head of the {@code <head>} design is fitted on
     * each, as the head phase trains, and the best on validation is kept (accuracy, then loss, then
     * the shallower cut). The candidates are the architecture's stage ends (ResNet: {@code stage1} …,
     * and {@code features} when layers with parameters follow the last stage), or those listed as
     * {@code auto:stage2,stage3,features}, each one a cut point as above. The head phase then trains
     * on the chosen cut's cache, so the base runs once; the log, {@code report.html} and {@code
     * transfer.json} show every candidate's figures. Needs a frozen pretrained base; with
     * {@code <fineTuning>}, every candidate must keep the blocks it unfreezes. {@code auto} is the
     * setting the up-to-date check compares; the chosen cut is a result.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.cutPoint", defaultValue = "features")
    private String cutPoint;

    /**
     * The new layers: optional {@code <layers>} of {@code <layer>} with {@code <units>} and {@code
     * <dropout>}, then a classifier sized from the dataset's classes.
     *
     * <p>{@code <solver>} says how the head phase fits them: {@code sgd} (default), mini-batch steps
     * of the {@code <optimizer>} for {@code <epochs>} at {@code <learningRate>}; or {@code lbfgs}, for
     * a linear head (no {@code <layers>}) on a frozen base: the classifier is fitted exactly, as a
     * linear probe is, by multinomial logistic regression with an L2 penalty minimised by L-BFGS on
     * the cached features, the penalty's strength chosen on validation ({@code <earlyStopping>}'s
     * metric, validation loss by default). It needs no epochs or rate: those settings then apply to
     * fine-tuning and the baseline only, and fine-tuning without a rate finds one by a range test.
     *
     * @since 0.1.0
     */
    @Parameter
    private HeadParameter head;

    /**
     * The data: {@code <trainDirectory>} (one sub-folder per class) with {@code
     * <validationDirectory>} or {@code <validationSplit>}; or {@code <format>idx</format>} with
     * {@code <trainImages>}, {@code <trainLabels>}, optional {@code <validationImages>}/{@code
     * <validationLabels>} and {@code <classNames>}.
     *
     * <p>Optionally a test set, scored once on the final model and never used to choose it (early
     * stopping chooses by validation figures, which then flatter the model): {@code <testDirectory>}
     * (the same class folders), {@code <testImages>}/{@code <testLabels>} for IDX, or {@code
     * <testSplit>}, a seeded, stratified fraction of the training data carved before any {@code
     * <validationSplit>}. Its figures go next to the validation figures in the reports, and {@code
     * test…} rules check them. A validation or test folder that is the training folder, or holds a
     * copy of one of its files (or the test folder of a validation file), fails the build.
     *
     * @since 0.1.0
     */
    @Parameter(required = true)
    private DatasetParameter dataset;

    /**
     * The number of passes over the training data in the head phase. Default: none, the phase trains
     * until the validation loss has not improved for 10 epochs and keeps its best epoch, at most 500
     * epochs when it trains a head from cached features of a frozen base (each such epoch costs
     * milliseconds); 5 and 100 when it trains the network on images. Set it to train a fixed number
     * of epochs (with {@code <earlyStopping>}, at most that many).
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.epochs")
    private Integer epochs;

    /**
     * The number of images per optimizer step.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.batchSize", defaultValue = "32")
    private int batchSize;

    /**
     * The learning rate of the head phase. Default: none, a learning-rate range test picks it before
     * the phase (fastai's {@code lr_find}: 100 mini-batches at rates growing from 1e-6 to 1, the
     * rate where the smoothed loss falls fastest; the parameters are then put back). On cached
     * features it costs a few head epochs; the log and {@code transfer.json} record the rate.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.learningRate")
    private Float learningRate;

    /**
     * The optimizer: {@code adam}, {@code adamw} (decoupled weight decay, default 0.01), {@code sgd}
     * (momentum, default 0.9; Nesterov's with {@code nesterov}) or {@code rmsprop} (ρ 0.9).
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.optimizer", defaultValue = "adam")
    private String optimizer;

    /**
     * The momentum of {@code sgd} (default 0.9) and {@code rmsprop} (default 0).
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.momentum")
    private Float momentum;

    /**
     * Use Nesterov's momentum with {@code sgd}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.nesterov", defaultValue = "false")
    private boolean nesterov;

    /**
     * Weight decay: an L2 penalty added to the gradient, decoupled for {@code adamw}. Default 0, and
     * 0.01 for {@code adamw}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.weightDecay")
    private Float weightDecay;

    /**
     * How the learning rate changes within each phase: {@code constant}, {@code cosine} (annealed
     * to 0) or {@code one-cycle} (up from a 25th of the rate over the warm-up, default 30% of the
     * steps, then annealed to a 10,000th).
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.schedule", defaultValue = "constant")
    private String schedule;

    /**
     * Epochs of linear learning-rate warm-up at the start of each phase; fewer than {@code epochs} and
     * than {@code fineTuning/epochs}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.warmupEpochs", defaultValue = "0")
    private int warmupEpochs;

    /**
     * Label smoothing ε in [0, 1): each target puts 1 - ε on its class and ε / classes on every
     * class. Validation loss stays plain cross-entropy.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.labelSmoothing", defaultValue = "0")
    private float labelSmoothing;

    /**
     * How much each class counts in the training loss: {@code none}, {@code balanced} (inversely to
     * its frequency in the training data) or {@code name=weight,…} (unnamed classes count 1). The loss
     * is the weighted mean as PyTorch's {@code CrossEntropyLoss(weight=…, label_smoothing=…)} computes
     * it: with label smoothing, the ε / classes share of each target is weighted by each class's own
     * weight.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.classWeights", defaultValue = "none")
    private String classWeights;

    /**
     * Stop a phase when a validation metric stops improving, and keep its best epoch: {@code
     * <metric>} ({@code validationLoss} or {@code validationAccuracy}), {@code <patience>} (default
     * 3), {@code <minDelta>} (default 0). With {@code <epochs>} set, at most that many epochs; without,
     * this rule replaces the default one (validation loss, patience 10, or 5 on images).
     *
     * @since 0.1.0
     */
    @Parameter
    private EarlyStoppingParameter earlyStopping;

    /**
     * A second phase after the head has trained: unfreeze the top of the kept base and train it with
     * the head. {@code <unfreezeAfter>} (a cut-point reference such as {@code stage2}: the blocks after
     * it are unfrozen) or {@code <lastBlocks>} (the last n kept blocks); {@code <epochs>} (default:
     * until the validation loss has not improved for 5 epochs, at most 100); {@code <learningRate>}
     * (default a tenth of the head phase's rate); {@code <trainBatchNorm>} (default false: BatchNorm
     * keeps its running statistics). The still-frozen blocks run once more, to a new feature cache.
     * If the phase never beats the head phase on validation, the archive keeps the head phase's model.
     *
     * @since 0.1.0
     */
    @Parameter
    private FineTuningParameter fineTuning;

    /**
     * Random transforms of training images (never of validation images), seeded by {@code seed}:
     * {@code <horizontalFlip>}, {@code <verticalFlip>}, {@code <rotation>} (degrees), {@code
     * <cropScale>} (random resized crop), {@code <brightness>}, {@code <contrast>}, and {@code
     * <views>}: how many augmented views of each image go into the feature cache (costs that many
     * times the caching time and cache size; every epoch replays the same views).
     *
     * @since 0.1.0
     */
    @Parameter
    private AugmentationParameter augmentation;

    /**
     * Runs the frozen base's pass over the images on Apache Spark, for data sets that outgrow one
     * machine; the head still trains here, from the features the executors computed, and the archive
     * is byte-identical to one built without Spark. {@code <master>} ({@code local[N]}, {@code
     * spark://host:7077}, {@code yarn}, {@code k8s://…}), {@code <conf>} (Spark settings by name, e.g.
     * {@code <spark.executor.memory>4g</spark.executor.memory>}), {@code <images>} (where the cluster
     * reads the training folder: {@code hdfs://…}, {@code s3a://…}, {@code file:/…}; default {@code
     * <dataset><trainDirectory>}) and {@code <output>} (a folder the executors write the features to and
     * this machine reads; default {@code target/transfer-work/spark-features}). The plugin does not
     * bring Spark: add {@code org.apache.spark:spark-sql_2.13} (4.x) to the plugin's {@code
     * <dependencies>}. Image folders only.
     *
     * @since 0.1.0
     */
    @Parameter
    private SparkParameter spark;

    /**
     * {@code <spark><master>} from the command line; with it alone, {@code -Dtransfer.spark.master=local[2]}
     * runs the frozen pass on Spark.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.spark.master")
    private String sparkMaster;

    /**
     * {@code <spark><conf>} from the command line: {@code key=value} entries separated by commas,
     * added to the POM's (e.g. {@code -Dtransfer.spark.conf=spark.executor.memory=4g}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.spark.conf")
    private String sparkConf;

    /**
     * {@code <spark><images>} from the command line.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.spark.images")
    private String sparkImages;

    /**
     * {@code <spark><output>} from the command line.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.spark.output")
    private String sparkOutput;

    /**
     * The quality gate, as {@code jacoco:check}'s rules: each {@code <rule>} has a {@code <metric>}
     * ({@code validationAccuracy}, {@code validationLoss}, {@code macroF1}, {@code recall}; with a
     * test set in {@code <dataset>} also {@code testAccuracy}, {@code testLoss}, {@code testMacroF1},
     * {@code testRecall}), a {@code <minimum>} and/or {@code <maximum>}, and for {@code recall} and
     * {@code testRecall} an optional {@code <className>}. A missed limit fails the build (see {@code
     * haltOnFailure}) with the metric, its value, the limit and the report's path. A {@code test…}
     * rule without a test set fails the build before training. Classes without images in the set
     * are left out of the macro averages and of a recall rule without {@code <className>}; a rule
     * naming such a class fails.
     *
     * @since 0.1.0
     */
    @Parameter
    private List<RuleParameter> rules;

    /**
     * Also train the same network from scratch (the base's architecture freshly initialised, the same
     * cut and head, end to end) on the same data for the same number of epochs (an {@code lbfgs}
     * head's fit counts as one; with an {@code sgd} head and no {@code <epochs>}: until its own
     * validation loss stops improving), and plot both learning curves
     * together in the report: what the pretrained layers bought. The archive is not affected.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.baseline", defaultValue = "false")
    private boolean baseline;

    /**
     * The baseline's learning rate. Default: {@code learningRate}; without either, its own range test.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.baselineLearningRate")
    private Float baselineLearningRate;

    /**
     * Fail the build when a quality rule is missed; {@code false} only warns.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.haltOnFailure", defaultValue = "true")
    private boolean haltOnFailure;

    /**
     * The seed of everything random: initialisation, shuffling, the validation split.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.seed", defaultValue = "42")
    private long seed;

    /**
     * Keep the kept part of a pretrained base frozen (inference mode, outputs cached) and train only
     * the head. With {@code false}, or with an untrained {@code <architecture>}, the whole network
     * trains end to end.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.freezeBase", defaultValue = "true")
    private boolean freezeBase;

    /**
     * For an untrained {@code <architecture>}: the input size, {@code 28} or {@code 32x28}
     * (width x height). Default: the size of the first training image. A pretrained base declares its
     * own input, to which every image is resized.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.imageSize")
    private String imageSize;

    /**
     * For an untrained {@code <architecture>}: {@code grayscale} or {@code color}. Default: that of
     * the first training image.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.colorMode")
    private String colorMode;

    /**
     * How images are fitted to the input size: {@code true} scales the shorter side to fit and crops
     * the centre (keeps the aspect ratio), {@code false} stretches. Default: as the base model's
     * archive says, else stretch. The new archive records the choice, so inference does the same.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.centerCrop")
    private Boolean centerCrop;

    /**
     * How many megabytes of cached features all of the run's live caches (training, validation, the
     * candidates of {@code <cutPoint>auto</cutPoint>}) keep in memory together, at most half of the
     * worker's heap; a cache that does not fit in what is left spills to a temporary file in {@code
     * target/transfer-work}. Spill files that a killed build left there are removed when the next
     * training starts.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.cacheMemoryMb", defaultValue = "512")
    private int cacheMemoryMb;

    /**
     * How cached features are stored: {@code float32} (default), or {@code float16}, IEEE half
     * precision, which halves the cache's memory and disk. Training still computes in float32 (rows
     * are widened when read), but every feature is rounded to 11 significant bits (a relative error
     * of at most 2^-11), so the model is not bit-identical to a float32 build's; the archive records
     * the choice and it is part of the fingerprint. A feature beyond float16's range (±65504) fails
     * the build rather than train on infinities.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.cachePrecision", defaultValue = "float32")
    private String cachePrecision;

    /**
     * The most pixels (width x height) an image file may declare in its header. A larger image fails
     * the build before it is decoded, naming the file: a file of a megabyte can declare an image that
     * takes gigabytes once decoded. Default: 64 megapixels (8192 x 8192).
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.maxImagePixels", defaultValue = "67108864")
    private long maxImagePixels;

    /**
     * The largest model, in megabytes, that may be downloaded or extracted: a model archive declaring
     * or holding more fails before it fills the disk (a crafted zip of a few megabytes can expand to
     * gigabytes). Default: 2048 MB.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.maxModelMb", defaultValue = "2048")
    private long maxModelMb;

    /**
     * The classifier of the attached model archive.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.classifier", defaultValue = "model")
    private String classifier;

    /**
     * Attach the model archive to the project, so {@code install} and {@code deploy} publish it.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.attach", defaultValue = "true")
    private boolean attach;

    /**
     * Where {@code report.html}, {@code metrics.json} and {@code validation-predictions.csv} are written.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.reportDirectory", defaultValue = "${project.build.directory}/transfer")
    private File reportDirectory;

    /**
     * The timestamp of every archive entry, as Maven's reproducible builds set it (ISO 8601 or
     * seconds since the epoch). Without it a fixed timestamp is used, so archives stay reproducible.
     *
     * @since 0.1.0
     */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /**
     * A published model archive to compare this build's with, as {@code artifact:compare} does for
     * jars: Maven coordinates {@code groupId:artifactId:version[:type[:classifier]]} (type {@code zip},
     * classifier {@code model} by default) or a path. The build logs whether the bytes are identical,
     * or which entries differ, the largest parameter difference and both models' validation
     * accuracy, and writes {@code compare.json} beside the reports; it does not fail on a difference.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.compareTo")
    private String compareTo;

    /**
     * Train even when the model archive is up to date. Without it, a build whose settings, base,
     * data files and tool versions all match the fingerprint recorded in the existing archive
     * trains nothing, attaches that archive and logs why; a build that differs logs what changed.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.force", defaultValue = "false")
    private boolean force;

    /**
     * Skip training.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    @Parameter(defaultValue = "${project.build.finalName}", readonly = true, required = true)
    private String finalName;

    private final MavenProjectHelper projectHelper;
    private final RepositorySystem repositorySystem;

    /**
     * @param projectHelper attaches the archive
     * @param repositorySystem resolves base models given by coordinates
     */
    @Inject
    public TrainMojo(MavenProjectHelper projectHelper, RepositorySystem repositorySystem) {
        this.projectHelper = projectHelper;
        this.repositorySystem = repositorySystem;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping training: transfer.skip = true");
            return;
        }
        TrainingRequest request;
        try {
            request = request();
        } catch (RuntimeException e) {
            throw UserErrors.failure(e);
        }
        String version = mojoExecution.getMojoDescriptor().getPluginDescriptor().getVersion();
        TrainingResult result;
        try {
            Worker worker = worker(request.getSpark() == null ? List.of() : SparkOptions.JAVA_OPTIONS);
            TrainJob job = new TrainJob(request, resolveArtifacts(request), version);
            result = worker.run("train", job, new MavenTrainingEvents(getLog()));
        } catch (WorkerException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw UserErrors.failure(e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the model: " + e.getMessage(), e);
        }
        if (attach && !result.rejected()) {
            projectHelper.attachArtifact(project, "zip", classifier, result.archive().toFile());
        }
        if (result.upToDate()) {
            getLog().info(String.format(Locale.ROOT, "Kept %s: validation accuracy %.4f, loss %.4f, macro F1 %.4f"
                    + "%s when it was trained; SHA-256 %s", result.archive().getFileName(), result.validationAccuracy(),
                    result.validationLoss(), result.macroF1(), testFigures(result), result.archiveSha256()));
            QualityGates.apply(result.gate(), result.report(), haltOnFailure, getLog());
            return;
        }
        getLog().info("Report: " + result.report());
        getLog().info(String.format(Locale.ROOT,
                "Trained %s: validation accuracy %.4f, loss %.4f, macro F1 %.4f%s; %.1f s caching, %.1f s training;"
                        + " SHA-256 %s",
                result.archive().getFileName(), result.validationAccuracy(), result.validationLoss(), result.macroF1(),
                testFigures(result), result.cacheSeconds(), result.trainSeconds(), result.archiveSha256()));
        QualityGates.apply(result.gate(), result.report(), haltOnFailure, getLog(),
                result.rejected() ? rejection(result.archive(), request.getArchiveFile()) : null);
    }

    /**
     * Resolves the coordinates the request names with Maven, before the worker starts: the worker has
     * no Maven.
     */
    private ResolvedArtifacts resolveArtifacts(TrainingRequest request) {
        MavenArtifactResolver maven = new MavenArtifactResolver(repositorySystem, session.getRepositorySession(),
                project.getRemoteProjectRepositories());
        ResolvedArtifacts artifacts = new ResolvedArtifacts(Map.of());
        if (request.getBaseModel().kind() == BaseModelSpec.Kind.ARTIFACT) {
            artifacts = artifacts.with(request.getBaseModel().location(), "<baseModel><artifact>", maven);
        }
        if (request.getCompareTo() != null && ModelCoordinates.looksLike(request.getCompareTo())) {
            artifacts = artifacts.with(request.getCompareTo(), "<compareTo>", maven);
        }
        return artifacts;
    }

    /** @return e.g. {@code ; test accuracy 0.9100, loss 0.3012, macro F1 0.9050}, or nothing without a test set */
    private static String testFigures(TrainingResult result) {
        return result.test() == null ? "" : "; " + result.test().describe();
    }

    /** What the failure says became of a rejected model, and of the archive it did not replace. */
    static String rejection(Path rejected, Path archive) {
        return "The model was not attached: it is kept as " + rejected + " for inspection; "
                + (Files.exists(archive) ? archive + " (the last model built) is left as it was."
                        : "no " + archive.getFileName() + " was written.");
    }

    private TrainingRequest request() {
        if (baseModel == null) {
            throw new ConfigurationException("baseModel", "is required: <artifact>, <path>, <url> or <architecture>");
        }
        if (dataset == null) {
            throw new ConfigurationException("dataset", "is required");
        }
        Path build = buildDirectory.toPath();
        TrainingRequest.Builder builder = TrainingRequest.builder()
                .setBaseModel(baseModel.toSpec())
                .setDataset(dataset.toSpec())
                .setArchiveFile(build.resolve(finalName + "-" + classifier + ".zip"))
                .setReportDirectory(reportDirectory.toPath())
                .setWorkDirectory(build.resolve("transfer-work"))
                .optCutPoint(cutPoint)
                .optEpochs(epochs)
                .optBatchSize(batchSize)
                .optLearningRate(learningRate)
                .optOptimizer(OptimizerKind.parse(optimizer))
                .optMomentum(momentum)
                .optNesterov(nesterov)
                .optWeightDecay(weightDecay)
                .optSchedule(ScheduleKind.parse(schedule))
                .optWarmupEpochs(warmupEpochs)
                .optLabelSmoothing(labelSmoothing)
                .optClassWeights(ClassWeights.parse(classWeights))
                .optEarlyStopping(earlyStopping == null ? null : earlyStopping.toEarlyStopping())
                .optFineTuning(fineTuning == null ? null : fineTuning.toFineTuning())
                .optAugmentation(augmentation == null ? Augmentation.none() : augmentation.toAugmentation())
                .optBaseline(baseline)
                .optBaselineLearningRate(baselineLearningRate)
                .optRules(rules == null ? List.of() : rules.stream().map(RuleParameter::toRule).toList())
                .optHaltOnFailure(haltOnFailure)
                .optForce(force)
                .optCompareTo(compareTo)
                .optSeed(seed)
                .optFreezeBase(freezeBase)
                .optCenterCrop(centerCrop)
                .optCacheMemoryBytes((long) cacheMemoryMb << 20)
                .optCachePrecision(CachePrecision.parse(cachePrecision))
                .optMaxImagePixels(maxImagePixels)
                .optModelLimits(ExtractionLimits.ofMegabytes(maxModelMb))
                .optOutputTimestamp(parseTimestamp(outputTimestamp, timestampSource()))
                .optModelName(project.getArtifactId())
                .optNumerics(numerics())
                .optDevice(device())
                .optSpark(sparkOptions());
        if (head != null) {
            head.getLayers().forEach(layer -> builder.addHiddenLayer(layer.toHiddenLayer()));
            builder.optHeadSolver(HeadSolver.parse(head.getSolver()));
        }
        int[] size = InputParameters.size(imageSize);
        Boolean grayscale = InputParameters.grayscale(colorMode);
        Integer width = size == null ? null : size[0];
        Integer height = size == null ? null : size[1];
        builder.optInput(width, height, grayscale);
        return builder.build();
    }

    /**
     * Which setting the timestamp came from, for a message: Maven's property, unless the plugin's
     * {@code <outputTimestamp>} gives another value.
     */
    private String timestampSource() {
        String property = project.getProperties().getProperty("project.build.outputTimestamp");
        return property != null && property.equals(outputTimestamp) ? "project.build.outputTimestamp"
                : "outputTimestamp";
    }

    /**
     * Reads Maven's {@code project.build.outputTimestamp}: ISO 8601, or seconds since the epoch.
     *
     * @param value the value
     * @param source the setting it came from, named when it is invalid
     * @return the instant, or null when unset
     */
    static Instant parseTimestamp(String value, String source) {
        if (value == null || value.trim().length() < 2) {
            return null; // Maven's convention: unset or a single character disables it
        }
        String text = value.trim();
        try {
            if (text.matches("\\d+")) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ConfigurationException(source,
                    "'" + value + "' is neither ISO 8601 (2026-01-01T00:00:00Z) nor seconds since the epoch");
        }
    }

    /** {@code <spark>} and its command-line form (which wins, setting by setting), or null without either. */
    private SparkOptions sparkOptions() {
        if (spark == null && sparkMaster == null) {
            return null;
        }
        SortedMap<String, String> conf = new TreeMap<>();
        if (spark != null && spark.getConf() != null) {
            conf.putAll(spark.getConf());
        }
        conf.putAll(SparkOptions.parseConf(sparkConf));
        return new SparkOptions(sparkMaster != null ? sparkMaster : spark.getMaster(), conf,
                sparkImages != null ? sparkImages : spark == null ? null : spark.getImages(),
                sparkOutput != null ? sparkOutput : spark == null ? null : spark.getOutput());
    }
}
