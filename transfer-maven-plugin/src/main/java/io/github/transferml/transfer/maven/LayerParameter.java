package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.config.HiddenLayer;

/** One {@code <layer>} of {@code <head><layers>}: a dense layer with ReLU, then dropout. */
public class LayerParameter {

    /** The number of units. */
    private int units;

    /** The dropout rate after the layer, in [0, 1); 0 for none. */
    private float dropout;

    /** @return the core's hidden layer */
    public HiddenLayer toHiddenLayer() {
        return new HiddenLayer(units, dropout);
    }
}
