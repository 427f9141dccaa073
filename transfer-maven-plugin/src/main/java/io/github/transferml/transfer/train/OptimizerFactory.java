package io.github.transferml.transfer.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.transferml.transfer.config.OptimizerKind;
import io.github.transferml.transfer.config.TrainingRequest;

/** Builds the DJL optimizer of one training phase from the request. */
final class OptimizerFactory {

    /** SGD's momentum unless set. */
    static final float SGD_DEFAULT_MOMENTUM = 0.9f;

    /** PyTorch's default for AdamW; without decay AdamW is Adam. */
    static final float ADAMW_DEFAULT_DECAY = 0.01f;

    private OptimizerFactory() {}

    /**
     * @param request the optimizer settings
     * @param rate the phase's learning rate
     * @param steps the phase's optimizer steps
     * @param warmupSteps the phase's warm-up steps
     * @return the optimizer
     */
    static Optimizer create(TrainingRequest request, float rate, int steps, int warmupSteps) {
        Tracker schedule = new LearningRateSchedule(request.getSchedule(), rate, steps, warmupSteps);
        float decay = request.getWeightDecay() != null ? request.getWeightDecay()
                : request.getOptimizer() == OptimizerKind.ADAMW ? ADAMW_DEFAULT_DECAY : 0f;
        OptimizerKind kind = request.getOptimizer();
        switch (kind) {
            case SGD:
                float momentum = request.getMomentum() != null ? request.getMomentum() : SGD_DEFAULT_MOMENTUM;
                if (request.isNesterov()) {
                    return new NesterovSgd(schedule, momentum, decay);
                }
                return Optimizer.sgd().setLearningRateTracker(schedule).optMomentum(momentum)
                        .optWeightDecays(decay).build();
            case RMSPROP:
                return new RmsPropOptimizer(schedule, request.getMomentum() != null ? request.getMomentum() : 0f, decay);
            case ADAMW:
                return Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(decay).build();
            case ADAM:
            default:
                return Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(decay).build();
        }
    }
}
