package io.github.transferml.transfer.quality;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.report.ClassMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a model's validation and test figures against the rules, as {@code jacoco:check} checks
 * coverage: every missed limit becomes one message with the metric, its value, the limit and the
 * gap. A value is printed rounded toward failure, so a failing value never prints as if it passed.
 *
 * <p>A recall rule without a class checks the classes that have images (the others have no
 * recall); a rule naming a class without images fails, since nothing shows it is met.
 */
public final class QualityGate {

    private static final int DIGITS = 4;

    private final List<QualityRule> rules;

    /** @param rules the rules */
    public QualityGate(List<QualityRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** @return the rules */
    public List<QualityRule> rules() {
        return rules;
    }

    /**
     * One set of examples' figures.
     *
     * @param accuracy the fraction classified right
     * @param loss the mean cross-entropy
     * @param classes per-class figures
     */
    public record Figures(double accuracy, double loss, ClassMetrics classes) {}

    /**
     * Fails before anything trains when a rule needs test figures that the run will not have.
     *
     * @param hasTestSet whether the dataset has a test set
     * @throws ConfigurationException naming the test metrics and how to get a test set
     */
    public void requireTestSet(boolean hasTestSet) {
        List<String> needing = rules.stream().map(QualityRule::metric).filter(QualityRule.Metric::isTest).distinct()
                .map(QualityRule.Metric::pomName).toList();
        if (!hasTestSet && !needing.isEmpty()) {
            throw new ConfigurationException("rules.rule.metric", String.join(", ", needing)
                    + (needing.size() == 1 ? " needs" : " need") + " a test set, but <dataset> has none: give it a"
                    + " <testSplit> (e.g. 0.2) or a <testDirectory> (IDX: <testImages> and <testLabels>)");
        }
    }

    /** @return whether a rule checks a figure of the validation set */
    public boolean checksValidation() {
        return rules.stream().anyMatch(rule -> !rule.metric().isTest());
    }

    /** @return whether a rule checks a figure of the test set */
    public boolean checksTest() {
        return rules.stream().anyMatch(rule -> rule.metric().isTest());
    }

    /**
     * Says that validation figures flatter a model they chose, when the gate checks them.
     *
     * @param chooser what chose the model on validation figures, e.g. {@code early stopping on
     *     validationLoss}
     * @param hasTestSet whether the run has a test set
     * @return the note, or null when no rule checks a validation figure
     */
    public String validationBiasNote(String chooser, boolean hasTestSet) {
        if (!checksValidation()) {
            return null;
        }
        return "The quality gate checks validation figures, which chose the model (" + chooser + "): they are biased"
                + " upward; " + (checksTest() ? "its test* rules check the test set, which nothing was tuned on."
                        : hasTestSet ? "test* rules (testAccuracy, testLoss, testMacroF1, testRecall) would check the"
                                + " test set, which nothing was tuned on."
                        : "a <testSplit> or <testDirectory> with test* rules gives an unbiased check.");
    }

    /**
     * Checks validation figures against rules of validation metrics.
     *
     * @param validationAccuracy the validation accuracy
     * @param validationLoss the validation loss
     * @param classes per-class figures
     * @return the result
     * @throws ConfigurationException if a rule names a class the model does not have, or a test metric
     */
    public Result check(double validationAccuracy, double validationLoss, ClassMetrics classes) {
        return check(new Figures(validationAccuracy, validationLoss, classes), null);
    }

    /**
     * Checks the figures.
     *
     * @param validation the validation set's figures
     * @param test the test set's figures, or null without a test set
     * @return the result
     * @throws ConfigurationException if a rule names a class the model does not have, or a test metric
     *     without test figures
     */
    public Result check(Figures validation, Figures test) {
        return check(validation, test, "validation");
    }

    /**
     * Checks the figures, naming the images scored for validation* rules as the caller calls them.
     *
     * @param validation the figures validation* rules check
     * @param test the test set's figures, or null without a test set
     * @param validationImages what the images of {@code validation} are, e.g. {@code test} in
     *     {@code transfer:evaluate}, for the messages
     * @return the result
     * @throws ConfigurationException if a rule names a class the model does not have, or a test metric
     *     without test figures
     */
    public Result check(Figures validation, Figures test, String validationImages) {
        requireTestSet(test != null);
        List<String> passed = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (QualityRule rule : rules) {
            Figures figures = rule.metric().isTest() ? test : validation;
            String name = rule.metric().pomName();
            switch (rule.metric()) {
                case VALIDATION_ACCURACY:
                case TEST_ACCURACY:
                    check(rule, name, figures.accuracy(), passed, violations);
                    break;
                case VALIDATION_LOSS:
                case TEST_LOSS:
                    check(rule, name, figures.loss(), passed, violations);
                    break;
                case MACRO_F1:
                case TEST_MACRO_F1:
                    check(rule, name, figures.classes().macroF1(), passed, violations);
                    break;
                case RECALL:
                case TEST_RECALL:
                default:
                    List<String> names = figures.classes().classNames();
                    if (rule.className() != null && !names.contains(rule.className())) {
                        throw new ConfigurationException("rules.rule.className", "'" + rule.className()
                                + "' is not a class of this model; its classes are " + names);
                    }
                    ClassMetrics classes = figures.classes();
                    String images = rule.metric().isTest() ? "test" : validationImages;
                    if (rule.className() != null) {
                        int c = names.indexOf(rule.className());
                        if (classes.hasExamples(c)) {
                            check(rule, name + " of class " + names.get(c), classes.recall(c), passed, violations);
                        } else {
                            // A rule that names a class asks for evidence about it; none is not a pass.
                            violations.add(name + " of class " + names.get(c) + " cannot be checked: the class has no "
                                    + images + " images");
                        }
                    } else {
                        for (int c = 0; c < names.size(); c++) {
                            if (classes.hasExamples(c)) {
                                check(rule, name + " of class " + names.get(c), classes.recall(c), passed, violations);
                            }
                        }
                        if (classes.classesWithoutExamples().size() == names.size()) {
                            violations.add(name + " of every class cannot be checked: no class has " + images + " images");
                        }
                    }
                    break;
            }
        }
        return new Result(passed, violations);
    }

    private static void check(QualityRule rule, String what, double value, List<String> passed, List<String> violations) {
        if (rule.minimum() != null && !(value >= rule.minimum())) {
            violations.add(String.format(Locale.ROOT, "%s is %s, but expected minimum is %s (short by %s)", what,
                    round(value, RoundingMode.FLOOR), plain(rule.minimum()), round(rule.minimum() - value, RoundingMode.CEILING)));
        } else if (rule.maximum() != null && !(value <= rule.maximum())) {
            violations.add(String.format(Locale.ROOT, "%s is %s, but expected maximum is %s (over by %s)", what,
                    round(value, RoundingMode.CEILING), plain(rule.maximum()), round(value - rule.maximum(), RoundingMode.CEILING)));
        } else {
            List<String> limits = new ArrayList<>();
            if (rule.minimum() != null) {
                limits.add("minimum " + plain(rule.minimum()));
            }
            if (rule.maximum() != null) {
                limits.add("maximum " + plain(rule.maximum()));
            }
            passed.add(String.format(Locale.ROOT, "%s is %s (expected %s)", what, round(value, RoundingMode.HALF_EVEN),
                    String.join(", ", limits)));
        }
    }

    private static String round(double value, RoundingMode mode) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value).setScale(DIGITS, mode).toPlainString();
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * What the check found.
     *
     * @param passed one line per limit met
     * @param violations one line per limit missed
     */
    public record Result(List<String> passed, List<String> violations) {

        /** @return whether every limit was met */
        public boolean ok() {
            return violations.isEmpty();
        }

        /** @return every line, violations first, for the report */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            violations.forEach(v -> lines.add("FAILED: " + v));
            passed.forEach(p -> lines.add("passed: " + p));
            return lines;
        }
    }
}
