package io.github.transferml.transfer.worker;

import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.source.ResolvedArtifacts;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TrainingResult;
import io.github.transferml.transfer.train.TransferTraining;
import java.io.IOException;

/**
 * {@code transfer:train} in the worker: one {@link TransferTraining} run.
 *
 * @param request what to train
 * @param artifacts the coordinates the build resolved (the base's, {@code compareTo}'s)
 * @param toolVersion the plugin's version, recorded in the archive
 */
public record TrainJob(TrainingRequest request, ResolvedArtifacts artifacts, String toolVersion)
        implements WorkerJob<TrainingResult> {

    @Override
    public TrainingResult run(TrainingEvents events) throws IOException {
        return new TransferTraining(request, artifacts, events, toolVersion).run();
    }

    @Override
    public Class<TrainingResult> resultType() {
        return TrainingResult.class;
    }
}
