package io.github.transferml.transfer.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The rows a training phase reads, one mini-batch at a time: computed once and kept ({@link
 * FeatureCache}), or computed again from the images every epoch ({@link StreamedRows}). Either way
 * the batches come in the order asked for, so the training loop does not know which it has.
 */
public interface TrainingRows extends AutoCloseable {

    /** @return how many rows there are to ask for */
    int rows();

    /** @return the shape of one row */
    Shape rowShape();

    /** @return the bytes the rows hold in memory or on disk: none for a stream */
    long bytes();

    /** @return whether the rows live in a temporary file rather than in memory */
    boolean isSpilled();

    /** @return whether every epoch computes the rows afresh from the images */
    boolean isStreamed();

    /**
     * The rows in the given order, cut into batches.
     *
     * @param order the rows, in the order the batches take them
     * @param batchSize rows per batch (the last may be smaller)
     * @param epoch the epoch, from 0: a stream augments every row as this epoch's view
     * @return the batches, which the caller closes
     */
    Batches batches(int[] order, int batchSize, int epoch);

    /** Frees what the rows hold. */
    @Override
    void close();

    /** Batches of rows, read one after the other. */
    interface Batches extends AutoCloseable {

        /**
         * @param manager owns the batch
         * @return the next batch, of shape (rows, rowShape...)
         * @throws java.util.NoSuchElementException after the last batch
         */
        NDArray next(NDManager manager);

        /** Stops whatever prepares the batches ahead. */
        @Override
        void close();
    }
}
