package io.github.transferml.transfer.config;

/**
 * One hidden layer of the new head: a dense layer with ReLU, then dropout.
 *
 * @param units the number of units, at least 1
 * @param dropout the dropout rate after the layer, in [0, 1)
 */
public record HiddenLayer(int units, float dropout) {

    /** Validates the layer. */
    public HiddenLayer {
        if (units < 1) {
            throw new ConfigurationException("head.layers.layer.units", "must be at least 1, not " + units);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new ConfigurationException(
                    "head.layers.layer.dropout", "must be in [0, 1), not " + dropout);
        }
    }
}
