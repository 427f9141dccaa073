package io.github.transferml.transfer.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
                one.check(new QualityGate.Figures(0.7, 0.5, UNTESTED_C), null, "test").violations());
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
    void check_should_limit_test_figures_with_test_metrics_and_validation_figures_with_the_others() {
        QualityGate.Figures validation = new QualityGate.Figures(0.95, 0.1, CLASSES);
        QualityGate.Figures test = new QualityGate.Figures(0.5, 0.75, CLASSES);
        QualityGate gate = new QualityGate(List.of(new QualityRule(Metric.VALIDATION_ACCURACY, null, 0.9, null),
                new QualityRule(Metric.TEST_ACCURACY, null, 0.75, null),
                new QualityRule(Metric.TEST_LOSS, null, null, 0.5),
                new QualityRule(Metric.TEST_MACRO_F1, null, 0.6, null)));

        QualityGate.Result result = gate.check(validation, test);

        assertEquals(List.of("testAccuracy is 0.5000, but expected minimum is 0.75 (short by 0.2500)",
                "testLoss is 0.7500, but expected maximum is 0.5 (over by 0.2500)"), result.violations());
        assertEquals(List.of("validationAccuracy is 0.9500 (expected minimum 0.9)",
                "testMacroF1 is 0.6250 (expected minimum 0.6)"), result.passed());
    }

    @Test
    void check_should_apply_test_recall_to_every_class_or_to_one() {
        QualityGate.Figures validation = new QualityGate.Figures(1, 0, ClassMetrics.of(List.of("a", "b"),
                new int[] {0, 1}, new int[] {0, 1}));
        QualityGate.Figures test = new QualityGate.Figures(0.7, 0.5, CLASSES);

        assertEquals(List.of("testRecall of class b is 0.5000, but expected minimum is 0.6 (short by 0.1000)"),
                new QualityGate(List.of(new QualityRule(Metric.TEST_RECALL, null, 0.6, null)))
                        .check(validation, test).violations());
        assertEquals(List.of("testRecall of class a is 0.7500 (expected minimum 0.6)"),
                new QualityGate(List.of(new QualityRule(Metric.TEST_RECALL, "a", 0.6, null)))
                        .check(validation, test).passed());
        assertEquals("testRecall of class a >= 0.6", new QualityRule(Metric.TEST_RECALL, "a", 0.6, null).describe());
    }

    @Test
    void check_should_fail_for_a_test_metric_without_a_test_set() {
        QualityGate gate = new QualityGate(List.of(new QualityRule(Metric.TEST_ACCURACY, null, 0.9, null),
                new QualityRule(Metric.TEST_RECALL, null, 0.5, null), new QualityRule(Metric.MACRO_F1, null, 0.5, null)));

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> gate.check(0.9, 0.1, CLASSES));

        assertEquals("<rules.rule.metric> testAccuracy, testRecall need a test set, but <dataset> has none: give it a"
                + " <testSplit> (e.g. 0.2) or a <testDirectory> (IDX: <testImages> and <testLabels>)", e.getMessage());
        gate.requireTestSet(true);
        new QualityGate(List.of(new QualityRule(Metric.MACRO_F1, null, 0.5, null))).requireTestSet(false);
    }

    @Test
    void test_metrics_should_parse_in_any_case() {
        assertEquals(Metric.TEST_ACCURACY, Metric.parse("testAccuracy"));
        assertEquals(Metric.TEST_LOSS, Metric.parse(" TESTLOSS "));
        assertEquals(Metric.TEST_MACRO_F1, Metric.parse("testMacroF1"));
        assertEquals(Metric.TEST_RECALL, Metric.parse("testrecall"));
    }

    @Test
    void validation_bias_note_should_say_what_chose_the_model_and_what_checks_without_bias() {
        QualityGate validationOnly = new QualityGate(List.of(new QualityRule(Metric.RECALL, null, 0.5, null)));
        QualityGate both = new QualityGate(List.of(new QualityRule(Metric.VALIDATION_ACCURACY, null, 0.9, null),
                new QualityRule(Metric.TEST_ACCURACY, null, 0.9, null)));
        QualityGate testOnly = new QualityGate(List.of(new QualityRule(Metric.TEST_ACCURACY, null, 0.9, null)));
        String chose = "The quality gate checks validation figures, which chose the model (early stopping on"
                + " validationLoss): they are biased upward; ";

        assertEquals(chose + "a <testSplit> or <testDirectory> with test* rules gives an unbiased check.",
                validationOnly.validationBiasNote("early stopping on validationLoss", false));
        assertEquals(chose + "test* rules (testAccuracy, testLoss, testMacroF1, testRecall) would check the test set,"
                + " which nothing was tuned on.", validationOnly.validationBiasNote("early stopping on validationLoss",
                        true));
        assertEquals(chose + "its test* rules check the test set, which nothing was tuned on.",
                both.validationBiasNote("early stopping on validationLoss", true));
        assertNull(testOnly.validationBiasNote("early stopping on validationLoss", true));
        assertNull(new QualityGate(List.of()).validationBiasNote("early stopping on validationLoss", false));
    }

    @Test
    void rules_should_be_validated() {
        assertEquals("<rules.rule> validationAccuracy needs a <minimum> or a <maximum>", assertThrows(
                ConfigurationException.class, () -> new QualityRule(Metric.VALIDATION_ACCURACY, null, null, null))
                .getMessage());
        assertEquals("<rules.rule.className> applies to recall and testRecall only, not macroF1", assertThrows(
                ConfigurationException.class, () -> new QualityRule(Metric.MACRO_F1, "a", 0.5, null)).getMessage());
        assertEquals("<rules.rule.metric> 'f1' is not known; use one of validationAccuracy, validationLoss, macroF1, recall,"
                + " testAccuracy, testLoss, testMacroF1, testRecall",
                assertThrows(ConfigurationException.class, () -> Metric.parse("f1")).getMessage());
    }
}
