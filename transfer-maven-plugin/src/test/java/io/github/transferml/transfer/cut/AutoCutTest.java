package io.github.transferml.transfer.cut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.architecture.BaseArchitecture;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AutoCutTest {

    private static final Shape IMAGE = new Shape(1, 28, 28);

    private static NDManager manager;
    private static SequentialBlock resnet;
    private static Map<String, Integer> aliases;

    @BeforeAll
    static void buildResnet() {
        manager = NDManager.newBaseManager();
        resnet = NetworkRecipe.resnet(20, 10, IMAGE).build();
        resnet.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(IMAGE));
        aliases = BaseArchitecture.cutAliases(NetworkRecipe.resnet(20, 10, IMAGE));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static List<String> resolve(String text) {
        return AutoCut.parse(text).resolve(resnet, IMAGE, aliases).stream().map(AutoCut.Candidate::cutPoint).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "AUTO", " auto:stage2,features ", "auto:"})
    void isAuto_should_accept_auto_with_or_without_a_list(String text) {
        assertTrue(AutoCut.isAuto(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"features", "stage2", "automatic", "autostage2", ""})
    void isAuto_should_leave_other_cut_points_alone(String text) {
        assertFalse(AutoCut.isAuto(text));
        assertFalse(AutoCut.isAuto(null));
    }

    @Test
    void resolve_should_try_the_stage_ends_without_features_when_only_pooling_follows_the_last_stage() {
        // resnet20: stage3 and features differ by global pooling and flattening, the same pooled vector.
        assertEquals(List.of("stage1", "stage2", "stage3"), resolve("auto"));
        assertTrue(AutoCut.parse("auto").isDefault());
    }

    @Test
    void resolve_should_try_the_listed_cut_points_in_network_order() {
        List<AutoCut.Candidate> candidates = AutoCut.parse("auto: features, 5, stage2 ").resolve(resnet, IMAGE, aliases);

        assertEquals(List.of("5", "stage2", "features"), candidates.stream().map(AutoCut.Candidate::cutPoint).toList());
        assertEquals(List.of("5", "7", "12"), candidates.stream().map(c -> c.option().keep()).toList());
        assertEquals(List.of("features", "5", "stage2"), AutoCut.parse("auto: features, 5, stage2 ").listed());
    }

    @Test
    void resolve_should_fail_like_a_cut_point_for_an_unknown_name() {
        CutPointException e = assertThrows(CutPointException.class, () -> resolve("auto:stage2,stage9"));

        assertTrue(e.getMessage().startsWith("Invalid cut point 'stage9'. Valid cut points (name or index; output"
                + " shape):"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Nearest match: 'stage1'."), e.getMessage());
    }

    @Test
    void resolve_should_fail_for_the_same_cut_point_listed_twice() {
        CutPointException e = assertThrows(CutPointException.class, () -> resolve("auto:stage2,features,stage2"));

        assertEquals("Cut point 'auto:stage2,features,stage2' lists 'stage2' twice: stage2 and stage2 both keep 7"
                + " (after 07ParallelBlock). List each place once.", e.getMessage());
    }

    @Test
    void resolve_should_fail_for_two_names_of_one_place() {
        CutPointException e = assertThrows(CutPointException.class, () -> resolve("auto:stage3,10,features"));

        assertEquals("Cut point 'auto:stage3,10,features' lists one place twice: stage3 and 10 both keep 10"
                + " (after 10ParallelBlock). List each place once.", e.getMessage());
    }

    @Test
    void parse_should_fail_for_an_empty_list() {
        CutPointException e = assertThrows(CutPointException.class, () -> AutoCut.parse("auto: "));

        assertEquals("Cut point 'auto:' lists no cut points: write auto (the base's stage ends) or the candidates,"
                + " e.g. auto:stage2,stage3,features.", e.getMessage());
    }

    @Test
    void parse_should_fail_for_an_empty_entry() {
        CutPointException e = assertThrows(CutPointException.class, () -> AutoCut.parse("auto:stage2,,features"));

        assertEquals("Cut point 'auto:stage2,,features' has an empty entry: separate the candidates with single"
                + " commas, e.g. auto:stage2,stage3,features.", e.getMessage());
    }

    @Test
    void parse_should_fail_for_a_single_candidate() {
        CutPointException e = assertThrows(CutPointException.class, () -> AutoCut.parse("auto:stage2"));

        assertEquals("Cut point 'auto:stage2' lists one cut point, so there is nothing to choose: list two or more,"
                + " or write stage2 without auto.", e.getMessage());
    }

    @Test
    void resolve_should_fail_for_plain_auto_on_a_base_without_stage_names() {
        CutPointException e = assertThrows(CutPointException.class,
                () -> AutoCut.parse("auto").resolve(resnet, IMAGE, Map.of()));

        assertTrue(e.getMessage().startsWith("Cut point auto needs two or more candidates, but the plugin knows only"
                + " features for this base: list them, e.g. auto:"), e.getMessage());
    }
}
