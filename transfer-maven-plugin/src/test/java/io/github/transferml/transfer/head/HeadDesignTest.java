package io.github.transferml.transfer.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.config.HiddenLayer;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadDesignTest {

    @Test
    void of_should_put_only_a_classifier_on_a_feature_vector() {
        HeadDesign head = HeadDesign.of(new Shape(64), List.of(), 10);

        assertEquals(List.of("dense(10)"), head.steps());
    }

    @Test
    void of_should_pool_and_flatten_a_feature_map() {
        HeadDesign head = HeadDesign.of(new Shape(16, 28, 28), List.of(), 10);

        assertEquals(List.of("globalAvgPool", "flatten", "dense(10)"), head.steps());
    }

    @Test
    void of_should_flatten_features_that_are_neither_a_vector_nor_a_map() {
        HeadDesign head = HeadDesign.of(new Shape(4, 5), List.of(), 3);

        assertEquals(List.of("flatten", "dense(3)"), head.steps());
    }

    @Test
    void of_should_omit_dropout_of_hidden_layers_with_rate_zero() {
        HeadDesign head = HeadDesign.of(new Shape(64),
                List.of(new HiddenLayer(128, 0.25f), new HiddenLayer(32, 0f)), 4);

        assertEquals(List.of("dense(128)", "relu", "dropout(0.25)", "dense(32)", "relu", "dense(4)"), head.steps());
    }

    @Test
    void appendTo_should_cut_the_base_recipe_and_add_the_head_steps() {
        NetworkRecipe base = NetworkRecipe.resnet(20, 10, new Shape(1, 28, 28));
        HeadDesign head = HeadDesign.of(new Shape(64), List.of(new HiddenLayer(32, 0.5f)), 4);

        NetworkRecipe recipe = head.appendTo(base, "12");

        assertEquals("resnet(numLayers=20,outSize=10,imageShape=1x28x28) > keep(12) > dense(32) > relu"
                + " > dropout(0.5) > dense(4)", recipe.toString());
    }

    @Test
    void build_should_give_a_block_that_maps_features_to_class_scores() {
        HeadDesign head = HeadDesign.of(new Shape(16, 7, 7), List.of(new HiddenLayer(8, 0.5f)), 3);
        SequentialBlock block = head.build();
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 16, 7, 7));

            Shape[] out = block.getOutputShapes(new Shape[] {new Shape(2, 16, 7, 7)});

            assertEquals(new Shape(2, 3), out[0]);
            assertEquals(6, block.getChildren().size());
        }
    }
}
