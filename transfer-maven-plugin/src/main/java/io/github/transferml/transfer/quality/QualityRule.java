package io.github.transferml.transfer.quality;

import io.github.transferml.transfer.config.ConfigurationException;
import java.util.Arrays;
import java.util.Locale;

/**
 * One limit of the quality gate, as {@code jacoco:check}'s {@code <limit>}: a metric with a minimum
 * and/or a maximum; {@code recall} and {@code testRecall} apply to one class ({@code className}) or,
 * without one, to each class that has images in the set. The {@code test…} metrics are those of the
 * test set, scored once on the final model; the others are the validation set's.
 *
 * @param metric the metric
 * @param className the class of a per-class metric, or null for every class with validation images
 * @param minimum the smallest allowed value, or null
 * @param maximum the largest allowed value, or null
 */
public record QualityRule(Metric metric, String className, Double minimum, Double maximum) {

    /** The metrics a rule can limit. */
    public enum Metric {
        /** Fraction of validation images classified right. */
        VALIDATION_ACCURACY("validationAccuracy", false),
        /** Mean cross-entropy on the validation images. */
        VALIDATION_LOSS("validationLoss", false),
        /** The unweighted mean of the classes' F1 scores. */
        MACRO_F1("macroF1", false),
        /** A class's recall: the fraction of its images classified as it. */
        RECALL("recall", false),
        /** Fraction of test images classified right. */
        TEST_ACCURACY("testAccuracy", true),
        /** Mean cross-entropy on the test images. */
        TEST_LOSS("testLoss", true),
        /** The unweighted mean of the classes' F1 scores on the test images. */
        TEST_MACRO_F1("testMacroF1", true),
        /** A class's recall on the test images. */
        TEST_RECALL("testRecall", true);

        private final String pomName;
        private final boolean test;

        Metric(String pomName, boolean test) {
            this.pomName = pomName;
            this.test = test;
        }

        /** @return the name as written in the POM and in {@code metrics.json} */
        public String pomName() {
            return pomName;
        }

        /** @return whether it is a figure of the test set rather than of the validation set */
        public boolean isTest() {
            return test;
        }

        /** @return whether it is per class, so a rule may name a {@code className} */
        public boolean isPerClass() {
            return this == RECALL || this == TEST_RECALL;
        }

        /**
         * Parses a POM name (case-insensitive).
         *
         * @param name the name
         * @return the metric
         */
        public static Metric parse(String name) {
            for (Metric m : values()) {
                if (name != null && m.pomName.equalsIgnoreCase(name.trim())) {
                    return m;
                }
            }
            throw new ConfigurationException("rules.rule.metric", "'" + name + "' is not known; use one of "
                    + String.join(", ", Arrays.stream(values()).map(Metric::pomName).toList()));
        }
    }

    /** Validates. */
    public QualityRule {
        if (metric == null) {
            throw new ConfigurationException("rules.rule.metric", "is required");
        }
        if (minimum == null && maximum == null) {
            throw new ConfigurationException("rules.rule", metric.pomName() + " needs a <minimum> or a <maximum>");
        }
        if (minimum != null && maximum != null && minimum > maximum) {
            throw new ConfigurationException("rules.rule", String.format(Locale.ROOT,
                    "%s has minimum %s above maximum %s", metric.pomName(), minimum, maximum));
        }
        if (className != null && !metric.isPerClass()) {
            throw new ConfigurationException("rules.rule.className", "applies to recall and testRecall only, not "
                    + metric.pomName());
        }
    }

    /** @return e.g. {@code recall of class 7 >= 0.7} */
    public String describe() {
        String what = metric.pomName() + (metric.isPerClass() ? className == null ? " of every class" : " of class "
                + className : "");
        StringBuilder sb = new StringBuilder(what);
        if (minimum != null) {
            sb.append(" >= ").append(minimum);
        }
        if (maximum != null) {
            sb.append(minimum != null ? " and" : "").append(" <= ").append(maximum);
        }
        return sb.toString();
    }
}
