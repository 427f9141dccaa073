package io.github.transferml.transfer.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the head phase fits the new classifier on the frozen base's cached features. */
public enum HeadSolver {
    /** Mini-batch steps of the configured optimizer, epoch after epoch: any head, any base. */
    SGD("mini-batch steps of the optimizer"),
    /**
     * A linear classifier fitted exactly, as a linear probe is: multinomial logistic regression with
     * an L2 penalty on the pooled features, minimised by L-BFGS; the penalty's strength is chosen on
     * validation. Needs a linear head (no hidden layers) on a frozen base.
     */
    LBFGS("L-BFGS: multinomial logistic regression with an L2 penalty chosen on validation");

    private final String description;

    HeadSolver(String description) {
        this.description = description;
    }

    /**
     * Parses a name as written in the POM: {@code sgd} or {@code lbfgs}.
     *
     * @param name the name, or null for the default
     * @return the solver
     * @throws ConfigurationException if the name is not known
     */
    public static HeadSolver parse(String name) {
        if (name == null || name.isBlank()) {
            return SGD;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace("-", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("head.solver", "'" + name + "' is not known; use one of "
                    + Arrays.stream(values()).map(HeadSolver::pomName).collect(Collectors.joining(", ")));
        }
    }

    /**
     * Checks the solver against the head's design.
     *
     * @param hiddenLayers the head's hidden layers
     * @throws ConfigurationException if the solver cannot fit such a head
     */
    public void checkHead(List<HiddenLayer> hiddenLayers) {
        if (this == LBFGS && !hiddenLayers.isEmpty()) {
            throw new ConfigurationException("head.solver", "lbfgs fits a linear classifier, but the head has "
                    + hiddenLayers.size() + " hidden layer(s). Remove <layers> from <head>, or use"
                    + " <solver>sgd</solver>.");
        }
    }

    /**
     * Checks the solver against what trains.
     *
     * @param frozen whether the base is frozen and its features cached
     * @param why why the base is not frozen, for the message
     * @throws ConfigurationException if the solver cannot fit this head
     */
    public void checkFrozen(boolean frozen, String why) {
        if (this == LBFGS && !frozen) {
            throw new ConfigurationException("head.solver", "lbfgs fits a classifier on the cached features of a"
                    + " frozen base, but " + why + ". Use <solver>sgd</solver>, or a pretrained base with"
                    + " <freezeBase>true</freezeBase>.");
        }
    }

    /**
     * The head phase's length: as the POM says for {@code sgd}; one fit, scored as one epoch, for
     * {@code lbfgs}, which keeps the early-stopping rule's metric to choose its penalty by.
     *
     * @param epochs the POM's epochs, or null
     * @param rule the POM's early-stopping rule, or null
     * @param fromCache whether the head trains on cached features of a frozen base
     * @return the length
     */
    public PhaseLength headLength(Integer epochs, EarlyStopping rule, boolean fromCache) {
        return this == LBFGS ? new PhaseLength(1, rule, false) : PhaseLength.of(epochs, rule, fromCache);
    }

    /** @return the name as written in the POM */
    public String pomName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return what the solver does, for the log */
    public String describe() {
        return pomName() + " (" + description + ")";
    }
}
