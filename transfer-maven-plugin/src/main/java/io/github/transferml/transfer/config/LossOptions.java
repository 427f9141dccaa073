package io.github.transferml.transfer.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the training minimises beyond plain cross-entropy: the POM's {@code <labelSmoothing>} and
 * {@code <classWeights>}.
 *
 * @param labelSmoothing the label smoothing factor, in [0, 1)
 * @param classWeights how much each class counts in the training loss
 */
public record LossOptions(float labelSmoothing, ClassWeights classWeights) {

    /** Validates, naming the POM parameter at fault. */
    public LossOptions {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new ConfigurationException("labelSmoothing", "must be in [0, 1), not " + labelSmoothing);
        }
        Objects.requireNonNull(classWeights, "classWeights");
    }

    /** @return whether the loss is plain softmax cross-entropy */
    public boolean isPlain() {
        return labelSmoothing == 0 && classWeights.isNone();
    }

    /** @return what differs from plain cross-entropy, e.g. {@code [label smoothing 0.1, class weights balanced]} */
    public List<String> adjustments() {
        List<String> parts = new ArrayList<>();
        if (labelSmoothing > 0) {
            parts.add("label smoothing " + labelSmoothing);
        }
        if (!classWeights.isNone()) {
            parts.add("class weights " + classWeights);
        }
        return parts;
    }

    /** @return e.g. {@code cross-entropy with label smoothing 0.1} */
    public String describe() {
        List<String> parts = adjustments();
        return parts.isEmpty() ? "cross-entropy" : "cross-entropy with " + String.join(", ", parts);
    }
}
