package io.github.transferml.transfer.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The optimizers that train the new layers. */
public enum OptimizerKind {
    /** Adam; weight decay is added to the gradient (L2). */
    ADAM,
    /** Adam with decoupled weight decay (Loshchilov and Hutter). */
    ADAMW,
    /** Stochastic gradient descent with momentum (default 0.9), optionally Nesterov's. */
    SGD,
    /** RMSProp (uncentred, decay 0.9), with momentum when it is set above 0. */
    RMSPROP;

    /**
     * Parses a name as written in the POM (case-insensitive).
     *
     * @param name the name
     * @return the optimizer
     * @throws ConfigurationException if the name is not known
     */
    public static OptimizerKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    "optimizer",
                    "'" + name + "' is not known; use one of "
                            + Arrays.stream(values())
                                    .map(v -> v.name().toLowerCase(Locale.ROOT))
                                    .collect(Collectors.joining(", ")));
        }
    }
}
