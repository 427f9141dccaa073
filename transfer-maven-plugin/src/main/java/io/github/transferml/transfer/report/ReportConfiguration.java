package io.github.transferml.transfer.report;

import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.cut.CutOption;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.quality.QualityRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration table of the HTML report: what a reader needs to know to repeat the run. */
public final class ReportConfiguration {

    private ReportConfiguration() {}

    /**
     * Describes a run's configuration, in the report's order.
     *
     * @param request the request
     * @param baseModel the base model's description
     * @param cut where the base was cut
     * @param headSteps the head's recipe steps
     * @param input the input the model expects
     * @return label to value
     */
    public static Map<String, Object> of(TrainingRequest request, String baseModel, CutOption cut,
            List<String> headSteps, InputSpec input) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("base model", baseModel);
        c.put("cut point", request.getCutPoint() + " (" + cut.name() + ", keep " + cut.keep() + ")");
        c.put("head", String.join(" > ", headSteps));
        c.put("input", input.describe());
        c.put("epochs", request.getEpochs() == null ? "until the validation loss stops improving" : request.getEpochs());
        c.put("batch size", request.getBatchSize());
        c.put("optimizer", request.getOptimizerOptions().kindName());
        c.put("learning rate", request.getOptimizerOptions().findsLearningRate() ? "range test"
                : request.getOptimizerOptions().learningRate());
        c.put("schedule", request.getScheduleOptions().describe());
        c.put("weight decay", request.getOptimizerOptions().weightDecay());
        c.put("label smoothing", request.getLossOptions().labelSmoothing());
        c.put("class weights", request.getLossOptions().classWeights().toString());
        c.put("early stopping", request.getEarlyStopping() == null ? "off" : request.getEarlyStopping().describe());
        c.put("fine-tuning", request.getFineTuning() == null ? "off" : request.getFineTuning().toString());
        c.put("augmentation", request.getAugmentation().describe());
        c.put("seed", request.getSeed());
        if (request.getCachePrecision() != CachePrecision.FLOAT32) { // float32 is what every run did before
            c.put("cache precision", request.getCachePrecision().describe());
        }
        c.put("quality rules", request.getRules().isEmpty() ? "none"
                : String.join("; ", request.getRules().stream().map(QualityRule::describe).toList()));
        return c;
    }
}
