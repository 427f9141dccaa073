package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RMSProp (uncentred), as Keras and PyTorch compute it: g = grad + λw; s = ρs + (1 - ρ)g²; with
 * momentum μ > 0: b = μb + g / (√s + ε), w -= ηb; else w -= ηg / (√s + ε). ρ = 0.9 and ε = 1e-7
 * as in Keras. DJL's own {@code RmsProp} needs an update that DJL's PyTorch engine does not
 * implement, so this one is written with tensor operations.
 */
final class RmsPropOptimizer extends Optimizer {

    static final float RHO = 0.9f;
    static final float EPSILON = 1e-7f;

    private final ParameterTracker learningRate;
    private final float momentum;
    private final Map<String, NDArray> squares = new ConcurrentHashMap<>();
    private final Map<String, NDArray> buffers = new ConcurrentHashMap<>();

    RmsPropOptimizer(ParameterTracker learningRate, float momentum, float weightDecay) {
        super(new Builder().optWeightDecays(weightDecay));
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float rate = learningRate.getNewValue(parameterId, updateCount(parameterId));
        NDArray square = OptimizerStates.of(squares, parameterId, weight);
        NDArray buffer = momentum > 0 ? OptimizerStates.of(buffers, parameterId, weight) : null;
        try (NDScope ignored = new NDScope()) { // closes the temporaries of this step
            NDArray g = getWeightDecay() == 0 ? grad.duplicate() : grad.add(weight.mul(getWeightDecay()));
            square.muli(RHO).addi(g.square().muli(1 - RHO));
            // pow, not sqrt: torch.sqrt runs MKL's approximate square root, whose bits vary by CPU (PortableAdam)
            NDArray step = g.divi(square.pow(0.5f).addi(EPSILON));
            if (buffer != null) {
                buffer.muli(momentum).addi(step);
                weight.subi(buffer.mul(rate));
            } else {
                weight.subi(step.muli(rate));
            }
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
