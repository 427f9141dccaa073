package io.github.transferml.transfer.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.types.Shape;
import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.config.ClassWeights;
import io.github.transferml.transfer.config.HiddenLayer;
import io.github.transferml.transfer.config.LossOptions;
import io.github.transferml.transfer.config.OptimizerKind;
import io.github.transferml.transfer.config.OptimizerOptions;
import io.github.transferml.transfer.config.ScheduleKind;
import io.github.transferml.transfer.config.ScheduleOptions;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.runtime.TransferBlockFactory;
import io.github.transferml.transfer.engine.Numerics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveManifestTest {

    private static ArchiveManifest manifest(ArchiveManifest.FineTuned fineTuned) {
        return manifest(fineTuned, new ArchiveManifest.Dataset("folder", "abc", 10, 4, null));
    }

    private static ArchiveManifest manifest(ArchiveManifest.FineTuned fineTuned, ArchiveManifest.Dataset dataset) {
        return new ArchiveManifest("model", List.of("a", "b"), new ArchiveManifest.Tool("1.0", "0.30.0", "2.5.1", Numerics.DEFAULT),
                new ArchiveManifest.Base("architecture", "resnet20", null, false, "resnet(...)"),
                new ArchiveManifest.Cut("features", "12LambdaBlock", 12, "12", new long[] {64}),
                new ArchiveManifest.Head(List.of(new HiddenLayer(32, 0.5f)), List.of("dense(32)", "relu")),
                "recipe", new InputSpec(28, 28, true, null),
                dataset,
                new ArchiveManifest.Training(3, 32, new OptimizerOptions(OptimizerKind.ADAM, 0.001f, null, false, null),
                        new ScheduleOptions(ScheduleKind.CONSTANT, 0), new LossOptions(0f, ClassWeights.NONE), null, 3,
                        0.001f, null, 3, 42, true, true, 650, 100, fineTuned),
                Map.of("validationAccuracy", 0.5), Map.of("views", 1), "f00");
    }

    @Test
    void toJson_should_write_the_sections_in_the_published_order() {
        assertEquals(List.of("formatVersion", "model", "classes", "tool", "engine", "numerics", "baseModel", "cutPoint", "head",
                "recipe", "input", "dataset", "training", "metrics", "augmentation", "fingerprint"),
                List.copyOf(manifest(null).toJson().keySet()));
    }

    @Test
    void toJson_should_record_fine_tuning_only_when_it_ran() {
        @SuppressWarnings("unchecked")
        Map<String, Object> without = (Map<String, Object>) manifest(null).toJson().get("training");
        assertFalse(without.containsKey("fineTuning"));
        @SuppressWarnings("unchecked")
        Map<String, Object> with = (Map<String, Object>) manifest(
                new ArchiveManifest.FineTuned(4, 2, "stage3", 2, 2, 0.0001f, false, 1000, false)).toJson().get("training");
        assertEquals("stage3", ((Map<?, ?>) with.get("fineTuning")).get("firstUnfrozenBlock"));
    }

    @Test
    void toJson_should_record_the_cache_precision_only_when_it_was_float16() {
        ArchiveManifest.Training float32 = manifest(null).training();
        ArchiveManifest.Training float16 = new ArchiveManifest.Training(float32.epochs(), float32.batchSize(),
                float32.optimizer(), float32.schedule(), float32.loss(), float32.earlyStopping(), float32.epochsRun(),
                float32.learningRate(), float32.learningRateFound(), float32.selectedEpoch(), float32.seed(),
                float32.freezeBase(), float32.frozen(), float32.trainedParameters(), float32.frozenParameters(),
                null, CachePrecision.FLOAT16);
        ArchiveManifest plain = manifest(null);
        ArchiveManifest halved = new ArchiveManifest(plain.modelName(), plain.classes(), plain.tool(), plain.base(),
                plain.cut(), plain.head(), plain.recipe(), plain.input(), plain.dataset(), float16, plain.metrics(),
                plain.augmentation(), plain.fingerprint());

        assertEquals(CachePrecision.FLOAT32, float32.cachePrecision());
        assertFalse(((Map<?, ?>) plain.toJson().get("training")).containsKey("cachePrecision"));
        assertEquals("float16", ((Map<?, ?>) halved.toJson().get("training")).get("cachePrecision"));
    }

    @Test
    void toJson_should_record_the_test_set_only_when_there_was_one() {
        @SuppressWarnings("unchecked")
        Map<String, Object> without = (Map<String, Object>) manifest(null).toJson().get("dataset");
        @SuppressWarnings("unchecked")
        Map<String, Object> with = (Map<String, Object>) manifest(null,
                new ArchiveManifest.Dataset("folder", "abc", 8, 4, null, 2, 0.2)).toJson().get("dataset");

        assertEquals(List.of("format", "sha256", "trainImages", "validationImages", "validationSplit"),
                List.copyOf(without.keySet()));
        assertEquals(List.of("format", "sha256", "trainImages", "validationImages", "validationSplit", "testImages",
                "testSplit"), List.copyOf(with.keySet()));
        assertEquals(2, with.get("testImages"));
        assertEquals(0.2, with.get("testSplit"));
    }

    @Test
    void servingProperties_should_name_the_block_factory_and_the_recipe() {
        Map<String, String> properties = ServingProperties.of("PyTorch", new InputSpec(28, 28, true, null),
                NetworkRecipe.resnet(20, 10, new Shape(1, 28, 28)));
        assertEquals(TransferBlockFactory.class.getName(), properties.get("blockFactory"));
        assertEquals("resnet(numLayers=20,outSize=10,imageShape=1x28x28)", properties.get(TransferBlockFactory.RECIPE_KEY));
        assertEquals("model", properties.get("option.modelName"));
    }
}
