package io.github.transferml.transfer.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassWeightsTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "fox");

    @Test
    void balanced_should_weigh_classes_inversely_to_their_frequency() {
        // n / (classes * n_c): 6 / (3 * 3), 6 / (3 * 2), 6 / (3 * 1)
        float[] weights = ClassWeights.parse("balanced").resolve(CLASSES, new int[] {0, 0, 0, 1, 1, 2});
        assertArrayEquals(new float[] {2f / 3, 1f, 2f}, weights, 1e-6f);
    }

    @Test
    void explicit_weights_should_apply_by_name_and_leave_others_at_one() {
        float[] weights = ClassWeights.parse("fox=2.5, cat=0.5").resolve(CLASSES, new int[] {0, 1, 2});
        assertArrayEquals(new float[] {0.5f, 1f, 2.5f}, weights, 1e-6f);
        assertEquals("fox=2.5, cat=0.5", ClassWeights.parse("fox=2.5, cat=0.5").toString());
    }

    @Test
    void none_should_be_the_default() {
        assertTrue(ClassWeights.parse(null).isNone());
        assertTrue(ClassWeights.parse(" None ").isNone());
    }

    @Test
    void bad_weights_and_unknown_classes_should_be_named() {
        assertEquals("<classWeights> 'dog=-1' is not className=weight with a positive weight; write none, balanced,"
                + " or e.g. cat=2,dog=0.5", assertThrows(ConfigurationException.class,
                        () -> ClassWeights.parse("cat=2,dog=-1")).getMessage());
        assertEquals("<classWeights> names the class 'wolf', which the dataset does not have; its classes are"
                + " [cat, dog, fox]", assertThrows(ConfigurationException.class,
                        () -> ClassWeights.parse("wolf=2").resolve(CLASSES, new int[] {0})).getMessage());
    }
}
