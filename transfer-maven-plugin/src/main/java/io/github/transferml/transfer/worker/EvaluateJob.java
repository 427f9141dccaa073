package io.github.transferml.transfer.worker;

import io.github.transferml.transfer.config.PixelLimit;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.evaluate.EvaluationReports;
import io.github.transferml.transfer.evaluate.EvaluationResult;
import io.github.transferml.transfer.evaluate.ModelEvaluation;
import io.github.transferml.transfer.evaluate.TestSet;
import io.github.transferml.transfer.quality.QualityGate;
import io.github.transferml.transfer.quality.QualityRule;
import io.github.transferml.transfer.report.ReportData;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.train.TrainingEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code transfer:evaluate} in the worker: scores a model on a test set, checks the rules and writes
 * the reports.
 *
 * @param model the model archive
 * @param testSet the labelled images
 * @param pixelLimit the largest image to decode
 * @param modelLimits how large the extracted model may be
 * @param rules the quality rules
 * @param reportDirectory where the reports go
 */
public record EvaluateJob(Path model, TestSet testSet, PixelLimit pixelLimit, ExtractionLimits modelLimits,
        List<QualityRule> rules, Path reportDirectory) implements WorkerJob<EvaluateJob.Summary> {

    /**
     * What the build logs and gates on.
     *
     * @param report the report
     * @param modelSha256 the archive's digest
     * @param images how many test images
     * @param accuracy accuracy
     * @param loss mean cross-entropy
     * @param macroF1 macro-averaged F1
     * @param gate the rules' verdicts
     */
    public record Summary(Path report, String modelSha256, int images, double accuracy, double loss, double macroF1,
            QualityGate.Result gate) {}

    @Override
    public Summary run(TrainingEvents events) throws IOException {
        LabeledImages images = testSet.load(pixelLimit);
        EvaluationResult result = new ModelEvaluation(ModelEvaluation.DEFAULT_BATCH_SIZE, modelLimits, events)
                .evaluate(model, images);
        // The images scored are a test set, so test* rules check them too, as validation* rules always have.
        QualityGate.Figures figures = new QualityGate.Figures(result.accuracy(), result.loss(), result.metrics());
        QualityGate.Result gate = new QualityGate(rules).check(figures, figures, ReportData.TEST);
        Path report = EvaluationReports.write(reportDirectory, result, testSet, rules, gate, events);
        return new Summary(report, result.modelSha256(), result.images().size(), result.accuracy(), result.loss(),
                result.metrics().macroF1(), gate);
    }

    @Override
    public Class<Summary> resultType() {
        return Summary.class;
    }
}
