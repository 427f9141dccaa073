package io.github.transferml.transfer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.config.ClassWeights;
import io.github.transferml.transfer.config.EarlyStopping;
import io.github.transferml.transfer.config.FineTuning;
import io.github.transferml.transfer.config.HiddenLayer;
import io.github.transferml.transfer.config.OptimizerKind;
import io.github.transferml.transfer.config.ScheduleKind;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.engine.Numerics;
import io.github.transferml.transfer.quality.QualityRule;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.source.ResolvedArtifacts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job loses nothing on its way to the worker: every setting of a request survives the JSON trip. */
class WorkerJsonTest {

    @Test
    void a_request_with_every_option_set_should_survive_the_trip() {
        TrainingRequest request = TestData.request(Path.of("/tmp/out dir"),
                        new BaseModelSpec(BaseModelSpec.Kind.ARTIFACT, "g:a:1:zip:model", "ab".repeat(32)),
                        TestData.digitFolders())
                .optCutPoint("stage2")
                .addHiddenLayer(new HiddenLayer(64, 0.25f))
                .optEpochs(7).optBatchSize(16).optLearningRate(0.003f)
                .optOptimizer(OptimizerKind.SGD).optMomentum(0.8f).optNesterov(true).optWeightDecay(1e-4f)
                .optSchedule(ScheduleKind.parse("cosine")).optWarmupEpochs(1)
                .optLabelSmoothing(0.1f).optClassWeights(ClassWeights.parse("balanced"))
                .optEarlyStopping(new EarlyStopping(EarlyStopping.Metric.parse("validationLoss"), 3, 0.001))
                .optFineTuning(new FineTuning(null, 2, 3, 1e-4f, true))
                .optAugmentation(Augmentation.builder().optHorizontalFlip(true).optRotation(10).optViews(2).build())
                .optBaseline(true).optBaselineLearningRate(0.01f)
                .optRules(List.of(new QualityRule(QualityRule.Metric.VALIDATION_ACCURACY, null, 0.9, null)))
                .optHaltOnFailure(false).optForce(true).optCompareTo("g:a:0.9:zip:model").optSeed(7)
                .optCenterCrop(true).optCacheMemoryBytes(1L << 20)
                .optCachePrecision(CachePrecision.FLOAT16).optMaxImagePixels(1000)
                .optModelLimits(ExtractionLimits.ofMegabytes(5)).optInput(32, 24, true)
                .optOutputTimestamp(Instant.parse("2026-01-02T03:04:05Z")).optModelName("digits")
                .optNumerics(Numerics.parse("fast", null))
                .build();
        TrainJob job = new TrainJob(request, new ResolvedArtifacts(Map.of("g:a:1:zip:model", Path.of("/m/a.zip"))),
                "1.0");

        TrainJob back = WorkerJson.fromJson(WorkerJson.toJson(job), TrainJob.class);

        TrainingRequest copy = back.request();
        assertEquals(request.modelSettings(), copy.modelSettings());
        assertEquals(request.reportSettings(), copy.reportSettings());
        assertEquals(request.getArchiveFile(), copy.getArchiveFile());
        assertEquals(request.getOutputOptions(), copy.getOutputOptions());
        assertEquals(request.getInputOptions(), copy.getInputOptions());
        assertEquals(request.getOptimizerOptions(), copy.getOptimizerOptions());
        assertEquals(request.getScheduleOptions(), copy.getScheduleOptions());
        assertEquals(request.getBaseModel(), copy.getBaseModel());
        assertEquals(request.getDataset(), copy.getDataset());
        assertEquals(request.getCompareTo(), copy.getCompareTo());
        assertEquals(request.isForce(), copy.isForce());
        assertEquals(CachePrecision.FLOAT16, copy.getCachePrecision());

        assertEquals(request.getModelLimits(), copy.getModelLimits());
        assertEquals(request.getNumerics(), copy.getNumerics());
        assertEquals(request.getAugmentation().toJson(), copy.getAugmentation().toJson());
        assertEquals(job.artifacts(), back.artifacts());
        assertEquals("1.0", back.toolVersion());
    }
}
