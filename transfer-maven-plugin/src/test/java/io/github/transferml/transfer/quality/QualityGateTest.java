package io.github.transferml.transfer.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.quality.QualityRule.Metric;
import io.github.transferml.transfer.report.ClassMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGateTest {

    /** Class a: 3 of 4 right (recall 0.75); class b: 1 of 2 right (recall 0.5). */
    private static final ClassMetrics CLASSES = ClassMetrics.of(List.of("a", "b"),
            new int[] {0, 0, 0, 0, 1, 1}, new int[] {0, 0, 0, 1, 1, 0});

    /** The predictions of {@link #CLASSES}, for a model that also has a class c without images. */
    private static final ClassMetrics UNTESTED_C = ClassMetrics.of(List.of("a", "b", "c"),
            new int[] {0, 0, 0, 0, 1, 1}, new int[] {0, 0, 0, 1, 1, 0});

    @Test
    void check_should_fail_when_accuracy_is_below_minimum_and_round_toward_failure() {
        QualityGate.Result result = new QualityGate(List.of(new QualityRule(Metric.VALIDATION_ACCURACY, null, 0.9, null)))
                .check(0.89999, 0.3, CLASSES);

        assertEquals(List.of("validationAccuracy is 0.8999, but expected minimum is 0.9 (short by 0.0001)"),
                result.violations());
    }

    @Test
    void check_should_fail_when_loss_is_above_maximum() {
        QualityGate.Result result = new QualityGate(List.of(new QualityRule(Metric.VALIDATION_LOSS, null, null, 0.5)))
                .check(0.9, 0.61234, CLASSES);

        assertEquals(List.of("validationLoss is 0.6124, but expected maximum is 0.5 (over by 0.1124)"),
                result.violations());
    }

    @Test
    void check_should_apply_recall_to_every_class_or_to_one() {
        QualityGate every = new QualityGate(List.of(new QualityRule(Metric.RECALL, null, 0.6, null)));
        QualityGate one = new QualityGate(List.of(new QualityRule(Metric.RECALL, "a", 0.6, null)));

        assertEquals(List.of("recall of class b is 0.5000, but expected minimum is 0.6 (short by 0.1000)"),
                every.check(0.7, 0.5, CLASSES).violations());
        assertTrue(one.check(0.7, 0.5, CLASSES).ok());
        assertEquals(List.of("recall of class a is 0.7500 (expected minimum 0.6)"), one.check(0.7, 0.5, CLASSES).passed());
    }

    @Test
    void check_should_limit_macro_f1() {
        // F1 a = 2 * 0.75 * 0.75 / 1.5 = 0.75; F1 b = 0.5; macro 0.625
        QualityGate.Result result = new QualityGate(List.of(new QualityRule(Metric.MACRO_F1, null, 0.7, null)))
                .check(0.7, 0.5, CLASSES);

        assertEquals(List.of("macroF1 is 0.6250, but expected minimum is 0.7 (short by 0.0750)"), result.violations());
    }

    @Test
    void check_should_fail_for_a_class_the_model_does_not_have() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new QualityGate(List.of(new QualityRule(Metric.RECALL, "c", 0.5, null))).check(0.7, 0.5, CLASSES));
        assertEquals("<rules.rule.className> 'c' is not a class of this model; its classes are [a, b]", e.getMessage());
    }

    @Test
    void check_should_leave_classes_without_images_out_of_a_recall_rule_for_every_class() {
        QualityGate every = new QualityGate(List.of(new QualityRule(Metric.RECALL, null, 0.4, null)));

        QualityGate.Result result = every.check(0.7, 0.5, UNTESTED_C);

        assertEquals(List.of(), result.violations());
        assertEquals(List.of("recall of class a is 0.7500 (expected minimum 0.4)",
                "recall of class b is 0.5000 (expected minimum 0.4)"), result.passed());
    }

    @Test
    void check_should_leave_classes_without_images_out_of_macro_f1() {
        QualityGate.Result result = new QualityGate(List.of(new QualityRule(Metric.MACRO_F1, null, 0.6, null)))
                .check(0.7, 0.5, UNTESTED_C);

        assertEquals(List.of("macroF1 is 0.6250 (expected minimum 0.6)"), result.passed());
    }

    @Test
    void check_should_fail_when_a_rule_names_a_class_without_images() {
        QualityGate one = new QualityGate(List.of(new QualityRule(Metric.RECALL, "c", 0.1, null)));

        assertEquals(List.of("recall of class c cannot be checked: the class has no validation images"),
                one.check(0.7, 0.5, UNTESTED_C).violations());
        assertEquals(List.of("recall of class c cannot be checked: the class has no test images"),
                one.check(0.7, 0.5, UNTESTED_C, "test").violations());
    }

    @Test
    void check_should_fail_a_recall_rule_for_every_class_when_no_class_has_images() {
        QualityGate every = new QualityGate(List.of(new QualityRule(Metric.RECALL, null, 0.4, null)));

        QualityGate.Result result = every.check(0, 0, ClassMetrics.of(List.of("a", "b"), new int[0], new int[0]));

        assertEquals(List.of("recall of every class cannot be checked: no class has validation images"),
                result.violations());
        assertEquals(List.of(), result.passed());
    }

    @Test
    void rules_should_be_validated() {
        assertEquals("<rules.rule> validationAccuracy needs a <minimum> or a <maximum>", assertThrows(
                ConfigurationException.class, () -> new QualityRule(Metric.VALIDATION_ACCURACY, null, null, null))
                .getMessage());
        assertEquals("<rules.rule.className> applies to recall only, not macroF1", assertThrows(
                ConfigurationException.class, () -> new QualityRule(Metric.MACRO_F1, "a", 0.5, null)).getMessage());
        assertEquals("<rules.rule.metric> 'f1' is not known; use one of validationAccuracy, validationLoss, macroF1, recall",
                assertThrows(ConfigurationException.class, () -> Metric.parse("f1")).getMessage());
    }
}
