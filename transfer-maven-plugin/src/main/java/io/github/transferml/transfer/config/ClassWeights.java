package io.github.transferml.transfer.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much each class's examples count in the training loss: all alike ({@code none}), inversely
 * to their frequency ({@code balanced}: n / (classes × n_c), as scikit-learn does), or as written
 * ({@code cat=2,dog=0.5}; unnamed classes count 1).
 */
public final class ClassWeights {

    /** All classes count alike. */
    public static final ClassWeights NONE = new ClassWeights("none", Map.of());

    private final String text;
    private final Map<String, Double> explicit;

    private ClassWeights(String text, Map<String, Double> explicit) {
        this.text = text;
        this.explicit = explicit;
    }

    /**
     * Parses the POM's {@code <classWeights>}.
     *
     * @param text {@code none}, {@code balanced} or {@code name=weight,…}
     * @return the weights
     */
    public static ClassWeights parse(String text) {
        if (text == null || text.isBlank() || "none".equalsIgnoreCase(text.trim())) {
            return NONE;
        }
        String value = text.trim();
        if ("balanced".equalsIgnoreCase(value)) {
            return new ClassWeights("balanced", Map.of());
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            int eq = pair.lastIndexOf('=');
            double weight;
            try {
                weight = eq < 1 ? Double.NaN : Double.parseDouble(pair.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                weight = Double.NaN;
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new ConfigurationException("classWeights", "'" + pair.trim() + "' is not className=weight with a"
                        + " positive weight; write none, balanced, or e.g. cat=2,dog=0.5");
            }
            weights.put(pair.substring(0, eq).trim(), weight);
        }
        return new ClassWeights(value, Map.copyOf(weights));
    }

    /** @return whether all classes count alike */
    public boolean isNone() {
        return this == NONE || "none".equals(text);
    }

    /**
     * Resolves the weights for a dataset.
     *
     * @param classNames the classes, in label order
     * @param labels the training labels
     * @return one weight per class
     * @throws ConfigurationException if a named class does not exist
     */
    public float[] resolve(List<String> classNames, int[] labels) {
        float[] weights = new float[classNames.size()];
        if ("balanced".equals(text)) {
            int[] counts = new int[weights.length];
            for (int label : labels) {
                counts[label]++;
            }
            for (int c = 0; c < weights.length; c++) {
                weights[c] = counts[c] == 0 ? 0f : (float) labels.length / (weights.length * counts[c]);
            }
            return weights;
        }
        java.util.Arrays.fill(weights, 1f);
        for (Map.Entry<String, Double> entry : explicit.entrySet()) {
            int index = classNames.indexOf(entry.getKey());
            if (index < 0) {
                throw new ConfigurationException("classWeights", "names the class '" + entry.getKey()
                        + "', which the dataset does not have; its classes are " + classNames);
            }
            weights[index] = entry.getValue().floatValue();
        }
        return weights;
    }

    /** @return as written: {@code none}, {@code balanced} or the explicit list */
    @Override
    public String toString() {
        return text.toLowerCase(Locale.ROOT).equals("none") ? "none" : text;
    }
}
