package io.github.transferml.transfer.train;

import ai.djl.training.tracker.Tracker;

/**
 * A phase's learning rate that drops by {@value #FACTOR} when the validation loss stops improving,
 * at most {@value #REDUCTIONS} times, as Keras' {@code ReduceLROnPlateau} does for a phase that
 * trains until early stopping ends it: a rate that was right early (and that a range test finds)
 * is often too high near the minimum. The schedule underneath still sets the rate of each step.
 */
final class PlateauRate implements Tracker {

    /** What the rate is multiplied by at each plateau. */
    static final float FACTOR = 0.1f;

    /** How many times a phase lowers its rate before a plateau stops it. */
    static final int REDUCTIONS = 2;

    private final Tracker schedule;
    private float scale = 1f;
    private int reductions;

    /** @param schedule the phase's schedule */
    PlateauRate(Tracker schedule) {
        this.schedule = schedule;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return schedule.getNewValue(numUpdate) * scale;
    }

    /**
     * Lowers the rate for the steps to come.
     *
     * @return the new multiple of the schedule's rate
     */
    float reduce() {
        reductions++;
        scale *= FACTOR;
        return scale;
    }

    /** @return how many more times the rate may be lowered */
    int reductionsLeft() {
        return REDUCTIONS - reductions;
    }

    /** @return the multiple of the schedule's rate now in force */
    float scale() {
        return scale;
    }
}
