package io.github.transferml.transfer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.transferml.transfer.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClassMetricsTest {

    private static final double EXACT = 1e-15;

    /*
     * Worked by hand. True classes: cat x4, dog x3, bird x3.
     *
     *              predicted cat  dog  bird   support
     *   true cat             2    1    1      4
     *   true dog             1    2    0      3
     *   true bird            0    1    2      3
     *   predicted            3    4    3
     *
     * precision: cat 2/3, dog 2/4, bird 2/3; recall: cat 2/4, dog 2/3, bird 2/3;
     * F1: cat 4/7, dog 4/7, bird 2/3; accuracy 6/10; macro P = macro R = 11/18; macro F1 = 38/63.
     */
    private static final ClassMetrics THREE_CLASSES = ClassMetrics.of(List.of("cat", "dog", "bird"),
            new int[] {0, 0, 0, 0, 1, 1, 1, 2, 2, 2},
            new int[] {0, 0, 1, 2, 1, 1, 0, 2, 2, 1});

    @Test
    void of_should_count_true_classes_in_rows_and_predictions_in_columns() {
        assertArrayEquals(new int[][] {{2, 1, 1}, {1, 2, 0}, {0, 1, 2}}, THREE_CLASSES.confusionMatrix());
        assertEquals(1, THREE_CLASSES.count(1, 0));
        assertEquals(10, THREE_CLASSES.total());
    }

    @Test
    void of_should_compute_per_class_figures_by_hand() {
        assertEquals(2.0 / 3, THREE_CLASSES.precision(0), EXACT);
        assertEquals(2.0 / 4, THREE_CLASSES.precision(1), EXACT);
        assertEquals(2.0 / 3, THREE_CLASSES.precision(2), EXACT);
        assertEquals(2.0 / 4, THREE_CLASSES.recall(0), EXACT);
        assertEquals(2.0 / 3, THREE_CLASSES.recall(1), EXACT);
        assertEquals(2.0 / 3, THREE_CLASSES.recall(2), EXACT);
        assertEquals(4.0 / 7, THREE_CLASSES.f1(0), EXACT);
        assertEquals(4.0 / 7, THREE_CLASSES.f1(1), EXACT);
        assertEquals(2.0 / 3, THREE_CLASSES.f1(2), EXACT);
        assertEquals(4, THREE_CLASSES.support(0));
        assertEquals(3, THREE_CLASSES.support(1));
        assertEquals(3, THREE_CLASSES.support(2));
    }

    @Test
    void of_should_compute_accuracy_and_macro_averages_by_hand() {
        assertEquals(0.6, THREE_CLASSES.accuracy(), EXACT);
        assertEquals(11.0 / 18, THREE_CLASSES.macroPrecision(), EXACT);
        assertEquals(11.0 / 18, THREE_CLASSES.macroRecall(), EXACT);
        assertEquals(38.0 / 63, THREE_CLASSES.macroF1(), EXACT);
    }

    @Test
    void of_should_give_zero_precision_to_a_class_never_predicted_and_count_it_in_macro_averages() {
        // "b" has examples but is never predicted: precision 0/0 reads 0, and pulls the averages down.
        ClassMetrics metrics = ClassMetrics.of(List.of("a", "b"), new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 0});

        assertEquals(0.0, metrics.precision(1));
        assertEquals(0.0, metrics.recall(1));
        assertEquals(0.0, metrics.f1(1));
        assertEquals(0.5 / 2, metrics.macroPrecision(), EXACT);
        assertEquals(1.0 / 2, metrics.macroRecall(), EXACT);
    }

    @Test
    void of_should_leave_a_class_without_examples_out_of_macro_averages() {
        /*
         * "c" has no examples but is predicted once, for a "b": a has precision 2/3, recall 1, F1 4/5;
         * b precision 0 (never predicted), recall 0, F1 0; c precision 0/1, recall and F1 undefined.
         * Macro averages over a and b only: P 1/3, R 1/2, F1 2/5.
         */
        ClassMetrics metrics = ClassMetrics.of(List.of("a", "b", "c"), new int[] {0, 0, 1, 1}, new int[] {0, 0, 2, 0});

        assertEquals(0, metrics.support(2));
        assertEquals(false, metrics.hasExamples(2));
        assertEquals(true, metrics.hasExamples(1));
        assertEquals(0.0, metrics.precision(2));
        assertEquals(Double.NaN, metrics.recall(2));
        assertEquals(Double.NaN, metrics.f1(2));
        assertEquals(1.0 / 3, metrics.macroPrecision(), EXACT);
        assertEquals(1.0 / 2, metrics.macroRecall(), EXACT);
        assertEquals(2.0 / 5, metrics.macroF1(), EXACT);
        assertEquals(List.of("c"), metrics.classesWithoutExamples());
    }

    @Test
    void classesWithoutExamplesWarning_should_name_every_class_without_examples_in_one_message() {
        ClassMetrics metrics = ClassMetrics.of(List.of("a", "x", "b", "y"), new int[] {0, 2}, new int[] {0, 1});

        assertEquals(Optional.of("Classes without validation images are left out of macro averages and class rules:"
                + " [x, y]"), metrics.classesWithoutExamplesWarning("validation"));
        assertEquals(Optional.empty(), THREE_CLASSES.classesWithoutExamplesWarning("validation"));
    }

    @Test
    void of_should_give_zero_accuracy_without_examples() {
        ClassMetrics metrics = ClassMetrics.of(List.of("a", "b"), new int[0], new int[0]);

        assertEquals(0.0, metrics.accuracy());
        assertEquals(0.0, metrics.macroF1());
        assertEquals(0, metrics.total());
    }

    @Test
    void toJson_should_write_the_figures_in_a_stable_order() {
        ClassMetrics metrics = ClassMetrics.of(List.of("a", "b"), new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 0});

        assertEquals("""
                {
                  "accuracy": 0.5,
                  "macroPrecision": 0.25,
                  "macroRecall": 0.5,
                  "macroF1": 0.3333333333333333,
                  "perClass": [
                    {
                      "class": "a",
                      "precision": 0.5,
                      "recall": 1.0,
                      "f1": 0.6666666666666666,
                      "support": 2
                    },
                    {
                      "class": "b",
                      "precision": 0.0,
                      "recall": 0.0,
                      "f1": 0.0,
                      "support": 2
                    }
                  ],
                  "confusionMatrix": {
                    "classes": [
                      "a",
                      "b"
                    ],
                    "rows": [
                      [
                        2,
                        0
                      ],
                      [
                        2,
                        0
                      ]
                    ]
                  }
                }
                """, new String(Json.bytes(metrics.toJson()), StandardCharsets.UTF_8));
    }

    @Test
    void toJson_should_write_null_recall_and_f1_for_a_class_without_examples() {
        // "b" has no examples and is predicted once: precision 0, recall and F1 undefined.
        ClassMetrics metrics = ClassMetrics.of(List.of("a", "b"), new int[] {0, 0}, new int[] {0, 1});

        assertEquals("""
                {
                  "accuracy": 0.5,
                  "macroPrecision": 1.0,
                  "macroRecall": 0.5,
                  "macroF1": 0.6666666666666666,
                  "perClass": [
                    {
                      "class": "a",
                      "precision": 1.0,
                      "recall": 0.5,
                      "f1": 0.6666666666666666,
                      "support": 2
                    },
                    {
                      "class": "b",
                      "precision": 0.0,
                      "recall": null,
                      "f1": null,
                      "support": 0
                    }
                  ],
                  "confusionMatrix": {
                    "classes": [
                      "a",
                      "b"
                    ],
                    "rows": [
                      [
                        1,
                        1
                      ],
                      [
                        0,
                        0
                      ]
                    ]
                  }
                }
                """, new String(Json.bytes(metrics.toJson()), StandardCharsets.UTF_8));
    }

    @Test
    void confusionMatrix_should_return_a_copy() {
        THREE_CLASSES.confusionMatrix()[0][0] = 99;

        assertEquals(2, THREE_CLASSES.count(0, 0));
    }

    @Test
    void of_should_fail_when_lengths_differ() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassMetrics.of(List.of("a", "b"), new int[] {0, 1, 1}, new int[] {0, 1}));

        assertEquals("labels has 3 entries but predicted has 2; both must have one entry per example.",
                e.getMessage());
    }

    @Test
    void of_should_fail_when_a_label_is_out_of_range() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassMetrics.of(List.of("a", "b"), new int[] {0, 2}, new int[] {0, 1}));

        assertEquals("labels[1] is 2, but there are 2 classes, so it must be between 0 and 1.", e.getMessage());
    }

    @Test
    void of_should_fail_when_a_prediction_is_negative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassMetrics.of(List.of("a", "b"), new int[] {0, 1}, new int[] {-1, 1}));

        assertEquals("predicted[0] is -1, but there are 2 classes, so it must be between 0 and 1.", e.getMessage());
    }

    @Test
    void of_should_fail_without_classes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassMetrics.of(List.of(), new int[0], new int[0]));

        assertEquals("classNames must name at least one class.", e.getMessage());
    }
}
