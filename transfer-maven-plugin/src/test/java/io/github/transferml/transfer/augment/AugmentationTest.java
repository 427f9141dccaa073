package io.github.transferml.transfer.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.config.ConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static Augmentation typical() {
        return Augmentation.builder()
                .optHorizontalFlip(true)
                .optRotation(15)
                .optRandomResizedCrop(0.8)
                .optBrightness(0.2)
                .optContrast(0.2)
                .optViews(4)
                .build();
    }

    @Test
    void none_should_enable_nothing_and_cache_one_view() {
        Augmentation none = Augmentation.none();

        assertFalse(none.isEnabled());
        assertEquals(1, none.getViews());
        assertEquals(1, none.getCachedViews());
        assertEquals("none", none.describe());
        assertEquals(none, Augmentation.builder().build());
    }

    @Test
    void isEnabled_should_be_true_when_any_one_transform_is_on() {
        List<Augmentation> single = List.of(
                Augmentation.builder().optHorizontalFlip(true).build(),
                Augmentation.builder().optVerticalFlip(true).build(),
                Augmentation.builder().optRotation(1).build(),
                Augmentation.builder().optRandomResizedCrop(0.9).build(),
                Augmentation.builder().optBrightness(0.1).build(),
                Augmentation.builder().optContrast(0.1).build());

        for (Augmentation augmentation : single) {
            assertTrue(augmentation.isEnabled(), augmentation.describe());
        }
    }

    @Test
    void describe_should_list_the_transforms_and_views_on_one_line() {
        assertEquals("horizontal flip, rotation ±15°, random resized crop (scale ≥ 0.8), brightness ±0.2,"
                + " contrast ±0.2; 4 views per image", typical().describe());
    }

    @Test
    void describe_should_say_view_for_a_single_view() {
        Augmentation flips = Augmentation.builder().optHorizontalFlip(true).optVerticalFlip(true).build();

        assertEquals("horizontal flip, vertical flip; 1 view per image", flips.describe());
    }

    @Test
    void getCachedViews_should_be_one_when_no_transform_is_on() {
        Augmentation views = Augmentation.builder().optViews(4).build();

        assertEquals(4, views.getViews());
        assertEquals(1, views.getCachedViews());
        assertEquals(4, typical().getCachedViews());
    }

    @Test
    void toJson_should_list_every_setting_in_a_fixed_order() {
        Map<String, Object> json = typical().toJson();

        assertEquals(List.of("horizontalFlip", "verticalFlip", "rotation", "cropScale", "brightness", "contrast",
                "views"), List.copyOf(json.keySet()));
        assertEquals(true, json.get("horizontalFlip"));
        assertEquals(false, json.get("verticalFlip"));
        assertEquals(15.0, json.get("rotation"));
        assertEquals(0.8, json.get("cropScale"));
        assertEquals(4, json.get("views"));
    }

    @Test
    void equals_should_compare_every_setting() {
        assertEquals(typical(), typical());
        assertEquals(typical().hashCode(), typical().hashCode());
        assertNotEquals(typical(), Augmentation.builder().optHorizontalFlip(true).optRotation(15)
                .optRandomResizedCrop(0.8).optBrightness(0.2).optContrast(0.2).optViews(3).build());
    }

    @Test
    void build_should_reject_a_rotation_above_180_degrees() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Augmentation.builder().optRotation(200).build());

        assertEquals("augmentation.rotation", e.getParameter());
        assertEquals("<augmentation.rotation> must be in [0, 180] degrees (0 is off), not 200.0", e.getMessage());
    }

    @Test
    void build_should_reject_a_rotation_that_is_not_a_number() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Augmentation.builder().optRotation(Double.NaN).build());

        assertEquals("<augmentation.rotation> must be in [0, 180] degrees (0 is off), not NaN", e.getMessage());
    }

    @Test
    void build_should_reject_a_crop_scale_of_zero() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Augmentation.builder().optRandomResizedCrop(0).build());

        assertEquals("<augmentation.cropScale> must be in (0, 1] (1 is off), not 0.0", e.getMessage());
    }

    @Test
    void build_should_reject_a_crop_scale_above_one() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Augmentation.builder().optRandomResizedCrop(1.2).build());

        assertEquals("<augmentation.cropScale> must be in (0, 1] (1 is off), not 1.2", e.getMessage());
    }

    @Test
    void build_should_reject_a_brightness_above_one() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Augmentation.builder().optBrightness(1.5).build());

        assertEquals("<augmentation.brightness> must be in [0, 1] (0 is off), not 1.5", e.getMessage());
    }

    @Test
    void build_should_reject_a_negative_contrast() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Augmentation.builder().optContrast(-0.1).build());

        assertEquals("<augmentation.contrast> must be in [0, 1] (0 is off), not -0.1", e.getMessage());
    }

    @Test
    void build_should_reject_zero_views() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Augmentation.builder().optViews(0).build());

        assertEquals("<augmentation.views> must be at least 1, not 0", e.getMessage());
    }

    @Test
    void build_should_accept_the_limits_of_every_range() {
        Augmentation limits = Augmentation.builder().optRotation(180).optRandomResizedCrop(1).optBrightness(1)
                .optContrast(1).optViews(1).build();

        assertEquals("rotation ±180°, brightness ±1, contrast ±1; 1 view per image", limits.describe());
    }
}
