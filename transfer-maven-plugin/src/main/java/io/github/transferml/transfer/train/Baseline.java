package io.github.transferml.transfer.train;

import io.github.transferml.transfer.report.TrainingReports;
import io.github.transferml.transfer.util.Json;
import java.util.List;
import java.util.Map;

/**
 * The same network trained from scratch on the same data and budget: what the transferred model is
 * measured against.
 *
 * @param history its epochs
 * @param validation its final validation
 * @param seconds its wall time
 */
record Baseline(List<EpochMetrics> history, Evaluation validation, double seconds) {

    /**
     * Its figures and the transfer gain, for {@code metrics.json}.
     *
     * @param transferred the transferred model's final validation
     * @return an ordered JSON object
     */
    Map<String, Object> toJson(Evaluation transferred) {
        Map<String, Object> json = Json.object("validationAccuracy", validation.accuracy(),
                "validationLoss", validation.loss());
        json.put("accuracyGain", transferred.accuracy() - validation.accuracy());
        json.put("lossReduction", validation.loss() - transferred.loss());
        json.put("seconds", seconds);
        json.put("epochs", TrainingReports.epochRows(history));
        return json;
    }
}
