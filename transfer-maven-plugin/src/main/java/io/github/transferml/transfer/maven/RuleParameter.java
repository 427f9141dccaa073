package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.quality.QualityRule;

/**
 * One {@code <rule>} of {@code <rules>}: {@code <metric>} ({@code validationAccuracy}, {@code
 * validationLoss}, {@code macroF1} or {@code recall}), {@code <minimum>} and/or {@code <maximum>},
 * and for {@code recall} an optional {@code <className>} (without one, every class that has
 * validation images).
 */
public class RuleParameter {

    /** The metric. */
    private String metric;

    /** For {@code recall}: the class; without it the limit applies to every class with validation images. */
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
