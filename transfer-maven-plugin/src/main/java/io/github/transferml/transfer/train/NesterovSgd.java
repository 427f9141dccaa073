package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stochastic gradient descent with Nesterov momentum, as PyTorch's {@code SGD(nesterov=True)}
 * computes it: g = grad + λw; v = μv + g; w -= η(g + μv). DJL's own {@code Nag} needs an update
 * that DJL's PyTorch engine does not implement, so this one is written with tensor operations.
 */
final class NesterovSgd extends Optimizer {

    private final ParameterTracker learningRate;
    private final float momentum;
    private final Map<String, NDArray> velocities = new ConcurrentHashMap<>();

    NesterovSgd(ParameterTracker learningRate, float momentum, float weightDecay) {
        super(new Builder().optWeightDecays(weightDecay));
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float rate = learningRate.getNewValue(parameterId, updateCount(parameterId));
        NDArray velocity = OptimizerStates.of(velocities, parameterId, weight);
        try (NDScope ignored = new NDScope()) { // closes the temporaries of this step
            NDArray g = getWeightDecay() == 0 ? grad.duplicate() : grad.add(weight.mul(getWeightDecay()));
            velocity.muli(momentum).addi(g);
            weight.subi(g.addi(velocity.mul(momentum)).muli(rate));
        }
        OptimizerStates.zeroGradient(weight, grad);
    }

    /** DJL's builder base, for the shared settings. */
    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
