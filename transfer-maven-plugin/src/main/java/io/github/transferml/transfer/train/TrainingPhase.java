package io.github.transferml.transfer.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.PhaseLength;
import io.github.transferml.transfer.config.ScheduleOptions;
import java.util.Objects;

/**
 * One training phase as a value: what trains, from which cache, how fast and for how long. The
 * head phase, the fine-tuning phase and the from-scratch baseline are three of these for one
 * {@link PhaseRunner}.
 *
 * @param kind which phase, for names and log lines
 * @param block the block that trains: the model's whole block
 * @param frozenPrefix the frozen blocks whose output is cached once (or streamed, when it is no smaller
 *     than the image), or null: the phase trains from the images, streamed every epoch
 * @param rowShape the shape of one row (the prefix's output, or the image)
 * @param learningRate the phase's learning rate, or null to find one with a range test
 * @param length how many epochs the phase runs, and what may stop it sooner
 * @param firstEpoch the number of the phase's first epoch in the whole run, from 1
 * @param totalEpochs the epochs of the whole run, as the log counts them
 * @param schedule the learning-rate schedule within the phase, warm-up included
 * @param batchNormTrains whether BatchNorm layers of the trained base blocks use batch statistics
 * @param mustBeat the phase before, which this one must beat on validation or have its parameters put
 *     back (fine-tuning keeps the head's model when it never helps), or null
 * @param solver how the block is fitted: mini-batch steps, or exactly (a linear head on cached features)
 */
record TrainingPhase(Kind kind, Block block, SequentialBlock frozenPrefix, Shape rowShape, Float learningRate,
        PhaseLength length, int firstEpoch, int totalEpochs, ScheduleOptions schedule, boolean batchNormTrains,
        PhaseResult mustBeat, HeadSolver solver) {

    /** The phases a run knows. */
    enum Kind {
        /** The new layers on a frozen base, or the whole network when nothing is frozen. */
        HEAD("", "", null),
        /** The unfrozen top of the base with the head, after the head phase. */
        FINE_TUNING("-fine-tuning", " (fine-tuning)", null),
        /** The same network from scratch, for comparison. */
        BASELINE("-baseline", "", "Baseline"),
        /** A head on one candidate's pooled features, for {@code <cutPoint>auto</cutPoint>}. */
        CUT_CANDIDATE("-cut-candidate", " (cut point auto)", "Cut point auto");

        private final String modelSuffix;
        private final String cacheSuffix;
        private final String logPrefix;

        Kind(String modelSuffix, String cacheSuffix, String logPrefix) {
            this.modelSuffix = modelSuffix;
            this.cacheSuffix = cacheSuffix;
            this.logPrefix = logPrefix;
        }

        /** @param modelName the run's model name @return the name of this phase's DJL model */
        String modelName(String modelName) {
            return modelName + modelSuffix;
        }

        /** @param what e.g. {@code training data} @return what the cache's progress lines call it */
        String cacheLabel(String what) {
            return what + cacheSuffix;
        }

        /** @return the word before each of the phase's log lines, or null for none */
        String logPrefix() {
            return logPrefix;
        }
    }

    /** Checks the values that a caller could get wrong. */
    TrainingPhase {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(rowShape, "rowShape");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(solver, "solver");
        if (firstEpoch < 1 || firstEpoch + length.maxEpochs() - 1 > totalEpochs) {
            throw new IllegalArgumentException("Epochs " + firstEpoch + "+" + length.maxEpochs() + " of " + totalEpochs);
        }
    }

    /** @return the epochs the phase runs at most */
    int epochs() {
        return length.maxEpochs();
    }

    /**
     * The head phase: the head on cached features of a frozen base, or the whole network on images.
     *
     * @param block the head, or the whole network
     * @param frozenPrefix the frozen base, or null
     * @param rowShape the prefix's output shape, or the image shape
     * @param learningRate the head's rate, or null to find one
     * @param length its length
     * @param totalEpochs the run's epochs
     * @param schedule the schedule
     * @param solver how the head is fitted
     * @return the phase
     */
    static TrainingPhase head(Block block, SequentialBlock frozenPrefix, Shape rowShape, Float learningRate,
            PhaseLength length, int totalEpochs, ScheduleOptions schedule, HeadSolver solver) {
        return new TrainingPhase(Kind.HEAD, block, frozenPrefix, rowShape, learningRate, length, 1, totalEpochs,
                schedule, frozenPrefix == null, null, solver);
    }

    /**
     * The fine-tuning phase: the plan's unfrozen blocks, then the trained head, on a cache of the
     * still-frozen part's output. Without {@code batchNormTrains} the unfrozen blocks stay in
     * inference mode, as Keras advises.
     *
     * @param plan which blocks are unfrozen
     * @param head the trained head
     * @param batchNormTrains whether BatchNorm uses batch statistics
     * @param learningRate the phase's rate
     * @param length its length
     * @param firstEpoch the run's epoch it starts at
     * @param totalEpochs the run's epochs
     * @param schedule the schedule
     * @param headPhase the head phase, which fine-tuning must beat or its model is kept
     * @return the phase
     */
    static TrainingPhase fineTuning(FineTuningPlan plan, SequentialBlock head, boolean batchNormTrains,
            Float learningRate, PhaseLength length, int firstEpoch, int totalEpochs, ScheduleOptions schedule,
            PhaseResult headPhase) {
        SequentialBlock block = new SequentialBlock()
                .add(batchNormTrains ? plan.tuned() : new InferenceModeBlock(plan.tuned()));
        block.addAll(head.getChildren().values());
        return new TrainingPhase(Kind.FINE_TUNING, block, plan.stillFrozen(), plan.rowShape(), learningRate, length,
                firstEpoch, totalEpochs, schedule, batchNormTrains, headPhase, HeadSolver.SGD);
    }

    /**
     * A head on one candidate cut's pooled features, trained as the head phase trains (rate, length,
     * schedule), from rows the cut selection cached.
     *
     * @param head the head's layers after its pooling
     * @param rowShape the pooled features' shape
     * @param learningRate the head's rate, or null to find one
     * @param length its length; its cap is also the total the log counts
     * @param schedule the schedule
     * @param solver how the head is fitted
     * @return the phase
     */
    static TrainingPhase cutCandidate(Block head, Shape rowShape, Float learningRate, PhaseLength length,
            ScheduleOptions schedule, HeadSolver solver) {
        return new TrainingPhase(Kind.CUT_CANDIDATE, head, null, rowShape, learningRate, length, 1,
                length.maxEpochs(), schedule, false, null, solver);
    }

    /**
     * The baseline: a freshly initialised network trained end to end on images.
     *
     * @param network the network
     * @param imageShape the input shape
     * @param learningRate its rate, or null to find one
     * @param length its length; its cap is also the total the log counts
     * @param schedule the schedule
     * @return the phase
     */
    static TrainingPhase baseline(Block network, Shape imageShape, Float learningRate, PhaseLength length,
            ScheduleOptions schedule) {
        return new TrainingPhase(Kind.BASELINE, network, null, imageShape, learningRate, length, 1,
                length.maxEpochs(), schedule, true, null, HeadSolver.SGD);
    }
}
