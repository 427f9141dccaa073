package io.github.transferml.transfer.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.HiddenLayer;
import io.github.transferml.transfer.data.InputSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkInspectorTest {

    private static final BaseModelSpec RESNET20 = new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null);
    private static final InputSpec GREY_28 = new InputSpec(28, 28, true, null);

    @Test
    void inspect_should_list_every_block_with_alias_shape_parameters_and_cut_points() {
        Inspection inspection = new NetworkInspector(null).inspect(RESNET20, GREY_28, "features", List.of(), 10);

        List<BlockRow> cuttable = inspection.blocks().stream().filter(BlockRow::cutPoint).toList();
        assertEquals(14, cuttable.size());
        assertEquals(new BlockRow("1", "01Conv2d", "stem", "Conv2d", new Shape(1, 16, 28, 28), 144, true),
                cuttable.get(0));
        assertEquals("stage2", cuttable.get(6).alias());
        assertEquals(new Shape(1, 32, 14, 14), cuttable.get(6).outputShape());
        // The two branches of every residual unit are shown, but a parallel block cannot be cut into.
        BlockRow branch = inspection.blocks().get(2);
        assertEquals("2/1", branch.path());
        assertFalse(branch.cutPoint());
        assertNull(branch.outputShape());
        assertEquals(18, inspection.blocks().size() - cuttable.size());
    }

    @Test
    void inspect_should_count_the_kept_base_and_the_head_for_the_cut_point() {
        Inspection features = new NetworkInspector(null).inspect(RESNET20, GREY_28, "features",
                List.of(new HiddenLayer(32, 0.2f)), 4);

        assertEquals("12", features.cut().path());
        assertEquals(new Shape(64), features.featureShape());
        assertEquals(273_360, features.frozenParameters()); // all but the 650 of the base's own classifier
        assertEquals(64 * 32 + 32 + 32 * 4 + 4, features.trainableParameters());
        assertEquals(List.of("dense(32)", "relu", "dropout(0.2)", "dense(4)"), features.headSteps());

        Inspection stage2 = new NetworkInspector(null).inspect(RESNET20, GREY_28, "stage2", List.of(), 10);
        assertEquals(new Shape(32, 14, 14), stage2.featureShape());
        assertEquals(32, stage2.featureSize());
        assertEquals(32 * 10 + 10, stage2.trainableParameters());
        assertTrue(stage2.lines().contains("Cut point 'stage2': keep 7 (after 07ParallelBlock), which outputs"
                + " (32, 14, 14); the head receives 32 features"), String.join("\n", stage2.lines()));
        assertTrue(stage2.lines().contains("Parameters: 66,768 (kept base) + 330 (head), all trainable: an untrained"
                + " architecture trains end to end"));
    }

    @Test
    void inspect_should_report_an_invalid_cut_point_with_the_valid_ones() {
        Inspection inspection = new NetworkInspector(null).inspect(RESNET20, GREY_28, "stage9", List.of(), 10);

        assertNull(inspection.cut());
        assertTrue(inspection.cutError().startsWith("Invalid cut point 'stage9'. Valid cut points"));
        assertTrue(inspection.cutError().endsWith("Nearest match: 'stage1'."), inspection.cutError());
        Map<String, Object> json = inspection.toJson();
        @SuppressWarnings("unchecked")
        Map<String, Object> cut = (Map<String, Object>) json.get("cut");
        assertEquals(false, cut.get("valid"));
        assertEquals(32, ((List<?>) json.get("blocks")).size());
    }
}
