package io.github.transferml.transfer.train;

import java.util.Random;

/**
 * How the training loop and the learning-rate range test draw mini-batches of cached rows: one
 * seeded shuffle, so that a seed gives the same batches in both, and the labels of a batch.
 */
final class RowBatches {

    private RowBatches() {}

    /**
     * Shuffles row numbers in place (Fisher-Yates from the end, one {@code nextInt} a position: the
     * archives of seeded runs depend on this exact sequence).
     *
     * @param order the row numbers
     * @param random the seeded source
     */
    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * @param labels the label of every row
     * @param rows the rows of a batch
     * @return their labels, as the float array a loss takes
     */
    static float[] labelsOf(int[] labels, int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = labels[rows[i]];
        }
        return out;
    }
}
