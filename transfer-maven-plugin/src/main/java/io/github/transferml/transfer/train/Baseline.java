package io.github.transferml.transfer.train;

import io.github.transferml.transfer.report.TrainingReports;
import io.github.transferml.transfer.util.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same network trained from scratch on the same data and budget: what the transferred model is
 * measured against.
 *
 * @param history its epochs
 * @param validation its final validation
 * @param seconds its wall time
 * @param test its score on the test set, or null without one
 */
record Baseline(List<EpochMetrics> history, Evaluation validation, double seconds, TestScore test) {

    /**
     * Its figures and the transfer gain, for {@code metrics.json}.
     *
     * @param transferred the transferred model's final validation
     * @param transferredTest the transferred model's test score, or null without a test set
     * @return an ordered JSON object
     */
    Map<String, Object> toJson(Evaluation transferred, TestScore transferredTest) {
        Map<String, Object> json = Json.object("validationAccuracy", validation.accuracy(),
                "validationLoss", validation.loss());
        json.put("accuracyGain", transferred.accuracy() - validation.accuracy());
        json.put("lossReduction", validation.loss() - transferred.loss());
        if (test != null && transferredTest != null) { // the gain nothing chose either model by
            json.put("testAccuracy", test.evaluation().accuracy());
            json.put("testLoss", test.evaluation().loss());
            json.put("testAccuracyGain", transferredTest.evaluation().accuracy() - test.evaluation().accuracy());
        }
        json.put("seconds", seconds);
        json.put("epochs", TrainingReports.epochRows(history));
        return json;
    }

    /**
     * @param transferred the transferred model's final validation
     * @param transferredTest the transferred model's test score, or null without a test set
     * @return the log line of the gain, e.g. {@code Transfer gain over the baseline: validation accuracy +0.0500 …}
     */
    String describeGain(Evaluation transferred, TestScore transferredTest) {
        String line = String.format(Locale.ROOT, "Transfer gain over the baseline: validation accuracy %+.4f (%.4f"
                + " against %.4f)", transferred.accuracy() - validation.accuracy(), transferred.accuracy(),
                validation.accuracy());
        if (test != null && transferredTest != null) {
            line += String.format(Locale.ROOT, ", test accuracy %+.4f (%.4f against %.4f)",
                    transferredTest.evaluation().accuracy() - test.evaluation().accuracy(),
                    transferredTest.evaluation().accuracy(), test.evaluation().accuracy());
        }
        return line;
    }
}
