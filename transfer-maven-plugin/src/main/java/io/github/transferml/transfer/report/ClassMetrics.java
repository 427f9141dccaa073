package io.github.transferml.transfer.report;

import io.github.transferml.transfer.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How well a classifier did on each class: the confusion matrix and, from it, precision, recall,
 * F1 and support per class, accuracy, and their macro averages.
 *
 * <p>A ratio whose denominator is zero is 0, never NaN: precision of a class that was never
 * predicted, recall of a class without examples, F1 when precision and recall are both 0, and
 * accuracy of no examples. Such classes still count in the macro averages (unweighted means over
 * all classes, as scikit-learn computes them), so a class the model never predicts pulls them
 * down. The macro F1 is the mean of the per-class F1 values, not the F1 of the macro precision and
 * recall.
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
            recall[c] = ratio(confusion[c][c], support[c]);
            double sum = precision[c] + recall[c];
            f1[c] = sum == 0 ? 0 : 2 * precision[c] * recall[c] / sum;
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
     * @return of the examples of {@code c}, the fraction predicted as {@code c}; 0 if {@code c} has
     *     no examples
     */
    public double recall(int c) {
        return recall[c];
    }

    /**
     * @param c a class
     * @return the harmonic mean of precision and recall; 0 if both are 0
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

    /** @return the mean precision over all classes */
    public double macroPrecision() {
        return mean(precision);
    }

    /** @return the mean recall over all classes */
    public double macroRecall() {
        return mean(recall);
    }

    /** @return the mean F1 over all classes */
    public double macroF1() {
        return mean(f1);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /**
     * The metrics as JSON, in a stable order: {@code accuracy}, {@code macroPrecision}, {@code
     * macroRecall}, {@code macroF1}, {@code perClass} (one object per class with {@code class},
     * {@code precision}, {@code recall}, {@code f1}, {@code support}) and {@code confusionMatrix}
     * ({@code classes} and {@code rows}, a row per true class).
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
            row.put("recall", recall[c]);
            row.put("f1", f1[c]);
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
