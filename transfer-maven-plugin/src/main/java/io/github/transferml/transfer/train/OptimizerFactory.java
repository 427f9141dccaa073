package io.github.transferml.transfer.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.transferml.transfer.config.OptimizerKind;
import io.github.transferml.transfer.config.OptimizerOptions;

/** Builds the DJL optimizer of one training phase from its options. */
final class OptimizerFactory {

    /** SGD's momentum unless set. */
    static final float SGD_DEFAULT_MOMENTUM = 0.9f;

    /** PyTorch's default for AdamW; without decay AdamW is Adam. */
    static final float ADAMW_DEFAULT_DECAY = 0.01f;

    private OptimizerFactory() {}

    /**
     * @param options the optimizer settings (their learning rate is ignored)
     * @param tracker the rate of every step
     * @return the optimizer
     */
    static Optimizer create(OptimizerOptions options, Tracker tracker) {
        float decay = options.weightDecay() != null ? options.weightDecay()
                : options.kind() == OptimizerKind.ADAMW ? ADAMW_DEFAULT_DECAY : 0f;
        OptimizerKind kind = options.kind();
        switch (kind) {
            case SGD:
                float momentum = options.momentum() != null ? options.momentum() : SGD_DEFAULT_MOMENTUM;
                if (options.nesterov()) {
                    return new NesterovSgd(tracker, momentum, decay);
                }
                return Optimizer.sgd().setLearningRateTracker(tracker).optMomentum(momentum)
                        .optWeightDecays(decay).build();
            case RMSPROP:
                return new RmsPropOptimizer(tracker, options.momentum() != null ? options.momentum() : 0f, decay);
            case ADAMW:
                return new PortableAdam(tracker, decay, true);
            case ADAM:
            default:
                return new PortableAdam(tracker, decay, false);
        }
    }
}
