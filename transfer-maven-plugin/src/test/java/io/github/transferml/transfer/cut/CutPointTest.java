package io.github.transferml.transfer.cut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import io.github.transferml.transfer.architecture.BaseArchitecture;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import java.util.List;
import java.util.Map;
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

        assertOption(12, "12LambdaBlock", new Shape(1, 64), cut);
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

        assertOption(5, "05ParallelBlock", new Shape(1, 32, 14, 14), cut);
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
        assertOption(1, "01Conv2d", new Shape(1, 16, 28, 28), options.get(0));
        assertOption(8, "08ParallelBlock", new Shape(1, 64, 7, 7), options.get(7));
        assertOption(14, "14LambdaBlock", new Shape(1, 10), options.get(13));
    }

    @Test
    void featuresIndex_should_be_minus_one_without_a_linear_layer() {
        SequentialBlock convolutions = NetworkRecipe.keep(resnet, "10");

        assertEquals(-1, CutPoint.featuresIndex(convolutions));
        CutPointException e =
                assertThrows(CutPointException.class, () -> CutPoint.parse("features").resolve(convolutions, IMAGE));
        assertTrue(e.getMessage().startsWith("Invalid cut point 'features'. "), e.getMessage());
    }

    @Test
    void resolve_should_accept_resnet_aliases() {
        Map<String, Integer> aliases = BaseArchitecture.cutAliases(NetworkRecipe.resnet(20, 10, IMAGE));

        assertEquals(Map.of("stem", 1, "stage1", 4, "stage2", 7, "stage3", 10, "pool", 11), aliases);
        assertOption(7, "07ParallelBlock", new Shape(1, 32, 14, 14), CutPoint.parse("Stage2").resolve(resnet, IMAGE, aliases));
        assertOption(11, "11LambdaBlock", new Shape(1, 64), CutPoint.parse("pool").resolve(resnet, IMAGE, aliases));
    }

    @Test
    void aliases_should_follow_djl_layout_of_four_stage_resnets() {
        assertEquals(Map.of("stem", 4, "stage1", 6, "stage2", 8, "stage3", 10, "stage4", 12, "pool", 13),
                BaseArchitecture.cutAliases(NetworkRecipe.resnet(18, 10, new Shape(3, 64, 64))));
        assertEquals(Map.of(), BaseArchitecture.cutAliases(NetworkRecipe.parse("resnet(numLayers=21,outSize=2,imageShape=1x28x28)")));
    }

    @Test
    void resolve_should_list_aliases_and_suggest_the_nearest_name() {
        Map<String, Integer> aliases = BaseArchitecture.cutAliases(NetworkRecipe.resnet(20, 10, IMAGE));
        CutPointException e = assertThrows(CutPointException.class,
                () -> CutPoint.parse("12LambdaBlok").resolve(resnet, IMAGE, aliases));

        assertTrue(e.getMessage().contains("04ParallelBlock          4  (1, 16, 28, 28)  <- stage1"), e.getMessage());
        assertTrue(e.getMessage().contains("12LambdaBlock           12  (1, 64)  <- features"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Nearest match: '12LambdaBlock'."), e.getMessage());
        CutPointException typo = assertThrows(CutPointException.class,
                () -> CutPoint.parse("stage4").resolve(resnet, IMAGE, aliases));
        assertTrue(typo.getMessage().endsWith("Nearest match: 'stage1'."), typo.getMessage());
    }

    @Test
    void resolve_should_follow_a_path_into_a_nested_sequential_block() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock inner = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                    .add(Activation.reluBlock())
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).build());
            SequentialBlock network = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build())
                    .add(inner)
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(3).build());
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8));

            CutOption byName = CutPoint.parse("02SequentialBlock/02LambdaBlock").resolve(network, new Shape(1, 8, 8));
            CutOption byIndex = CutPoint.parse("2/2").resolve(network, new Shape(1, 8, 8));

            assertEquals(List.of(2, 2), byName.path());
            assertEquals(byName, byIndex);
            assertEquals("2/2", byIndex.keep());
            assertEquals(new Shape(1, 4, 8, 8), byIndex.outputShape());
            assertEquals(new Shape(1, 8, 6, 6), CutPoint.parse("2/3").resolve(network, new Shape(1, 8, 8)).outputShape());
            SequentialBlock kept = NetworkRecipe.keep(network, byIndex.keep());
            assertEquals(2, kept.getChildren().size());
            assertEquals(2, ((SequentialBlock) kept.getChildren().get(1).getValue()).getChildren().size());
            assertThrows(CutPointException.class, () -> CutPoint.parse("1/1").resolve(network, new Shape(1, 8, 8)));
        }
    }

    private static void assertOption(int kept, String name, Shape shape, CutOption option) {
        assertEquals(List.of(kept), option.path());
        assertEquals(name, option.name());
        assertEquals(shape, option.outputShape());
    }
}
