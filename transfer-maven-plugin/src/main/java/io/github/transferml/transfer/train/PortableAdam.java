package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam and AdamW as DJL's native {@code adamUpdate} computes them (β1 0.9, β2 0.999, ε 1e-8; the
 * bias correction folded into the rate; Adam adds λw to the gradient, AdamW decays the weight by
 * ηλ), except that √v is computed as {@code v.pow(0.5)}. {@code torch.sqrt} on the CPU calls MKL's
 * vector square root, whose code path for {@code MKL_CBWR=COMPATIBLE} (and on AMD CPUs) uses the
 * {@code rsqrtps} instruction: an approximation whose bits differ between CPU makers, so the same
 * training gave other weights on another CPU. {@code pow} does not go through MKL.
 */
final class PortableAdam extends Optimizer {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final ParameterTracker learningRate;
    private final boolean decoupled;
    private final Map<String, NDArray> means = new ConcurrentHashMap<>();
    private final Map<String, NDArray> variances = new ConcurrentHashMap<>();

    /**
     * @param learningRate the schedule
     * @param weightDecay λ
     * @param decoupled AdamW (decay the weight) rather than Adam (decay through the gradient)
     */
    PortableAdam(ParameterTracker learningRate, float weightDecay, boolean decoupled) {
        super(new Builder().optWeightDecays(weightDecay));
        this.learningRate = learningRate;
        this.decoupled = decoupled;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        double correction1 = 1.0 - StrictMath.pow(BETA1, t);
        double correction2 = 1.0 - StrictMath.pow(BETA2, t);
        float rate = learningRate.getNewValue(parameterId, t);
        float corrected = (float) (rate * StrictMath.sqrt(correction2) / correction1);
        float decay = getWeightDecay();
        if (!Float.isFinite(corrected) || !Float.isFinite(decay)) {
            throw new IllegalStateException("learning rate or weight decay is NaN or infinite");
        }
        NDArray mean = OptimizerStates.of(means, parameterId, weight);
        NDArray variance = OptimizerStates.of(variances, parameterId, weight);
        try (NDScope ignored = new NDScope()) { // closes the temporaries of this step
            NDArray g = grad.duplicate();
            if (rescaleGrad != 1f) {
                g.muli(rescaleGrad);
            }
            if (clipGrad >= 0f) {
                g = g.clip(Float.NEGATIVE_INFINITY, clipGrad);
            }
            if (!decoupled) {
                g.addi(weight.mul(decay));
            } else {
                weight.subi(weight.mul(rate).muli(decay));
            }
            mean.muli(BETA1).addi(g.mul(1 - BETA1));
            variance.muli(BETA2).addi(g.mul(g).muli(1 - BETA2));
            weight.subi(mean.mul(corrected).divi(variance.pow(0.5f).addi(EPSILON)));
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
