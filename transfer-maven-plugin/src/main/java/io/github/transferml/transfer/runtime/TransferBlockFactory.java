package io.github.transferml.transfer.runtime;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rebuilds a trained network from the {@code recipe} entry of a model archive's {@code
 * serving.properties}. DJL finds this class in the jar at the archive's root, so an application
 * that has only DJL and an engine on its classpath can load the archive with plain {@code
 * Criteria}.
 */
public class TransferBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** The {@code serving.properties} key that holds the {@link NetworkRecipe}. */
    public static final String RECIPE_KEY = "recipe";

    /** {@inheritDoc} */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        Object recipe = arguments.get(RECIPE_KEY);
        if (recipe == null) {
            throw new IllegalArgumentException(
                    "serving.properties in " + modelPath + " has no '" + RECIPE_KEY + "' entry");
        }
        return NetworkRecipe.parse(recipe.toString()).build(model == null ? null : model.getNDManager());
    }
}
