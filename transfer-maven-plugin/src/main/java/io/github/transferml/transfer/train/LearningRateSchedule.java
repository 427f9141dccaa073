package io.github.transferml.transfer.train;

import ai.djl.training.tracker.Tracker;
import io.github.transferml.transfer.config.ScheduleKind;

/**
 * The learning rate of each optimizer step in one training phase: an optional linear warm-up, then
 * constant, cosine or one-cycle. DJL counts steps from 1.
 */
final class LearningRateSchedule implements Tracker {

    /** One-cycle starts at a 25th of the peak rate and ends at a 10,000th of it (Smith; fast.ai). */
    private static final float ONE_CYCLE_START = 1f / 25;
    private static final float ONE_CYCLE_END = 1f / 10_000;
    private static final double ONE_CYCLE_DEFAULT_WARMUP = 0.3;

    private final ScheduleKind kind;
    private final float rate;
    private final int totalSteps;
    private final int warmupSteps;

    /**
     * @param kind the schedule
     * @param rate the base (peak) rate
     * @param totalSteps the phase's optimizer steps
     * @param warmupSteps linear warm-up steps (one-cycle: 0 means 30% of the steps)
     */
    LearningRateSchedule(ScheduleKind kind, float rate, int totalSteps, int warmupSteps) {
        this.kind = kind;
        this.rate = rate;
        this.totalSteps = Math.max(1, totalSteps);
        this.warmupSteps = kind == ScheduleKind.ONE_CYCLE && warmupSteps == 0
                ? (int) Math.round(this.totalSteps * ONE_CYCLE_DEFAULT_WARMUP) : warmupSteps;
    }

    @Override
    public float getNewValue(int numUpdate) {
        int step = Math.min(Math.max(numUpdate, 1), totalSteps);
        float start = kind == ScheduleKind.ONE_CYCLE ? rate * ONE_CYCLE_START : 0f;
        if (step <= warmupSteps) {
            return start + (rate - start) * step / warmupSteps;
        }
        if (kind == ScheduleKind.CONSTANT) {
            return rate;
        }
        float end = kind == ScheduleKind.ONE_CYCLE ? rate * ONE_CYCLE_END : 0f;
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        // StrictMath: Math.cos may differ in the last bit between JVMs and CPUs, and the rate is trained with.
        return (float) (end + (rate - end) * 0.5 * (1 + StrictMath.cos(Math.PI * progress)));
    }
}
