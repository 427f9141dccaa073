package io.github.transferml.transfer.head;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.config.HiddenLayer;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import java.util.ArrayList;
import java.util.List;

/**
 * The new layers that go on top of the cut base: pooling and flattening as the feature shape
 * requires, the optional hidden layers, then a classifier sized from the dataset's classes. The
 * head is described as {@link NetworkRecipe} steps, so the trained head and the one the archive's
 * factory rebuilds are built by the same code.
 */
public final class HeadDesign {

    private final List<String> steps;

    private HeadDesign(List<String> steps) {
        this.steps = List.copyOf(steps);
    }

    /**
     * Designs a head.
     *
     * @param featureShape the shape of the cut base's output for one image (no batch axis)
     * @param hiddenLayers the hidden layers, in order
     * @param classes the number of classes
     * @return the design
     */
    public static HeadDesign of(Shape featureShape, List<HiddenLayer> hiddenLayers, int classes) {
        List<String> steps = new ArrayList<>();
        if (featureShape.dimension() == 3) {
            // A feature map (channels, height, width): average it to one vector per image.
            steps.add("globalAvgPool");
        }
        if (featureShape.dimension() != 1) {
            steps.add("flatten");
        }
        for (HiddenLayer layer : hiddenLayers) {
            steps.add("dense(" + layer.units() + ")");
            steps.add("relu");
            if (layer.dropout() > 0) {
                steps.add("dropout(" + layer.dropout() + ")");
            }
        }
        steps.add("dense(" + classes + ")");
        return new HeadDesign(steps);
    }

    /** @return the recipe steps, in order */
    public List<String> steps() {
        return steps;
    }

    /**
     * @return how many leading steps (pooling, flattening) turn the cut's output into one vector
     *     per image; they hold no parameters, so their output can be cached once
     */
    public int vectorSteps() {
        int n = 0;
        while (n < steps.size() && (steps.get(n).equals("globalAvgPool") || steps.get(n).equals("flatten"))) {
            n++;
        }
        return n;
    }

    /**
     * @return new blocks for the {@link #vectorSteps()}, the head's own: what the head sees after
     *     them; the identity when the cut's output is a vector already
     */
    public Block buildVectorizer() {
        if (vectorSteps() == 0) {
            return Blocks.identityBlock();
        }
        SequentialBlock vectorizer = new SequentialBlock();
        for (String step : steps.subList(0, vectorSteps())) {
            vectorizer.add(NetworkRecipe.layer(step));
        }
        return vectorizer;
    }

    /**
     * @param head a head this design built
     * @return the same blocks after the {@link #vectorSteps()}: what trains on cached vectors
     */
    public SequentialBlock afterVector(SequentialBlock head) {
        SequentialBlock rest = new SequentialBlock();
        rest.addAll(head.getChildren().values().subList(vectorSteps(), steps.size()));
        return rest;
    }

    /** @return a new, uninitialised head block */
    public SequentialBlock build() {
        SequentialBlock head = new SequentialBlock();
        for (String step : steps) {
            head.add(NetworkRecipe.layer(step));
        }
        return head;
    }

    /**
     * Extends a base recipe with a cut and this head.
     *
     * @param base the base network's recipe
     * @param keptBlocks the cut, as {@link io.github.transferml.transfer.cut.CutOption#keep()} writes it
     * @return the recipe of the whole new network
     */
    public NetworkRecipe appendTo(NetworkRecipe base, String keptBlocks) {
        NetworkRecipe recipe = base.then("keep(" + keptBlocks + ")");
        for (String step : steps) {
            recipe = recipe.then(step);
        }
        return recipe;
    }
}
