package io.github.transferml.transfer.config;

import java.util.Locale;
import java.util.Objects;

/**
 * How the weights move: the optimizer and its settings, as the POM's {@code <optimizer>}, {@code
 * <learningRate>}, {@code <momentum>}, {@code <nesterov>} and {@code <weightDecay>} give them.
 *
 * @param kind the optimizer
 * @param learningRate the head phase's learning rate, or null to find one with a learning-rate range test
 * @param momentum the momentum of sgd and rmsprop, or null: 0.9 for sgd, 0 for rmsprop
 * @param nesterov whether sgd uses Nesterov's momentum
 * @param weightDecay the weight decay (L2 penalty; decoupled for adamw), or null: 0.01 for adamw, else 0
 */
public record OptimizerOptions(OptimizerKind kind, Float learningRate, Float momentum, boolean nesterov,
        Float weightDecay) {

    /** Validates, naming the POM parameter at fault. */
    public OptimizerOptions {
        Objects.requireNonNull(kind, "optimizer");
        if (learningRate != null && (!(learningRate > 0) || learningRate.isInfinite())) {
            throw new ConfigurationException("learningRate", "must be a positive number, not " + learningRate);
        }
        if (momentum != null && !(momentum >= 0 && momentum < 1)) {
            throw new ConfigurationException("momentum", "must be in [0, 1), not " + momentum);
        }
        if (nesterov && kind != OptimizerKind.SGD) {
            throw new ConfigurationException("nesterov", "applies to the sgd optimizer only, not "
                    + kind.name().toLowerCase(Locale.ROOT));
        }
        if (weightDecay != null && (!(weightDecay >= 0) || weightDecay.isInfinite())) {
            throw new ConfigurationException("weightDecay", "must be 0 or more, not " + weightDecay);
        }
    }

    /** @return the optimizer as the POM names it, e.g. {@code adam} */
    public String kindName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** @return whether the learning rate is found by a range test rather than set */
    public boolean findsLearningRate() {
        return learningRate == null;
    }

    /** @return e.g. {@code learning rate 0.001}, or that a range test finds it */
    public String describeRate() {
        return learningRate == null ? "a learning rate found by a range test" : "learning rate " + learningRate;
    }

    /** @return e.g. {@code sgd at learning rate 0.01, momentum 0.8, Nesterov, weight decay 0.001} */
    public String describe() {
        return kindName() + " at " + describeRate()
                + (momentum == null ? "" : ", momentum " + momentum)
                + (nesterov ? ", Nesterov" : "")
                + (weightDecay == null ? "" : ", weight decay " + weightDecay);
    }
}
