package io.github.transferml.transfer.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.github.transferml.transfer.cache.TrainingRows;
import io.github.transferml.transfer.config.OptimizerOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A learning-rate range test (Smith, "Cyclical learning rates", 2017; fastai's {@code lr_find}):
 * from the phase's initial parameters, train {@value #STEPS} mini-batches while the rate grows
 * exponentially from {@value #MIN_RATE} to {@value #MAX_RATE}, smooth the loss, and take the rate
 * where the smoothed loss falls fastest against the logarithm of the rate. The parameters are put
 * back afterwards and the optimizer's state is dropped: only the rate is kept.
 *
 * <p>On cached features of a frozen base this costs about three epochs of a small data set's head,
 * milliseconds each; the frozen base does not run.
 */
final class LearningRateFinder {

    /** The first rate tried. */
    static final float MIN_RATE = 1e-6f;

    /** The last rate tried, unless the loss diverges first. */
    static final float MAX_RATE = 1f;

    /** Mini-batches in the sweep. */
    static final int STEPS = 100;

    /** fastai's smoothing of the loss: an exponential moving average, bias-corrected. */
    private static final double SMOOTHING = 0.98;

    /** The sweep stops once the smoothed loss exceeds this multiple of its minimum: it has diverged. */
    private static final double DIVERGED = 4;

    /** Points left out at either end when looking for the steepest fall: the average starts cold, the end is diverging. */
    private static final int SKIP_START = 10;
    private static final int SKIP_END = 5;

    /** Points either side of each candidate in the slope's fit. */
    private static final int WINDOW = 5;

    private LearningRateFinder() {}

    /**
     * What the sweep saw and what it suggests.
     *
     * @param rate the suggested rate: the steepest fall of the smoothed loss
     * @param rates the rate of every step run
     * @param smoothedLosses the smoothed loss after every step
     * @param diverged whether the sweep stopped before {@link #MAX_RATE} because the loss diverged
     */
    record Result(float rate, float[] rates, double[] smoothedLosses, boolean diverged) {

        /** @return e.g. {@code 0.00420 (the steepest fall of the smoothed loss in 100 steps from 1e-06 to 1)} */
        String describe() {
            String end = diverged ? String.format(Locale.ROOT, "%.2g, where it diverged", rates[rates.length - 1]) : "1";
            return String.format(Locale.ROOT, "%.3g (the steepest fall of the smoothed loss in %d steps from 1e-06"
                    + " to %s)", rate, rates.length, end);
        }
    }

    /**
     * Runs the sweep on a model whose block is the phase's, then puts its parameters back.
     *
     * @param model the model
     * @param loss the phase's training loss
     * @param options the optimizer
     * @param rowShape the shape of one row
     * @param rows the training rows
     * @param labels their labels
     * @param batchSize rows per step
     * @param seed the seed of the sweep's shuffling
     * @param epoch the epoch, from 0, whose augmented views streamed rows take
     * @return the suggestion
     */
    static Result find(Model model, Loss loss, OptimizerOptions options, Shape rowShape, TrainingRows rows,
            int[] labels, int batchSize, long seed, int epoch) {
        Tracker exponential = step -> rateAt(Math.min(Math.max(step, 1), STEPS) - 1);
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(OptimizerFactory.create(options, exponential));
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(batchSize).addAll(rowShape));
            try (ParameterSnapshot initial = new ParameterSnapshot(model.getBlock(), model.getNDManager()).take()) {
                try {
                    return sweep(trainer, rows, labels, Math.min(batchSize, rows.rows()), new Random(seed), epoch);
                } finally {
                    initial.restore();
                }
            }
        }
    }

    private static Result sweep(Trainer trainer, TrainingRows rows, int[] labels, int batchSize, Random random,
            int epoch) {
        int[][] batches = stepBatches(rows.rows(), batchSize, random);
        int[] sequence = new int[STEPS * batchSize];
        for (int step = 0; step < STEPS; step++) {
            System.arraycopy(batches[step], 0, sequence, step * batchSize, batchSize);
        }
        List<Float> rates = new ArrayList<>();
        List<Double> smoothed = new ArrayList<>();
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        boolean diverged = false;
        try (TrainingRows.Batches stream = rows.batches(sequence, batchSize, epoch)) {
            for (int step = 0; step < STEPS; step++) {
                average = SMOOTHING * average + (1 - SMOOTHING) * step(trainer, stream, labels, batches[step]);
                double debiased = average / (1 - StrictMath.pow(SMOOTHING, step + 1));
                rates.add(rateAt(step));
                smoothed.add(debiased);
                if (!Double.isFinite(debiased) || step > 0 && debiased > DIVERGED * best) {
                    diverged = true;
                    break;
                }
                best = Math.min(best, debiased);
            }
        }
        float[] rateArray = new float[rates.size()];
        double[] lossArray = new double[smoothed.size()];
        for (int i = 0; i < rateArray.length; i++) {
            rateArray[i] = rates.get(i);
            lossArray[i] = smoothed.get(i);
        }
        return new Result(suggest(rateArray, lossArray), rateArray, lossArray, diverged);
    }

    /**
     * The rows of each of the sweep's steps: batches of a seeded shuffle, reshuffled whenever too few
     * rows are left for a whole batch (drawn up front, so that a stream can prepare them ahead).
     */
    private static int[][] stepBatches(int rows, int batchSize, Random random) {
        int[] order = new int[rows];
        Arrays.setAll(order, i -> i);
        int[][] batches = new int[STEPS][];
        int position = order.length; // reshuffle before the first batch
        for (int step = 0; step < STEPS; step++) {
            if (position + batchSize > order.length) {
                RowBatches.shuffle(order, random);
                position = 0;
            }
            batches[step] = Arrays.copyOfRange(order, position, position + batchSize);
            position += batchSize;
        }
        return batches;
    }

    /** One step of the sweep: @return the batch's loss */
    private static double step(Trainer trainer, TrainingRows.Batches stream, int[] labels, int[] batch) {
        double value;
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = stream.next(scope);
            float[] y = RowBatches.labelsOf(labels, batch);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray lossValue = trainer.getLoss().evaluate(new NDList(scope.create(y)), new NDList(logits));
                collector.backward(lossValue);
                value = lossValue.getFloat();
            }
            trainer.step();
        }
        return value;
    }

    /**
     * The rate where the smoothed loss falls fastest against log(rate): the least-squares slope over
     * a window of {@value #WINDOW} points either side, because neighbouring points differ by the
     * mini-batches' noise as much as by the trend. If the sweep is too short for that (it diverged
     * at once), a tenth of the rate of the lowest loss.
     *
     * @param rates the rates
     * @param losses the smoothed losses
     * @return the rate
     */
    static float suggest(float[] rates, double[] losses) {
        int finite = 0;
        while (finite < losses.length && Double.isFinite(losses[finite])) {
            finite++;
        }
        int from = Math.max(SKIP_START, WINDOW);
        int to = Math.min(finite - SKIP_END, finite - WINDOW); // exclusive
        if (to - from < 1) {
            int lowest = 0;
            for (int i = 1; i < finite; i++) {
                if (losses[i] < losses[lowest]) {
                    lowest = i;
                }
            }
            return finite == 0 ? MIN_RATE : Math.max(MIN_RATE, rates[lowest] / 10);
        }
        int steepest = from;
        double steepestSlope = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            double slope = slope(rates, losses, i - WINDOW, i + WINDOW);
            if (slope < steepestSlope) {
                steepestSlope = slope;
                steepest = i;
            }
        }
        return rates[steepest];
    }

    /** The least-squares slope of loss against log(rate) over points {@code first..last}. */
    private static double slope(float[] rates, double[] losses, int first, int last) {
        int n = last - first + 1;
        double meanX = 0;
        double meanY = 0;
        for (int i = first; i <= last; i++) {
            meanX += StrictMath.log(rates[i]);
            meanY += losses[i];
        }
        meanX /= n;
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = first; i <= last; i++) {
            double dx = StrictMath.log(rates[i]) - meanX;
            sxy += dx * (losses[i] - meanY);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    /** @return the rate of the sweep's step (from 0) */
    static float rateAt(int step) {
        return (float) (MIN_RATE * StrictMath.pow((double) MAX_RATE / MIN_RATE, (double) step / (STEPS - 1)));
    }
}
