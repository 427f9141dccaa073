package io.github.transferml.transfer.cut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CutPointTest {

    private static final Shape IMAGE = new Shape(1, 28, 28);

    private static NDManager manager;
    private static SequentialBlock resnet;

    @BeforeAll
    static void buildResnet() {
        manager = NDManager.newBaseManager();
        resnet = NetworkRecipe.resnet(20, 10, IMAGE).build();
        resnet.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(IMAGE));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void resolve_should_keep_everything_before_the_classifier_for_features() {
        CutOption cut = CutPoint.parse("features").resolve(resnet, IMAGE);

        assertEquals(new CutOption(12, "12LambdaBlock", new Shape(1, 64)), cut);
    }

    @Test
    void parse_should_default_to_features_when_blank() {
        assertEquals(CutPoint.FEATURES, CutPoint.parse("  ").getText());
        assertEquals(12, CutPoint.parse(null).resolve(resnet, IMAGE).index());
    }

    @Test
    void resolve_should_accept_a_child_name() {
        assertEquals(12, CutPoint.parse("12LambdaBlock").resolve(resnet, IMAGE).index());
    }

    @Test
    void resolve_should_keep_the_first_n_children_for_a_positive_index() {
        CutOption cut = CutPoint.parse("5").resolve(resnet, IMAGE);

        assertEquals(new CutOption(5, "05ParallelBlock", new Shape(1, 32, 14, 14)), cut);
    }

    @Test
    void resolve_should_drop_the_last_n_children_for_a_negative_index() {
        assertEquals(12, CutPoint.parse("-2").resolve(resnet, IMAGE).index());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "99", "-14", "nope", "12lambdablock"})
    void resolve_should_reject_a_cut_point_that_names_no_child(String text) {
        CutPointException e =
                assertThrows(CutPointException.class, () -> CutPoint.parse(text).resolve(resnet, IMAGE));

        assertTrue(e.getMessage().startsWith("Invalid cut point '" + text + "'. "), e.getMessage());
    }

    @Test
    void resolve_should_list_valid_cut_points_when_name_is_unknown() {
        CutPointException e =
                assertThrows(CutPointException.class, () -> CutPoint.parse("nope").resolve(resnet, IMAGE));

        String message = e.getMessage();
        assertTrue(message.startsWith("Invalid cut point 'nope'. Valid cut points (name or index; output shape):"),
                message);
        for (String child : resnet.getChildren().keys()) {
            assertTrue(message.contains(child), child + " missing from: " + message);
        }
        assertTrue(message.contains("01Conv2d                 1  (1, 16, 28, 28)"), message);
        assertTrue(message.contains("05ParallelBlock          5  (1, 32, 14, 14)"), message);
        assertTrue(message.contains("13Linear                13  (1, 10)"), message);
        assertTrue(message.contains("12LambdaBlock           12  (1, 64)  <- features"), message);
        assertEquals(1, message.split("<- features", -1).length - 1, message);
        assertTrue(message.endsWith("Also: 'features' (everything before the classifier) or -n to drop the last n"
                + " blocks."), message);
    }

    @Test
    void options_should_give_every_child_with_its_output_shape() {
        var options = CutPoint.options(resnet, IMAGE);

        assertEquals(14, options.size());
        assertEquals(new CutOption(1, "01Conv2d", new Shape(1, 16, 28, 28)), options.get(0));
        assertEquals(new CutOption(8, "08ParallelBlock", new Shape(1, 64, 7, 7)), options.get(7));
        assertEquals(new CutOption(14, "14LambdaBlock", new Shape(1, 10)), options.get(13));
    }

    @Test
    void featuresIndex_should_be_minus_one_without_a_linear_layer() {
        SequentialBlock convolutions = NetworkRecipe.keep(resnet, 10);

        assertEquals(-1, CutPoint.featuresIndex(convolutions));
        CutPointException e =
                assertThrows(CutPointException.class, () -> CutPoint.parse("features").resolve(convolutions, IMAGE));
        assertTrue(e.getMessage().startsWith("Invalid cut point 'features'. "), e.getMessage());
    }
}
