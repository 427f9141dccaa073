package io.github.transferml.transfer.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The optimizers that train the new layers. */
public enum OptimizerKind {
    /** Adam. */
    ADAM,
    /** Stochastic gradient descent with momentum 0.9. */
    SGD;

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
