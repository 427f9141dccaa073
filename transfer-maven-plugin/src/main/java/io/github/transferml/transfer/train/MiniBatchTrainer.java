package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.github.transferml.transfer.cache.TrainingRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains a DJL {@link Trainer}'s model from cached or streamed rows: seeded shuffling, one optimizer step per
 * mini-batch, and a validation pass after every epoch. Every batch runs in its own {@link NDManager}
 * scope, so memory stays flat however many epochs run.
 */
final class MiniBatchTrainer {

    /** Phases longer than this log their first epochs, then every tenth: hundreds of cheap head epochs would flood the build log. */
    private static final int QUIET_AFTER = 50;

    private final Trainer trainer;
    private final int batchSize;
    private final boolean dropLast;
    private final Random random;
    private final TrainingEvents events;

    /**
     * @param trainer the trainer
     * @param batchSize rows per step
     * @param dropLast whether a last batch smaller than {@code batchSize} is skipped: when BatchNorm
     *     trains, a batch of a few rows gives statistics far from the data's (one row: none at all)
     * @param seed the shuffling seed
     * @param events receives progress
     */
    MiniBatchTrainer(Trainer trainer, int batchSize, boolean dropLast, long seed, TrainingEvents events) {
        this.trainer = trainer;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.random = new Random(seed);
        this.events = events;
    }

    /**
     * What a phase's epochs gave.
     *
     * @param history every epoch's figures
     * @param validation the validation of the parameters the phase ends with
     * @param selected the epoch whose parameters the phase ends with (the best one after a restore)
     * @param stoppedEarly whether the stopping rule ended the phase before its last epoch
     */
    record Fit(List<EpochMetrics> history, Evaluation validation, EpochMetrics selected, boolean stoppedEarly) {}

    /**
     * Trains one phase. With a plateau rate, a stop the stopper calls first lowers the rate and
     * goes on from the best epoch, as long as the rate may still be lowered.
     *
     * @param trainRows the training rows
     * @param trainLabels their labels
     * @param validationRows the validation rows
     * @param validationLabels their labels
     * @param epochs the phase's epochs at most
     * @param firstEpoch the number of the phase's first epoch (phases continue the count)
     * @param totalEpochs the epochs of all phases, for the log
     * @param stopper early stopping, or null
     * @param plateau the rate to lower on a plateau, or null to stop at the first one
     * @return the epochs' figures and the phase's outcome
     */
    Fit fit(TrainingRows trainRows, int[] trainLabels, TrainingRows validationRows,
            int[] validationLabels, int epochs, int firstEpoch, int totalEpochs, EarlyStopper stopper,
            PlateauRate plateau) {
        List<EpochMetrics> history = new ArrayList<>();
        int[] order = new int[trainRows.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int end = dropLast && order.length > batchSize ? order.length - order.length % batchSize : order.length;
        boolean stoppedEarly = false;
        Evaluation lastValidation = null;
        for (int epoch = firstEpoch; epoch < firstEpoch + epochs; epoch++) {
            long start = System.nanoTime();
            RowBatches.shuffle(order, random);
            double lossSum = 0;
            long correct = 0;
            try (TrainingRows.Batches batches = trainRows.batches(Arrays.copyOf(order, end), batchSize, epoch - 1)) {
                for (int from = 0; from < end; from += batchSize) {
                    int[] batch = Arrays.copyOfRange(order, from, Math.min(end, from + batchSize));
                    try (NDManager scope = trainer.getManager().newSubManager()) {
                        NDArray x = batches.next(scope); // outside the collector: a stream's frozen block learns nothing
                        NDArray y = scope.create(RowBatches.labelsOf(trainLabels, batch));
                        NDArray[] lossAndLogits = step(x, y);
                        lossSum += lossAndLogits[0].getFloat() * batch.length;
                        correct += lossAndLogits[1].argMax(1).toType(DataType.FLOAT32, false).eq(y).sum().getLong();
                    }
                }
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            Evaluation validation = evaluate(validationRows, validationLabels);
            lastValidation = validation;
            double seconds = (System.nanoTime() - start) / 1e9;
            EpochMetrics metrics = new EpochMetrics(epoch, totalEpochs, lossSum / end,
                    (double) correct / end, validation.loss(), validation.accuracy(),
                    end / trainSeconds, seconds);
            history.add(metrics);
            int inPhase = epoch - firstEpoch + 1;
            if (epochs <= QUIET_AFTER || inPhase <= 5 || inPhase % 10 == 0) {
                events.epoch(metrics);
            }
            if (stopper != null && stopper.record(metrics, validation)) {
                if (plateau != null && plateau.reductionsLeft() > 0) {
                    // Keras' ReduceLROnPlateau, from the best epoch: a rate that was right early is too
                    // high near the minimum; the phase goes on from its best parameters at a tenth of it.
                    stopper.restoreBest();
                    stopper.resetPatience();
                    float scale = plateau.reduce();
                    events.info(String.format(Locale.ROOT, "No better %s than epoch %d's (%.4f) for %d epochs: back"
                            + " to its parameters, learning rate lowered to %.3g of the phase's", stopper.metricName(),
                            stopper.bestEpoch(), stopper.bestValue(), epoch - stopper.bestEpoch(), scale));
                    continue;
                }
                if (epochs > QUIET_AFTER && inPhase > 5 && inPhase % 10 != 0) {
                    events.epoch(metrics); // the last epoch is always shown
                }
                events.info(String.format(Locale.ROOT, "Early stopping after epoch %d: no better %s than epoch %d's"
                        + " (%.4f) for %d epochs", epoch, stopper.metricName(), stopper.bestEpoch(),
                        stopper.bestValue(), epoch - stopper.bestEpoch()));
                stoppedEarly = true;
                break;
            }
        }
        EpochMetrics selected = history.get(history.size() - 1);
        if (stopper != null && stopper.bestEpoch() > 0 && stopper.bestEpoch() != selected.epoch()) {
            stopper.restoreBest();
            lastValidation = stopper.bestEvaluation();
            selected = stopper.bestMetrics();
            events.info(String.format(Locale.ROOT, "Restored the parameters of epoch %d (best %s %.4f)",
                    stopper.bestEpoch(), stopper.metricName(), stopper.bestValue()));
        }
        return new Fit(history, lastValidation, selected, stoppedEarly);
    }

    /** One optimizer step on a batch: @return its loss and its logits */
    private NDArray[] step(NDArray x, NDArray y) {
        NDArray loss;
        NDArray logits;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            logits = trainer.forward(new NDList(x)).singletonOrThrow();
            loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
            collector.backward(loss);
        }
        trainer.step();
        return new NDArray[] {loss, logits};
    }

    /**
     * Evaluates the model, in inference mode, as validation does after every epoch.
     *
     * @param rows the rows
     * @param labels their labels
     * @return the figures
     */
    Evaluation evaluate(TrainingRows rows, int[] labels) {
        return BatchedEvaluation.of(trainer.getManager(), rows, labels, batchSize,
                x -> trainer.evaluate(new NDList(x)).singletonOrThrow());
    }
}
