package io.github.transferml.transfer.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.runtime.TorchvisionResNet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaseArchitectureTest {

    @Test
    void of_should_recognise_each_family_by_its_first_recipe_step() {
        assertEquals(BaseArchitecture.DJL_RESNET, BaseArchitecture.of(NetworkRecipe.resnet(20, 10, new Shape(1, 28, 28))));
        assertEquals(BaseArchitecture.MOBILENET_V2,
                BaseArchitecture.of(NetworkRecipe.mobileNetV2(5, new Shape(3, 224, 224)).then("dense(5)")));
        assertEquals(BaseArchitecture.TORCHSCRIPT, BaseArchitecture.of(NetworkRecipe.torchScript("model.pt")));
        assertEquals(BaseArchitecture.TORCHVISION_RESNET, BaseArchitecture.of(NetworkRecipe.parse(
                "tvresnet(block=basic,channels=3,stem=64,stages=2x64x64/2x128x128,classes=0) > keep(5)")));
        assertThrows(IllegalArgumentException.class, () -> BaseArchitecture.of(NetworkRecipe.parse("dense(3)")));
    }

    @Test
    void torchscript_should_be_the_only_family_that_stays_frozen() {
        for (BaseArchitecture architecture : BaseArchitecture.values()) {
            boolean opaque = architecture == BaseArchitecture.TORCHSCRIPT;
            assertEquals(opaque, architecture.isOpaque(), architecture.name());
            assertEquals(!opaque, architecture.canFineTune(), architecture.name());
            assertEquals(!opaque, architecture.canTrainFromScratch(), architecture.name());
        }
    }

    @Test
    void cutAliases_should_name_the_stages_of_each_family() {
        assertEquals(Map.of("features", 1), BaseArchitecture.cutAliases(NetworkRecipe.torchScript("m.pt")));
        Map<String, Integer> mobileNet = BaseArchitecture.cutAliases(NetworkRecipe.mobileNetV2(5, new Shape(3, 224, 224)));
        assertEquals(10, mobileNet.get("features"));
        assertEquals(9, mobileNet.get("top"));
        Map<String, Integer> tv = BaseArchitecture.cutAliases(NetworkRecipe.parse(
                "tvresnet(block=basic,channels=3,stem=64,stages=2x64x64/2x128x128,classes=0)"));
        assertEquals(5, tv.get("layer1"));
        assertEquals(7, tv.get("features"));
        assertFalse(tv.containsKey("fc"), "no classifier, no fc");
        assertTrue(BaseArchitecture.cutAliases(NetworkRecipe.parse("dense(3)")).isEmpty());
    }

    @Test
    void runtimeClasses_should_be_empty_only_for_an_opaque_module() {
        assertTrue(BaseArchitecture.TORCHSCRIPT.runtimeClasses().isEmpty());
        assertTrue(BaseArchitecture.TORCHVISION_RESNET.runtimeClasses().contains(TorchvisionResNet.class));
        assertEquals("tvresnet", BaseArchitecture.TORCHVISION_RESNET.step());
    }
}
