package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.quality.QualityRule;

/**
 * One {@code <rule>} of {@code <rules>}: {@code <metric>} ({@code validationAccuracy}, {@code
 * validationLoss}, {@code macroF1} or {@code recall} on the validation set; {@code testAccuracy},
 * {@code testLoss}, {@code testMacroF1} or {@code testRecall} on the test set), {@code <minimum>}
 * and/or {@code <maximum>}, and for {@code recall} and {@code testRecall} an optional {@code
 * <className>} (without one, every class that has images in the set).
 */
public class RuleParameter {

    /** The metric. */
    private String metric;

    /** For {@code recall} and {@code testRecall}: the class; without it the limit applies to every class with images in the set. */
    private String className;

    /** The smallest allowed value. */
    private Double minimum;

    /** The largest allowed value. */
    private Double maximum;

    /** @return the core's rule */
    public QualityRule toRule() {
        return new QualityRule(QualityRule.Metric.parse(metric), className, minimum, maximum);
    }
}
