package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    /** 40, 20 and 10 examples of three classes, interleaved as a real listing would not be. */
    private static LabeledImages examples() {
        List<LabeledImage> images = new ArrayList<>();
        int[] sizes = {40, 20, 10};
        for (int i = 0; i < 40; i++) {
            for (int label = 0; label < 3; label++) {
                if (i < sizes[label]) {
                    images.add(new LabeledImage(label + "/" + i, label, () -> null));
                }
            }
        }
        return new LabeledImages(List.of("a", "b", "c"), images);
    }

    @Test
    void split_should_hold_out_the_fraction_of_every_class() {
        LabeledImages[] parts = ValidationSplit.split(examples(), 0.2, 42);

        assertArrayEquals(new int[] {32, 16, 8}, parts[0].countPerClass());
        assertArrayEquals(new int[] {8, 4, 2}, parts[1].countPerClass());
    }

    @Test
    void split_should_neither_overlap_nor_lose_examples() {
        LabeledImages all = examples();

        LabeledImages[] parts = ValidationSplit.split(all, 0.3, 42);

        Set<String> train = ids(parts[0]);
        Set<String> validation = ids(parts[1]);
        assertEquals(parts[0].size(), train.size());
        assertEquals(parts[1].size(), validation.size());
        assertTrue(train.stream().noneMatch(validation::contains));
        Set<String> union = new HashSet<>(train);
        union.addAll(validation);
        assertEquals(ids(all), union);
    }

    @Test
    void split_should_keep_the_original_order_in_both_parts() {
        LabeledImages all = examples();

        LabeledImages[] parts = ValidationSplit.split(all, 0.5, 3);

        for (LabeledImages part : parts) {
            List<LabeledImage> images = part.images();
            for (int i = 1; i < images.size(); i++) {
                assertTrue(all.images().indexOf(images.get(i - 1)) < all.images().indexOf(images.get(i)));
            }
        }
    }

    @Test
    void split_should_hold_out_the_same_examples_for_the_same_seed() {
        assertEquals(ids(ValidationSplit.split(examples(), 0.2, 42)[1]),
                ids(ValidationSplit.split(examples(), 0.2, 42)[1]));
    }

    @Test
    void split_should_hold_out_other_examples_for_another_seed() {
        assertNotEquals(ids(ValidationSplit.split(examples(), 0.2, 42)[1]),
                ids(ValidationSplit.split(examples(), 0.2, 43)[1]));
    }

    @Test
    void split_should_validate_every_class_with_at_least_two_examples() {
        LabeledImages all = new LabeledImages(List.of("a", "b", "c"), List.of(
                new LabeledImage("a/1", 0, () -> null), new LabeledImage("a/2", 0, () -> null),
                new LabeledImage("b/1", 1, () -> null), new LabeledImage("b/2", 1, () -> null),
                new LabeledImage("b/3", 1, () -> null), new LabeledImage("c/1", 2, () -> null)));

        LabeledImages[] parts = ValidationSplit.split(all, 0.01, 42);

        assertArrayEquals(new int[] {1, 2, 1}, parts[0].countPerClass());
        assertArrayEquals(new int[] {1, 1, 0}, parts[1].countPerClass());
    }

    private static Set<String> ids(LabeledImages images) {
        Set<String> ids = new HashSet<>();
        images.images().forEach(image -> ids.add(image.id()));
        return ids;
    }
}
