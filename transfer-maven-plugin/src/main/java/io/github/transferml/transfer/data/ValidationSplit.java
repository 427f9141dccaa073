package io.github.transferml.transfer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Holds out a fraction of every class for validation: stratified, so small classes are still
 * validated, and seeded, so the same seed always holds out the same files. A test split is carved
 * the same way, before the validation split.
 */
public final class ValidationSplit {

    private ValidationSplit() {}

    /**
     * Splits examples.
     *
     * @param all the examples
     * @param fraction the fraction to hold out, in (0, 1)
     * @param seed the seed
     * @return training and validation parts (validation keeps the original order)
     */
    public static LabeledImages[] split(LabeledImages all, double fraction, long seed) {
        int classes = all.classNames().size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            byClass.get(all.images().get(i).label()).add(i);
        }
        boolean[] held = new boolean[all.size()];
        Random random = new Random(seed);
        for (int c = 0; c < classes; c++) {
            List<Integer> indices = byClass.get(c);
            Collections.shuffle(indices, random);
            int n = indices.size();
            int hold = (int) Math.round(n * fraction);
            if (n >= 2) {
                hold = Math.max(1, Math.min(n - 1, hold));
            } else {
                hold = 0;
            }
            for (int k = 0; k < hold; k++) {
                held[indices.get(k)] = true;
            }
        }
        List<LabeledImage> train = new ArrayList<>();
        List<LabeledImage> validation = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (held[i] ? validation : train).add(all.images().get(i));
        }
        return new LabeledImages[] {
            new LabeledImages(all.classNames(), train), new LabeledImages(all.classNames(), validation)
        };
    }
}
