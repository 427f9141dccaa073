package io.github.transferml.transfer.worker;

import io.github.transferml.transfer.predict.FolderPredictor;
import io.github.transferml.transfer.predict.PredictionRequest;
import io.github.transferml.transfer.predict.PredictionSummary;
import io.github.transferml.transfer.train.TrainingEvents;
import java.io.IOException;

/**
 * {@code transfer:predict} in the worker: classifies a folder into a CSV, with the engine settings
 * training used.
 *
 * @param request what to classify and where the CSV goes
 */
public record PredictJob(PredictionRequest request) implements WorkerJob<PredictionSummary> {

    @Override
    public PredictionSummary run(TrainingEvents events) throws IOException {
        return new FolderPredictor(events::info).predict(request);
    }

    @Override
    public Class<PredictionSummary> resultType() {
        return PredictionSummary.class;
    }
}
