package io.github.transferml.transfer.worker;

import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.HiddenLayer;
import io.github.transferml.transfer.data.DatasetLoader;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.data.TrainValidation;
import io.github.transferml.transfer.inspect.Inspection;
import io.github.transferml.transfer.inspect.NetworkInspector;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.source.ResolvedArtifacts;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.util.AtomicFiles;
import io.github.transferml.transfer.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code transfer:inspect} in the worker: loads the base, lists its blocks and the cut, and writes
 * {@code inspect.json}.
 *
 * @param base the base model
 * @param dataset the dataset, which gives the class count and an architecture's input; or null
 * @param width the configured input width, or null
 * @param height the configured input height, or null
 * @param grayscale the configured colour mode, or null
 * @param cutPoint the cut point to show, or null
 * @param layers the hidden layers of the head
 * @param classes the class count without a dataset
 * @param modelLimits how large the extracted model may be
 * @param artifacts the coordinates the build resolved
 * @param json where {@code inspect.json} goes
 */
public record InspectJob(BaseModelSpec base, DatasetSpec dataset, Integer width, Integer height, Boolean grayscale,
        String cutPoint, List<HiddenLayer> layers, int classes, ExtractionLimits modelLimits,
        ResolvedArtifacts artifacts, Path json) implements WorkerJob<InspectJob.Output> {

    /**
     * @param lines the table for the log
     * @param json the file written
     */
    public record Output(List<String> lines, Path json) {}

    @Override
    public Output run(TrainingEvents events) throws IOException {
        int classCount = classes;
        InputSpec input;
        if (dataset != null) {
            TrainValidation data = DatasetLoader.load(dataset, 0);
            classCount = data.classNames().size();
            input = base.kind() == BaseModelSpec.Kind.ARCHITECTURE
                    ? InputSpec.ofData(data.train(), width, height, grayscale) : null;
        } else {
            input = new InputSpec(width == null ? 224 : width, height == null ? 224 : height,
                    grayscale != null && grayscale, null);
        }
        Inspection inspection = new NetworkInspector(artifacts, modelLimits)
                .inspect(base, input, cutPoint, layers, classCount);
        AtomicFiles.write(json, Json.bytes(inspection.toJson()));
        return new Output(inspection.lines(), json);
    }

    @Override
    public Class<Output> resultType() {
        return Output.class;
    }
}
