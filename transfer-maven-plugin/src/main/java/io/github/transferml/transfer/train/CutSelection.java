package io.github.transferml.transfer.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.architecture.BaseArchitecture;
import io.github.transferml.transfer.cache.FeatureCache;
import io.github.transferml.transfer.cache.TappedBase;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.FineTuning;
import io.github.transferml.transfer.config.PhaseLength;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.cut.AutoCut;
import io.github.transferml.transfer.cut.CutChoice;
import io.github.transferml.transfer.cut.CutOption;
import io.github.transferml.transfer.cut.CutPoint;
import io.github.transferml.transfer.cut.CutPointException;
import io.github.transferml.transfer.cut.CutTrial;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.engine.DjlEnvironment;
import io.github.transferml.transfer.head.HeadDesign;
import io.github.transferml.transfer.source.BaseModel;
import io.github.transferml.transfer.source.BaseModelLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stage behind {@code <cutPoint>auto</cutPoint>}: one frozen pass through the base, up to the
 * deepest candidate, caches every candidate's features pooled as the head pools them; a head of
 * the POM's design is fitted on each, as the head phase trains (rate, length, schedule); the best
 * on validation is chosen. A head begins with those same parameter-free steps, so the chosen
 * candidate's cache is the head phase's input as it is: the base runs once for the whole choice.
 */
final class CutSelection {

    private static final String LOG = "Cut point auto: ";

    private final TrainingRequest request;
    private final PhaseRunner runner;
    private final TrainingEvents events;

    /**
     * @param request the request; its cut point is {@code auto} or {@code auto:…}
     * @param runner runs the candidates' heads, as it runs every phase
     * @param events receives progress and the table
     */
    CutSelection(TrainingRequest request, PhaseRunner runner, TrainingEvents events) {
        this.request = request;
        this.runner = runner;
        this.events = events;
    }

    /**
     * The chosen cut, with its cached pooled features, open for the head phase.
     *
     * @param cut the chosen place
     * @param choice every candidate's figures
     * @param featureShape the cut's output for one image, before pooling
     * @param rowShape the pooled features' shape
     * @param trainRows the training rows
     * @param validationRows the validation rows
     * @param cacheSeconds the time the shared pass took
     */
    record Selected(CutOption cut, CutChoice choice, Shape featureShape, Shape rowShape, FeatureCache trainRows,
            FeatureCache validationRows, double cacheSeconds) implements AutoCloseable {

        /**
         * Seeds the engine and initialises a head at the cut's feature shape, as every candidate's head
         * was: the head phase then starts where the chosen candidate's head started.
         *
         * @param request the request
         * @param head the whole head, pooling included
         * @param manager owns the parameters
         */
        void initializeHead(TrainingRequest request, SequentialBlock head, NDManager manager) {
            CutSelection.initializeHead(request, head, featureShape, manager);
        }

        /** Closes the caches. */
        @Override
        public void close() {
            trainRows.close();
            validationRows.close();
        }
    }

    /**
     * Tries every candidate and chooses one.
     *
     * @param base the base
     * @param input the input
     * @param classes the number of classes
     * @return the chosen cut and its caches, which the caller closes
     * @throws ConfigurationException if the base is not frozen, or a candidate leaves fine-tuning no room
     * @throws CutPointException if the candidates are invalid
     */
    Selected select(BaseModel base, InputSpec input, int classes) {
        if (!request.isFreezeBase() || !base.pretrained()) {
            throw new ConfigurationException("cutPoint", "auto compares heads on the features of a frozen pretrained"
                    + " base, but this base trains end to end (" + (base.pretrained() ? "freezeBase is false"
                    : "it is untrained") + "). Name a cut point.");
        }
        AutoCut auto = AutoCut.parse(request.getCutPoint());
        Map<String, Integer> aliases = BaseArchitecture.cutAliases(base.recipe());
        List<AutoCut.Candidate> candidates = leaveRoomForFineTuning(auto,
                auto.resolve(base.network(), input.imageShape(), aliases), base, input, aliases);
        List<HeadDesign> designs = new ArrayList<>();
        List<Block> poolers = new ArrayList<>();
        List<List<Integer>> paths = new ArrayList<>();
        List<Shape> outputShapes = new ArrayList<>();
        for (AutoCut.Candidate candidate : candidates) {
            HeadDesign design = HeadDesign.of(candidate.option().outputShape().slice(1), request.getHiddenLayers(),
                    classes);
            designs.add(design);
            poolers.add(design.buildVectorizer());
            paths.add(candidate.option().path());
            outputShapes.add(candidate.option().outputShape());
        }
        TappedBase tapped = new TappedBase(base.network(), paths, poolers, outputShapes);
        events.info(LOG + "trying " + String.join(", ", candidates.stream().map(AutoCut.Candidate::cutPoint).toList())
                + "; one pass through the base, up to " + candidates.get(candidates.size() - 1).option().name()
                + ", caches each one's pooled features");
        List<CutTrial> trials = new ArrayList<>();
        PhaseRunner.Caches caches;
        try (NDManager manager = NDManager.newBaseManager(BaseModelLoader.ENGINE)) {
            caches = runner.cacheEach(manager, tapped, tapped.rowShapes(), TrainingPhase.Kind.CUT_CANDIDATE
                    .cacheLabel(""));
        }
        try {
            PhaseLength length = request.getHeadSolver().headLength(request.getEpochs(), request.getEarlyStopping(),
                    true);
            for (int i = 0; i < candidates.size(); i++) {
                trials.add(fit(candidates.get(i), designs.get(i), tapped.rowShapes().get(i), length,
                        caches.train().get(i), caches.validation().get(i), caches.seconds()));
            }
        } catch (RuntimeException e) {
            caches.close();
            throw e;
        }
        CutChoice choice = new CutChoice(trials);
        for (CutTrial trial : trials) {
            events.info(LOG + trial.describe());
        }
        events.info(choice.describe());
        int chosen = trials.indexOf(choice.chosen());
        for (int i = 0; i < trials.size(); i++) {
            if (i != chosen) {
                caches.train().get(i).close();
                caches.validation().get(i).close();
            }
        }
        return new Selected(candidates.get(chosen).option(), choice,
                candidates.get(chosen).option().outputShape().slice(1), tapped.rowShapes().get(chosen),
                caches.train().get(chosen), caches.validation().get(chosen), caches.seconds());
    }

    /** Fits one candidate's head on its pooled features. */
    private CutTrial fit(AutoCut.Candidate candidate, HeadDesign design, Shape rowShape, PhaseLength length,
            FeatureCache trainRows, FeatureCache validationRows, double cacheSeconds) {
        CutOption option = candidate.option();
        events.info(String.format(Locale.ROOT, "%sa head on %s (after %s): %s pooled to %s", LOG,
                candidate.cutPoint(), option.name(), option.outputShape().slice(1), rowShape));
        long start = System.nanoTime();
        String name = TrainingPhase.Kind.CUT_CANDIDATE.modelName(request.getOutputOptions().modelName());
        try (Model model = Model.newInstance(name, BaseModelLoader.ENGINE)) {
            SequentialBlock head = design.build();
            TrainingPhase phase = TrainingPhase.cutCandidate(design.afterVector(head), rowShape,
                    request.getOptimizerOptions().learningRate(), length, request.getScheduleOptions(),
                    request.getHeadSolver());
            PhaseResult result = runner.runOnCached(model, phase, trainRows, validationRows, cacheSeconds,
                    (train, validation, seconds) -> initializeHead(request, head, option.outputShape().slice(1),
                            model.getNDManager()));
            return new CutTrial(candidate.cutPoint(), option, rowShape.size(), result.validation().accuracy(),
                    result.validation().loss(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** The same seed and shape for every candidate's head and the head phase's: equal inputs give equal heads. */
    private static void initializeHead(TrainingRequest request, SequentialBlock head, Shape featureShape,
            NDManager manager) {
        DjlEnvironment.seed(request.getSeed());
        head.initialize(manager, DataType.FLOAT32, new Shape(request.getBatchSize()).addAll(featureShape));
    }

    /**
     * Fine-tuning unfreezes blocks the cut keeps, so every candidate must keep them: plain {@code auto}
     * leaves out the stage ends that do not, a list that names one fails.
     */
    private List<AutoCut.Candidate> leaveRoomForFineTuning(AutoCut auto, List<AutoCut.Candidate> candidates,
            BaseModel base, InputSpec input, Map<String, Integer> aliases) {
        FineTuning tuning = request.getFineTuning();
        if (tuning == null) {
            return candidates;
        }
        int mustKeep;
        String reason;
        if (tuning.lastBlocks() != null) {
            mustKeep = tuning.lastBlocks();
            reason = "fineTuning.lastBlocks unfreezes the last " + mustKeep;
        } else {
            CutOption after;
            try {
                after = CutPoint.parse(tuning.unfreezeAfter()).resolve(base.network(), input.imageShape(), aliases);
            } catch (CutPointException e) {
                throw new ConfigurationException("fineTuning.unfreezeAfter", e.getMessage());
            }
            mustKeep = after.index() + 1;
            reason = "fineTuning.unfreezeAfter '" + tuning.unfreezeAfter() + "' (" + after.keep()
                    + ") unfreezes the blocks after it";
        }
        List<AutoCut.Candidate> kept = new ArrayList<>();
        for (AutoCut.Candidate candidate : candidates) {
            if (candidate.option().index() >= mustKeep) {
                kept.add(candidate);
            } else if (!auto.isDefault()) {
                throw new ConfigurationException("cutPoint", String.format(Locale.ROOT, "'%s' lists %s, which keeps"
                        + " %d blocks, but %s: every candidate must keep more. List later cut points, or fine-tune"
                        + " fewer blocks.", auto.getText(), candidate.cutPoint(), candidate.option().index(), reason));
            } else {
                events.info(LOG + "leaving out " + candidate.cutPoint() + ", which keeps " + candidate.option().index()
                        + " blocks: " + reason);
            }
        }
        if (kept.size() < 2) {
            throw new ConfigurationException("cutPoint", "auto has " + kept.size() + " stage end"
                    + (kept.size() == 1 ? "" : "s") + " left after the fine-tuning blocks (" + reason + "): list the"
                    + " candidates, e.g. auto:a,b, or fine-tune fewer blocks.");
        }
        return kept;
    }
}
