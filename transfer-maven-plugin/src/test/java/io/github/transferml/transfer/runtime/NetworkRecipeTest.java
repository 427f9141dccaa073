package io.github.transferml.transfer.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkRecipeTest {

    private static final String BASE = "resnet(numLayers=20,outSize=10,imageShape=1x28x28)";
    private static final String TRANSFER =
            BASE + " > keep(12) > dense(32) > relu > dropout(0.5) > dense(4)";

    @Test
    void resnet_should_write_the_base_step_with_its_arguments() {
        assertEquals(BASE, NetworkRecipe.resnet(20, 10, new Shape(1, 28, 28)).toString());
    }

    @Test
    void parse_should_give_back_the_text_it_was_parsed_from() {
        NetworkRecipe recipe = NetworkRecipe.parse(TRANSFER);

        assertEquals(TRANSFER, recipe.toString());
        assertEquals(List.of(BASE, "keep(12)", "dense(32)", "relu", "dropout(0.5)", "dense(4)"), recipe.getSteps());
        assertEquals(recipe, NetworkRecipe.parse(recipe.toString()));
    }

    @Test
    void then_should_append_a_step_without_changing_the_recipe() {
        NetworkRecipe base = NetworkRecipe.parse(BASE);

        NetworkRecipe extended = base.then("keep(12)").then("dense(4)");

        assertEquals(BASE + " > keep(12) > dense(4)", extended.toString());
        assertEquals(List.of(BASE), base.getSteps());
    }

    @Test
    void build_should_fail_naming_an_unknown_step() {
        NetworkRecipe recipe = NetworkRecipe.parse(BASE + " > conv(3)");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, recipe::build);

        assertEquals("Unknown step 'conv(3)'", e.getMessage());
    }

    @Test
    void parse_should_fail_naming_a_step_with_unbalanced_parentheses() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NetworkRecipe.parse(BASE + " > dense(4"));

        assertEquals("Unbalanced parentheses in step 'dense(4'", e.getMessage());
    }

    @Test
    void parse_should_fail_on_an_empty_recipe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkRecipe.parse(" > "));

        assertEquals("An empty network recipe", e.getMessage());
    }

    @Test
    void build_should_fail_when_the_recipe_does_not_start_with_a_base_network() {
        NetworkRecipe recipe = NetworkRecipe.parse("dense(4) > relu");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, recipe::build);

        assertEquals("A recipe must start with a base network, not 'dense(4)'", e.getMessage());
    }

    @Test
    void keep_should_keep_the_first_children_and_share_their_blocks() {
        SequentialBlock network = NetworkRecipe.parse(BASE).build();
        List<Block> children = network.getChildren().values();

        SequentialBlock kept = NetworkRecipe.keep(network, "5");

        assertEquals(network.getChildren().keys().subList(0, 5), kept.getChildren().keys());
        for (int i = 0; i < 5; i++) {
            assertSame(children.get(i), kept.getChildren().get(i).getValue());
        }
    }

    @Test
    void keep_should_fail_when_asked_for_more_children_than_there_are() {
        SequentialBlock network = NetworkRecipe.parse(BASE).build();

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NetworkRecipe.keep(network, "15"));

        assertEquals("Cannot keep 15 of 14 blocks", e.getMessage());
    }

    @Test
    void build_should_cut_the_base_and_append_the_layers() {
        SequentialBlock network = NetworkRecipe.parse(TRANSFER).build();

        List<String> names = network.getChildren().keys();

        assertEquals(16, names.size());
        assertEquals("12LambdaBlock", names.get(11));
        assertEquals(List.of("13Linear", "14LambdaBlock", "15Dropout", "16Linear"), names.subList(12, 16));
    }

    @Test
    void build_should_give_the_same_block_tree_every_time() {
        NetworkRecipe recipe = NetworkRecipe.parse(TRANSFER);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock first = recipe.build();
            SequentialBlock second = recipe.build();
            first.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            second.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));

            assertEquals(first.getChildren().keys(), second.getChildren().keys());
            assertEquals(parameterShapes(first), parameterShapes(second));
            assertEquals("16Linear_weight (4, 32)", parameterShapes(first).get(parameterShapes(first).size() - 2));
        }
    }

    private static List<String> parameterShapes(Block block) {
        List<String> shapes = new ArrayList<>();
        block.getParameters().forEach(p -> shapes.add(p.getKey() + " " + p.getValue().getArray().getShape()));
        return shapes;
    }
}
