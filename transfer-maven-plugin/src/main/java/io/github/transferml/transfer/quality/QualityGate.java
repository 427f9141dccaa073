package io.github.transferml.transfer.quality;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.report.ClassMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a model's validation figures against the rules, as {@code jacoco:check} checks coverage:
 * every missed limit becomes one message with the metric, its value, the limit and the gap. A value
 * is printed rounded toward failure, so a failing value never prints as if it passed.
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
     * Checks the figures of the validation images.
     *
     * @param validationAccuracy the validation accuracy
     * @param validationLoss the validation loss
     * @param classes per-class figures
     * @return the result
     * @throws ConfigurationException if a rule names a class the model does not have
     */
    public Result check(double validationAccuracy, double validationLoss, ClassMetrics classes) {
        return check(validationAccuracy, validationLoss, classes, "validation");
    }

    /**
     * Checks the figures.
     *
     * @param validationAccuracy the accuracy on the images scored
     * @param validationLoss the loss on the images scored
     * @param classes per-class figures
     * @param images what the images scored are, e.g. {@code test}, for the messages
     * @return the result
     * @throws ConfigurationException if a rule names a class the model does not have
     */
    public Result check(double validationAccuracy, double validationLoss, ClassMetrics classes, String images) {
        List<String> passed = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (QualityRule rule : rules) {
            switch (rule.metric()) {
                case VALIDATION_ACCURACY:
                    check(rule, rule.metric().pomName(), validationAccuracy, passed, violations);
                    break;
                case VALIDATION_LOSS:
                    check(rule, rule.metric().pomName(), validationLoss, passed, violations);
                    break;
                case MACRO_F1:
                    check(rule, rule.metric().pomName(), classes.macroF1(), passed, violations);
                    break;
                case RECALL:
                default:
                    List<String> names = classes.classNames();
                    if (rule.className() != null && !names.contains(rule.className())) {
                        throw new ConfigurationException("rules.rule.className", "'" + rule.className()
                                + "' is not a class of this model; its classes are " + names);
                    }
                    if (rule.className() != null) {
                        int c = names.indexOf(rule.className());
                        if (classes.hasExamples(c)) {
                            check(rule, "recall of class " + names.get(c), classes.recall(c), passed, violations);
                        } else {
                            // A rule that names a class asks for evidence about it; none is not a pass.
                            violations.add("recall of class " + names.get(c) + " cannot be checked: the class has no "
                                    + images + " images");
                        }
                    } else {
                        for (int c = 0; c < names.size(); c++) {
                            if (classes.hasExamples(c)) {
                                check(rule, "recall of class " + names.get(c), classes.recall(c), passed, violations);
                            }
                        }
                        if (classes.classesWithoutExamples().size() == names.size()) {
                            violations.add("recall of every class cannot be checked: no class has " + images + " images");
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
