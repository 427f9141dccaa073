package io.github.transferml.transfer.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.data.InputSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MobileNetInspectionTest {

    private static final BaseModelSpec MOBILENET = new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "MobileNetV2", null);

    @Test
    void inspect_should_show_mobilenet_v2_stages_and_cut_features_after_the_pooling() {
        Inspection inspection = new NetworkInspector(null).inspect(MOBILENET, new InputSpec(160, 160, false, null),
                "features", List.of(), 2);

        Map<String, String> aliases = inspection.blocks().stream().filter(r -> r.alias() != null)
                .collect(Collectors.toMap(BlockRow::alias, BlockRow::path));
        assertEquals("1", aliases.get("stem"));
        assertEquals("8", aliases.get("stage7"));
        assertEquals("9", aliases.get("top"));
        assertEquals("10", aliases.get("pool, features"));
        assertEquals("10", inspection.cut().path());
        assertEquals(new Shape(1280), inspection.featureShape());
        assertEquals(1280 * 2 + 2, inspection.trainableParameters());
        // As in the Keras tutorial: the last feature map of a 160 x 160 image is 5 x 5 x 1280.
        BlockRow top = inspection.blocks().stream().filter(r -> "9".equals(r.path())).findFirst().orElseThrow();
        assertEquals(new Shape(1, 1280, 5, 5), top.outputShape());
        // Stages are sequential blocks: their bottlenecks are cut points too.
        assertTrue(inspection.blocks().stream().anyMatch(r -> r.path().equals("5/2") && r.cutPoint()));
    }
}
