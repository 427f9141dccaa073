package io.github.transferml.transfer.maven;

import java.util.ArrayList;
import java.util.List;

/** The POM's {@code <head>}: optional hidden layers before the new classifier, and how it is fitted. */
public class HeadParameter {

    /** The hidden layers, in order; the classifier after them is sized from the dataset's classes. */
    private List<LayerParameter> layers = new ArrayList<>();

    /**
     * How the head phase fits the head: {@code sgd} (default) or {@code lbfgs} (a linear head fitted
     * exactly on the frozen base's cached features).
     */
    private String solver;

    /** @return the solver as the POM names it, or null for the default */
    public String getSolver() {
        return solver;
    }

    /** @return the layers */
    public List<LayerParameter> getLayers() {
        return layers == null ? List.of() : layers;
    }
}
