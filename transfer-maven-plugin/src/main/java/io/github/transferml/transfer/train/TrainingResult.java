package io.github.transferml.transfer.train;

import io.github.transferml.transfer.quality.QualityGate;
import java.nio.file.Path;
import java.util.List;

/**
 * What a training run produced.
 *
 * @param archive the model archive
 * @param archiveSha256 the archive's SHA-256
 * @param history the figures of every epoch
 * @param validationAccuracy the final validation accuracy
 * @param validationLoss the final validation loss
 * @param trainSeconds seconds spent in epochs (after caching)
 * @param cacheSeconds seconds spent computing the cache
 * @param metricsFile the metrics JSON
 * @param fineTuneStartEpoch the first epoch of the fine-tuning phase, or null without one
 * @param macroF1 the final validation macro F1
 * @param gate what the quality gate found
 * @param report the HTML report
 * @param rejected whether the model missed a quality rule under {@code haltOnFailure}: then {@code
 *     archive} is the rejected model, kept for inspection, and the configured archive was not touched
 */
public record TrainingResult(
        Path archive,
        String archiveSha256,
        List<EpochMetrics> history,
        double validationAccuracy,
        double validationLoss,
        double trainSeconds,
        double cacheSeconds,
        Path metricsFile,
        Integer fineTuneStartEpoch,
        double macroF1,
        QualityGate.Result gate,
        Path report,
        boolean rejected) {}
