package io.github.transferml.transfer.maven;

import java.util.ArrayList;
import java.util.List;

/** The POM's {@code <head>}: optional hidden layers before the new classifier. */
public class HeadParameter {

    /** The hidden layers, in order; the classifier after them is sized from the dataset's classes. */
    private List<LayerParameter> layers = new ArrayList<>();

    /** @return the layers */
    public List<LayerParameter> getLayers() {
        return layers == null ? List.of() : layers;
    }
}
