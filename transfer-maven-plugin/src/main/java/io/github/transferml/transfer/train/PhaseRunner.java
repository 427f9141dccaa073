package io.github.transferml.transfer.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.github.transferml.transfer.augment.ImageAugmenter;
import io.github.transferml.transfer.cache.CacheBudget;
import io.github.transferml.transfer.cache.FeatureCache;
import io.github.transferml.transfer.cache.FeatureExtractor;
import io.github.transferml.transfer.cache.StreamedRows;
import io.github.transferml.transfer.cache.TrainingRows;
import io.github.transferml.transfer.cluster.Cluster;
import io.github.transferml.transfer.cluster.ClusterPass;
import io.github.transferml.transfer.cluster.FrozenPrefix;
import io.github.transferml.transfer.config.EarlyStopping;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.data.ImagePreprocessor;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.data.TrainValidation;
import java.util.List;
import java.util.Locale;

/**
 * Runs any {@link TrainingPhase} the same way: cache what the phase's frozen prefix computes, or
 * stream the images every epoch when the phase trains from pixels (or the prefix's output is no
 * smaller than the image), then train the phase's block from those rows with a {@link
 * MiniBatchTrainer}. What
 * every phase shares (data, labels, loss, optimizer, batch size, seed, augmentation) is fixed here
 * once per run.
 */
final class PhaseRunner {

    /** Called between caching and training, while the caches are open. */
    @FunctionalInterface
    interface CacheListener {
        /** Does nothing. */
        CacheListener NONE = (trainRows, validationRows, seconds) -> {};

        /**
         * @param trainRows the training rows, cached or streamed
         * @param validationRows the validation rows
         * @param seconds the time caching took
         */
        void cached(TrainingRows trainRows, TrainingRows validationRows, double seconds);
    }

    private final TrainingRequest request;
    private final TrainValidation data;
    private final ImagePreprocessor preprocessor;
    private final ImageAugmenter augmenter;
    private final int[] trainRowLabels;
    private final int[] validationLabels;
    private final float[] classWeights;
    private final TrainingEvents events;
    private final CacheBudget cacheBudget;
    /** The cluster that runs {@link #clusterBlock}'s pass, or null. */
    private Cluster cluster;
    private Block clusterBlock;
    private FrozenPrefix clusterPrefix;

    /**
     * Fixes what all phases of a run share, and says whether training images are augmented.
     *
     * @param request the request
     * @param data the images
     * @param input how images become input
     * @param events receives progress
     */
    PhaseRunner(TrainingRequest request, TrainValidation data, InputSpec input, TrainingEvents events) {
        this.request = request;
        this.data = data;
        this.events = events;
        cacheBudget = CacheBudget.forRun(request.getCacheMemoryBytes(), Runtime.getRuntime().maxMemory(), events::warn);
        preprocessor = new ImagePreprocessor(input);
        augmenter = request.getAugmentation().isEnabled() ? new ImageAugmenter(request.getAugmentation()) : null;
        if (augmenter != null) {
            events.info("Augmentation of training images: " + request.getAugmentation().describe());
        }
        int[] trainLabels = labels(data.train());
        trainRowLabels = repeat(trainLabels, augmenter == null ? 1 : request.getAugmentation().getCachedViews());
        validationLabels = labels(data.validation());
        classWeights = request.getLossOptions().classWeights().isNone() ? null
                : request.getLossOptions().classWeights().resolve(data.classNames(), trainLabels);
    }

    /**
     * Runs the pass of one frozen block on a cluster instead of here: the head phase's, whose pass
     * over every image is the build's expensive part. Other phases (fine-tuning, a baseline) run here.
     *
     * @param cluster the cluster
     * @param block the frozen block, as the phase holds it
     * @param prefix the same block as executors rebuild it
     */
    void runOnCluster(Cluster cluster, Block block, FrozenPrefix prefix) {
        this.cluster = cluster;
        this.clusterBlock = block;
        this.clusterPrefix = prefix;
    }

    /** @return what all of the run's live caches may hold in memory, shared by every phase and the test scoring */
    CacheBudget cacheBudget() {
        return cacheBudget;
    }

    /** @return the validation images' labels, in order */
    int[] validationLabels() {
        return validationLabels;
    }

    /**
     * Runs one phase on a model the caller owns (the head's must outlive the phase: the archive is
     * written from its parameters).
     *
     * @param model the model; its block becomes the phase's
     * @param phase the phase
     * @param listener told when the caches are built
     * @return what the phase gave
     */
    PhaseResult run(Model model, TrainingPhase phase, CacheListener listener) {
        TrainingEvents phaseEvents = prefixed(phase.kind().logPrefix());
        model.setBlock(phase.block());
        String streamed = whyStreamed(phase, preprocessor.getSpec().imageShape());
        long cacheStart = System.nanoTime();
        try (NDManager manager = model.getNDManager().newSubManager();
                TrainingRows trainRows = rows(manager, phase, streamed, data.train(), "training data", augmenter,
                        phaseEvents);
                TrainingRows validationRows = rows(manager, phase, streamed, data.validation(), "validation data",
                        null, phaseEvents)) {
            if (streamed != null) {
                int views = augmenter == null ? 1 : request.getAugmentation().getCachedViews();
                phaseEvents.info(String.format(Locale.ROOT, "Streaming %,d training and %,d validation images every"
                        + " epoch, prepared on %d thread%s, nothing cached: %s%s", data.train().size(),
                        data.validation().size(), FeatureExtractor.preparingThreads(),
                        FeatureExtractor.preparingThreads() == 1 ? "" : "s", streamed, augmenter == null ? ""
                                : String.format(Locale.ROOT, "; each epoch draws %s of every training image",
                                        views == 1 ? "a fresh augmented view" : views + " fresh augmented views")));
            }
            double cacheSeconds = (System.nanoTime() - cacheStart) / 1e9;
            listener.cached(trainRows, validationRows, cacheSeconds);
            long trainStart = System.nanoTime();
            return train(model, phase, trainRows, validationRows, phaseEvents, cacheSeconds, trainStart);
        }
    }

    /**
     * Rows cached in one pass for each output of a frozen block, the same images and augmented
     * views a phase's own cache holds.
     *
     * @param train per output, the training rows
     * @param validation per output, the validation rows
     * @param seconds the time the pass took
     */
    record Caches(List<FeatureCache> train, List<FeatureCache> validation, double seconds) implements AutoCloseable {

        /** Closes every cache. */
        @Override
        public void close() {
            train.forEach(FeatureCache::close);
            validation.forEach(FeatureCache::close);
        }
    }

    /**
     * Caches, in one pass over the images, each output of a frozen block with several (the cut
     * selection's tapped base): the rows are laid out, and the training images augmented, exactly
     * as {@link #run} does for a phase.
     *
     * @param manager holds temporary arrays
     * @param frozen the frozen block
     * @param rowShapes the shape of one row of each output
     * @param label names the pass in progress lines
     * @return the caches, which the caller closes
     */
    Caches cacheEach(NDManager manager, Block frozen, List<Shape> rowShapes, String label) {
        FeatureExtractor extractor = new FeatureExtractor(preprocessor, frozen, rowShapes,
                request.getCachePrecision(), cacheBudget, request.getOutputOptions().workDirectory(), events::info);
        long start = System.nanoTime();
        List<FeatureCache> train = extractor.extractEach(manager, data.train(), "training data" + label, augmenter,
                request.getSeed());
        try {
            List<FeatureCache> validation = extractor.extractEach(manager, data.validation(),
                    "validation data" + label, null, 0);
            return new Caches(train, validation, (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            train.forEach(FeatureCache::close);
            throw e;
        }
    }

    /**
     * Runs a phase on rows cached before (by {@link #cacheEach}), so its frozen prefix does not run
     * again; the caller keeps the caches.
     *
     * @param model the model; its block becomes the phase's
     * @param phase the phase; its row shape is the cached rows'
     * @param trainRows the training rows
     * @param validationRows the validation rows
     * @param cacheSeconds the time caching took, for the phase's figures
     * @param listener told before training, as after a phase's own caching
     * @return what the phase gave
     */
    PhaseResult runOnCached(Model model, TrainingPhase phase, FeatureCache trainRows, FeatureCache validationRows,
            double cacheSeconds, CacheListener listener) {
        model.setBlock(phase.block());
        listener.cached(trainRows, validationRows, cacheSeconds);
        return train(model, phase, trainRows, validationRows, prefixed(phase.kind().logPrefix()), cacheSeconds,
                System.nanoTime());
    }

    /**
     * Why a phase reads its rows from the images every epoch instead of a cache, or null when it
     * caches. A phase whose first trained block reads pixels always streams: a cache of images holds
     * the data set decoded to floats (602 KB per 224 x 224 colour image), and would fix the augmented
     * views. Fine-tuning caches the still-frozen blocks' output only when it is smaller than the
     * image it replaces (ResNet-50's at stage2 is 1.6 MB); otherwise they run again every epoch,
     * a fraction of what the unfrozen blocks cost forward and backward. The head phase always caches
     * its frozen base's output: the base is most of a build's work, and running it every epoch
     * would multiply the build's time by the epochs (the free-disk check guards a large cache).
     *
     * @param phase the phase
     * @param imageShape the shape of one preprocessed image
     * @return the reason for the log, or null
     */
    static String whyStreamed(TrainingPhase phase, Shape imageShape) {
        if (phase.frozenPrefix() == null) {
            return "the first trained block reads pixels";
        }
        if (phase.kind() != TrainingPhase.Kind.FINE_TUNING || phase.rowShape().size() < imageShape.size()) {
            return null;
        }
        return String.format(Locale.ROOT, "the frozen blocks' output, %s, is no smaller than the image, %s, so they"
                + " run again every epoch (in inference mode)", phase.rowShape(), imageShape);
    }

    /** A phase's rows of some images: streamed for the reason given, or cached. */
    private TrainingRows rows(NDManager manager, TrainingPhase phase, String streamed, LabeledImages images,
            String what, ImageAugmenter viewsOf, TrainingEvents phaseEvents) {
        if (streamed != null) {
            return new StreamedRows(images, viewsOf, request.getSeed(), preprocessor, phase.frozenPrefix(),
                    phase.rowShape(), manager.getEngine().getEngineName(), FeatureExtractor.preparingThreads());
        }
        if (cluster != null && phase.frozenPrefix() == clusterBlock) {
            return cluster.extract(new ClusterPass(clusterPrefix, images, phase.kind().cacheLabel(what),
                    preprocessor.getSpec(), request.getInputOptions().pixelLimit(),
                    viewsOf == null ? null : request.getAugmentation(), viewsOf == null ? 0 : request.getSeed(),
                    manager.getEngine().getEngineName(), request.getCachePrecision(), cacheBudget,
                    request.getOutputOptions().workDirectory(), phaseEvents::info)).get(0);
        }
        FeatureExtractor extractor = new FeatureExtractor(preprocessor, phase.frozenPrefix(), phase.rowShape(),
                request.getCachePrecision(), cacheBudget, request.getOutputOptions().workDirectory(),
                phaseEvents::info);
        return extractor.extract(manager, images, phase.kind().cacheLabel(what), viewsOf,
                viewsOf == null ? 0 : request.getSeed());
    }

    /** Trains the model's block on its rows: the rate, the epochs, and the guard against a worse phase. */
    private PhaseResult train(Model model, TrainingPhase phase, TrainingRows trainRows, TrainingRows validationRows,
            TrainingEvents phaseEvents, double cacheSeconds, long trainStart) {
        if (phase.solver() == HeadSolver.LBFGS) {
            if (!(trainRows instanceof FeatureCache train && validationRows instanceof FeatureCache validation)) {
                throw new IllegalStateException("an exact fit needs cached rows");
            }
            return fitExactly(model, phase, train, validation, phaseEvents, cacheSeconds, trainStart);
        }
        int batchSize = request.getBatchSize();
        boolean dropLast = phase.batchNormTrains() && trainRows.rows() > batchSize;
        int stepsPerEpoch = dropLast ? trainRows.rows() / batchSize : (trainRows.rows() + batchSize - 1) / batchSize;
        Loss loss = trainingLoss();
        LearningRateFinder.Result found = null;
        float rate;
        if (phase.learningRate() != null) {
            rate = phase.learningRate();
        } else {
            found = LearningRateFinder.find(model, loss, request.getOptimizerOptions(), phase.rowShape(), trainRows,
                    trainRowLabels, batchSize, request.getSeed() + phase.firstEpoch() - 1, phase.firstEpoch() - 1);
            rate = found.rate();
            phaseEvents.info("Learning rate from a range test: " + found.describe());
        }
        Tracker schedule = new LearningRateSchedule(phase.schedule().kind(), rate, phase.epochs() * stepsPerEpoch,
                phase.schedule().warmupEpochs() * stepsPerEpoch);
        // Only a phase left to converge lowers its rate on a plateau; fixed epochs keep the POM's schedule.
        PlateauRate plateau = phase.length().untilConverged() ? new PlateauRate(schedule) : null;
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(OptimizerFactory.create(
                request.getOptimizerOptions(), plateau != null ? plateau : schedule));
        EarlyStopping rule = phase.length().stopping();
        try (Trainer trainer = model.newTrainer(config);
                EarlyStopper stopper = rule == null ? null
                        : new EarlyStopper(rule, model.getBlock(), model.getNDManager());
                ParameterSnapshot before = phase.mustBeat() == null ? null
                        : new ParameterSnapshot(model.getBlock(), model.getNDManager())) {
            trainer.initialize(new Shape(batchSize).addAll(phase.rowShape()));
            if (before != null) {
                before.take();
            }
            // Each phase shuffles with its own stream, so adding a phase does not change the first.
            MiniBatchTrainer loop = new MiniBatchTrainer(trainer, batchSize, dropLast,
                    request.getSeed() + phase.firstEpoch() - 1, phaseEvents);
            MiniBatchTrainer.Fit fit = loop.fit(trainRows, trainRowLabels, validationRows, validationLabels,
                    phase.epochs(), phase.firstEpoch(), phase.totalEpochs(), stopper, plateau);
            if (phase.length().untilConverged() && !fit.stoppedEarly()) {
                phaseEvents.warn(String.format(Locale.ROOT, "Still improving after %d epochs, the most a phase runs"
                        + " without <epochs>; set <epochs> (with <earlyStopping>) to train longer.", phase.epochs()));
            }
            double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
            PhaseResult previous = phase.mustBeat();
            if (previous != null && !beats(fit.selected(), previous.selected(), rule)) {
                before.restore(); // the caller says so: it knows what the phases are to the user
                return new PhaseResult(fit.history(), previous.validation(), previous.selected(), rate, found, null,
                        fit.stoppedEarly(), true, cacheSeconds, trainSeconds, trainRows.isSpilled());
            }
            return new PhaseResult(fit.history(), fit.validation(), fit.selected(), rate, found, null, fit.stoppedEarly(),
                    false, cacheSeconds, trainSeconds, trainRows.isSpilled());
        }
    }

    /**
     * Fits a linear head exactly on cached rows ({@link LinearProbe}), puts its weights into the
     * head's classifier, and scores the head through the engine as a trained phase is scored: one
     * "epoch" whose figures are the chosen fit's.
     */
    private PhaseResult fitExactly(Model model, TrainingPhase phase, FeatureCache trainRows,
            FeatureCache validationRows, TrainingEvents phaseEvents, double cacheSeconds, long trainStart) {
        int batchSize = request.getBatchSize();
        int classes = data.classNames().size();
        EarlyStopping.Metric metric = comparedOn(phase);
        LinearProbe.Result probe;
        try (NDManager scope = model.getNDManager().newSubManager()) {
            LinearProbe.Rows train = LinearProbe.vectors(scope, trainRows, trainRowLabels);
            LinearProbe.Rows validation = LinearProbe.vectors(scope, validationRows, validationLabels);
            phaseEvents.info(String.format(Locale.ROOT, "Fitting the linear head exactly: %s, on %d vectors of %d"
                    + " features", HeadSolver.LBFGS.describe(), train.count(), train.dimension()));
            probe = new LinearProbe(classes, request.getLossOptions().labelSmoothing(), classWeights, metric)
                    .fit(train, validation, step -> phaseEvents.info(step.describe()));
        }
        // Fine-tuning takes a tenth of the head's rate: without one in the POM, the rate a range test
        // finds for this head, as for one trained by steps (the test puts the parameters back).
        Float rate = phase.learningRate();
        LearningRateFinder.Result found = null;
        if (rate == null && phase.kind() == TrainingPhase.Kind.HEAD && request.getFineTuning() != null
                && request.getFineTuning().learningRate() == null) {
            found = LearningRateFinder.find(model, trainingLoss(), request.getOptimizerOptions(), phase.rowShape(),
                    trainRows, trainRowLabels, batchSize, request.getSeed(), 0);
            rate = found.rate();
            phaseEvents.info("Learning rate a range test finds for the head, a tenth of which fine-tuning takes: "
                    + found.describe());
        }
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
            trainer.initialize(new Shape(batchSize).addAll(phase.rowShape())); // only scores: nothing steps
            LinearProbe.setClassifier(model.getBlock(), probe);
            MiniBatchTrainer scorer = new MiniBatchTrainer(trainer, batchSize, false, request.getSeed(), phaseEvents);
            Evaluation validation = scorer.evaluate(validationRows, validationLabels);
            double seconds = (System.nanoTime() - trainStart) / 1e9;
            EpochMetrics metrics = new EpochMetrics(phase.firstEpoch(), phase.totalEpochs(),
                    probe.chosen().trainLoss(), probe.chosen().trainAccuracy(), validation.loss(),
                    validation.accuracy(), trainRows.rows() / seconds, seconds);
            phaseEvents.info("Chose " + probe.describe());
            phaseEvents.epoch(metrics);
            return new PhaseResult(List.of(metrics), validation, metrics, rate, found, probe, false, false,
                    cacheSeconds, seconds, trainRows.isSpilled());
        }
    }

    /** The run's training loss: plain cross-entropy, or with label smoothing and class weights. */
    private Loss trainingLoss() {
        float labelSmoothing = request.getLossOptions().labelSmoothing();
        return labelSmoothing == 0 && classWeights == null ? Loss.softmaxCrossEntropyLoss()
                : new ClassificationLoss(labelSmoothing, classWeights);
    }

    /** The metric that compares phases: the phase's stopping metric, validation loss without one. */
    static EarlyStopping.Metric comparedOn(TrainingPhase phase) {
        EarlyStopping rule = phase.length().stopping();
        return rule == null ? EarlyStopping.Metric.VALIDATION_LOSS : rule.metric();
    }

    /** Whether a phase's chosen epoch is better than the one before's. */
    private static boolean beats(EpochMetrics candidate, EpochMetrics previous, EarlyStopping rule) {
        EarlyStopping.Metric metric = rule == null ? EarlyStopping.Metric.VALIDATION_LOSS : rule.metric();
        double value = EarlyStopper.valueOf(metric, candidate);
        double before = EarlyStopper.valueOf(metric, previous);
        return metric.better(value, before);
    }

    /** The run's events, each line led by the phase's word ("Baseline: …", "Baseline Epoch 1/5: …"). */
    private TrainingEvents prefixed(String prefix) {
        return prefix == null ? events : events.prefixed(prefix);
    }

    /** The labels of cached rows: each image's label once per view, as {@link FeatureExtractor} lays rows out. */
    private static int[] repeat(int[] labels, int times) {
        int[] out = new int[labels.length * times];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i / times];
        }
        return out;
    }

    private static int[] labels(LabeledImages images) {
        return images.images().stream().mapToInt(LabeledImage::label).toArray();
    }
}
