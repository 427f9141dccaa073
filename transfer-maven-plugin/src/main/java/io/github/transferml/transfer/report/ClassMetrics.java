package io.github.transferml.transfer.report;

import io.github.transferml.transfer.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How well a classifier did on each class: the confusion matrix and, from it, precision, recall,
 * F1 and support per class, accuracy, and their macro averages.
 *
 * <p>A class without examples has no recall, and so no F1: {@link #recall(int)} and {@link
 * #f1(int)} are NaN for it and {@link #toJson()} writes them as null. Such classes are left out of
 * the macro averages (unweighted means over the classes with examples), since a class that was not
 * tested says nothing about the model; {@link #classesWithoutExamplesWarning(String)} says which
 * they are. Other ratios whose denominator is zero are 0, never NaN: precision of a class that was
 * never predicted, F1 when precision and recall are both 0, accuracy of no examples, and the macro
 * averages when no class has examples. A class the model never predicts still counts, so it pulls
 * the macro averages down. The macro F1 is the mean of the per-class F1 values, not the F1 of the
 * macro precision and recall.
 */
public final class ClassMetrics {

    private final List<String> classNames;
    private final int[][] confusion;
    private final int[] support;
    private final double[] precision;
    private final double[] recall;
    private final double[] f1;
    private final int total;
    private final double accuracy;

    private ClassMetrics(List<String> classNames, int[][] confusion) {
        int n = classNames.size();
        this.classNames = classNames;
        this.confusion = confusion;
        support = new int[n];
        precision = new double[n];
        recall = new double[n];
        f1 = new double[n];
        int[] predictedCount = new int[n];
        int correct = 0;
        int count = 0;
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                support[t] += confusion[t][p];
                predictedCount[p] += confusion[t][p];
            }
            correct += confusion[t][t];
            count += support[t];
        }
        for (int c = 0; c < n; c++) {
            precision[c] = ratio(confusion[c][c], predictedCount[c]);
            if (support[c] == 0) {
                recall[c] = Double.NaN;
                f1[c] = Double.NaN;
            } else {
                recall[c] = ratio(confusion[c][c], support[c]);
                double sum = precision[c] + recall[c];
                f1[c] = sum == 0 ? 0 : 2 * precision[c] * recall[c] / sum;
            }
        }
        total = count;
        accuracy = ratio(correct, count);
    }

    /**
     * Computes the metrics of a set of predictions.
     *
     * @param classNames the class names, index = class
     * @param labels the true class of each example
     * @param predicted the predicted class of each example, in the same order
     * @return the metrics
     * @throws IllegalArgumentException if there are no classes, the arrays differ in length, or a
     *     class index is outside the class names
     */
    public static ClassMetrics of(List<String> classNames, int[] labels, int[] predicted) {
        if (classNames == null || classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames must name at least one class.");
        }
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries but predicted has "
                    + predicted.length + "; both must have one entry per example.");
        }
        int n = classNames.size();
        int[][] confusion = new int[n][n];
        for (int i = 0; i < labels.length; i++) {
            checkClass("labels", i, labels[i], n);
            checkClass("predicted", i, predicted[i], n);
            confusion[labels[i]][predicted[i]]++;
        }
        return new ClassMetrics(List.copyOf(classNames), confusion);
    }

    private static void checkClass(String array, int index, int value, int classes) {
        if (value < 0 || value >= classes) {
            throw new IllegalArgumentException(array + "[" + index + "] is " + value + ", but there are " + classes
                    + " classes, so it must be between 0 and " + (classes - 1) + ".");
        }
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /** @return the class names, index = class */
    public List<String> classNames() {
        return classNames;
    }

    /** @return the number of examples */
    public int total() {
        return total;
    }

    /**
     * @param trueClass the true class
     * @param predictedClass the predicted class
     * @return how many examples of {@code trueClass} were predicted as {@code predictedClass}
     */
    public int count(int trueClass, int predictedClass) {
        return confusion[trueClass][predictedClass];
    }

    /** @return a copy of the confusion matrix: rows are true classes, columns predicted classes */
    public int[][] confusionMatrix() {
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /** @return the fraction of examples predicted right; 0 if there are none */
    public double accuracy() {
        return accuracy;
    }

    /**
     * @param c a class
     * @return of the examples predicted as {@code c}, the fraction that are {@code c}; 0 if none
     *     was predicted as {@code c}
     */
    public double precision(int c) {
        return precision[c];
    }

    /**
     * @param c a class
     * @return of the examples of {@code c}, the fraction predicted as {@code c}; NaN if {@code c} has
     *     no examples
     */
    public double recall(int c) {
        return recall[c];
    }

    /**
     * @param c a class
     * @return the harmonic mean of precision and recall; 0 if both are 0; NaN if {@code c} has no
     *     examples
     */
    public double f1(int c) {
        return f1[c];
    }

    /**
     * @param c a class
     * @return the number of examples of {@code c}
     */
    public int support(int c) {
        return support[c];
    }

    /**
     * @param c a class
     * @return whether there is an example of {@code c}, so that its recall and F1 are defined
     */
    public boolean hasExamples(int c) {
        return support[c] > 0;
    }

    /** @return the classes without an example, in class order */
    public List<String> classesWithoutExamples() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            if (!hasExamples(c)) {
                names.add(classNames.get(c));
            }
        }
        return names;
    }

    /**
     * Says which classes the macro averages and per-class rules leave out.
     *
     * @param images what the examples are, e.g. {@code validation}
     * @return e.g. {@code Classes without validation images are left out of macro averages and class
     *     rules: [x, y]}, or empty if every class has examples
     */
    public Optional<String> classesWithoutExamplesWarning(String images) {
        List<String> missing = classesWithoutExamples();
        return missing.isEmpty() ? Optional.empty() : Optional.of("Classes without " + images
                + " images are left out of macro averages and class rules: " + missing);
    }

    /** @return the mean precision over the classes with examples */
    public double macroPrecision() {
        return meanOverClassesWithExamples(precision);
    }

    /** @return the mean recall over the classes with examples */
    public double macroRecall() {
        return meanOverClassesWithExamples(recall);
    }

    /** @return the mean F1 over the classes with examples */
    public double macroF1() {
        return meanOverClassesWithExamples(f1);
    }

    private double meanOverClassesWithExamples(double[] values) {
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < values.length; c++) {
            if (hasExamples(c)) {
                sum += values[c];
                classes++;
            }
        }
        return classes == 0 ? 0 : sum / classes;
    }

    /** A ratio that is undefined is written as null, which JSON has and NaN is not. */
    private static Object orNull(double value) {
        return Double.isNaN(value) ? Json.NULL : value;
    }

    /**
     * The metrics as JSON, in a stable order: {@code accuracy}, {@code macroPrecision}, {@code
     * macroRecall}, {@code macroF1}, {@code perClass} (one object per class with {@code class},
     * {@code precision}, {@code recall}, {@code f1}, {@code support}; {@code recall} and {@code f1}
     * are null for a class without examples) and {@code confusionMatrix} ({@code classes} and {@code
     * rows}, a row per true class).
     *
     * @return an ordered JSON object
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = Json.object("accuracy", accuracy, "macroPrecision", macroPrecision());
        json.put("macroRecall", macroRecall());
        json.put("macroF1", macroF1());
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            Map<String, Object> row = Json.object("class", classNames.get(c), "precision", precision[c]);
            row.put("recall", orNull(recall[c]));
            row.put("f1", orNull(f1[c]));
            row.put("support", support[c]);
            perClass.add(row);
        }
        json.put("perClass", perClass);
        List<List<Integer>> rows = new ArrayList<>();
        for (int[] row : confusion) {
            List<Integer> cells = new ArrayList<>();
            for (int cell : row) {
                cells.add(cell);
            }
            rows.add(cells);
        }
        json.put("confusionMatrix", Json.object("classes", classNames, "rows", rows));
        return json;
    }
}
