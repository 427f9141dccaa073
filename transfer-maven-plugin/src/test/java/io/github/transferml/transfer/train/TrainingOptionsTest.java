package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.config.ClassWeights;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.EarlyStopping;
import io.github.transferml.transfer.config.FineTuning;
import io.github.transferml.transfer.config.OptimizerKind;
import io.github.transferml.transfer.config.ScheduleKind;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.fingerprint.UpToDateCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training options beyond the defaults, each in a real run: fine-tuning, early stopping,
 * optimizers, schedules, label smoothing and class weights. They start from the resnet20 that the
 * test suite trains once on the Fashion-MNIST subset ({@link TestData#fashionBase()}).
 */
class TrainingOptionsTest {

    private static Path base;

    @TempDir
    Path out;

    @BeforeAll
    static void shareBase() {
        base = TestData.fashionBase();
    }

    private TrainingRequest.Builder digits() {
        return TestData.request(out, new BaseModelSpec(BaseModelSpec.Kind.PATH, base.toString(), null),
                TestData.digitFolders()).optEpochs(10).optLearningRate(0.01f);
    }

    private static TrainingResult run(TrainingRequest request) throws IOException {
        return new TransferTraining(request, null, TrainingEvents.NONE, "test").run();
    }

    private static JsonObject training(TrainingResult result) throws IOException {
        try (ZipFile zip = new ZipFile(result.archive().toFile())) {
            String json = new String(zip.getInputStream(zip.getEntry("transfer.json")).readAllBytes());
            return JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("training");
        }
    }

    @Test
    void fine_tuning_should_train_only_the_blocks_after_its_reference_and_keep_batch_norm_statistics()
            throws Exception {
        // A head trained briefly, so that fine-tuning has something to add and the guard keeps its model.
        TrainingResult result = run(digits().optEpochs(3)
                .optFineTuning(new FineTuning("stage2", null, 3, null, false)).build());

        assertEquals(6, result.history().size(), "3 head epochs, then 3 fine-tuning epochs");
        assertEquals(4, result.fineTuneStartEpoch());
        Map<String, String> before = TransferTrainingTest.keptParameters(base);
        Map<String, String> after = TransferTrainingTest.keptParameters(result.archive());
        List<String> changed = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).toList();
        assertTrue(changed.stream().allMatch(k -> k.compareTo("08") >= 0), "blocks 1-7 (up to stage2) stay: " + changed);
        assertTrue(changed.stream().anyMatch(k -> k.startsWith("08") && k.endsWith("weight")), changed.toString());
        assertTrue(changed.stream().noneMatch(k -> k.endsWith("runningMean") || k.endsWith("runningVar")),
                "BatchNorm stays in inference mode: " + changed);
        JsonObject tuning = training(result).getAsJsonObject("fineTuning");
        assertEquals(4, tuning.get("startEpoch").getAsInt());
        assertTrue(!tuning.get("keptHeadModel").getAsBoolean());
        assertEquals(0.001, tuning.get("learningRate").getAsDouble(), 1e-9, "a tenth of the head's");
        assertEquals("08ParallelBlock", tuning.get("firstUnfrozenBlock").getAsString());
        assertTrue(result.validationAccuracy() > 0.4, "validation accuracy " + result.validationAccuracy());
        TransferTrainingTest.assertPredictionsMatchReport(result, out.resolve("transfer/validation-predictions.csv"));
    }

    @Test
    void fine_tuning_with_batch_norm_training_should_update_running_statistics() throws Exception {
        List<String> log = new ArrayList<>();
        TrainingResult result = new TransferTraining(digits().optEpochs(2)
                .optFineTuning(new FineTuning(null, 3, 2, 0.0005f, true)).build(), null, RecordedLog.into(log, "WARN "),
                "test").run();

        Map<String, String> before = TransferTrainingTest.keptParameters(base);
        Map<String, String> after = TransferTrainingTest.keptParameters(result.archive());
        List<String> changed = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).toList();
        assertTrue(changed.stream().anyMatch(k -> k.endsWith("runningMean")), changed.toString());
        // The last 3 kept blocks: the last residual unit, the pooling and the flattening.
        assertTrue(changed.stream().allMatch(k -> k.startsWith("10")), "only the last 3 blocks: " + changed);
        assertEquals(0.0005, training(result).getAsJsonObject("fineTuning").get("learningRate").getAsDouble(), 1e-9);
        // BatchNorm that trains needs batches of images: the phase streams them, and says only that
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Streaming ") && l.contains("nothing cached")), log::toString);
        assertTrue(log.stream().noneMatch(l -> l.contains("at the still-frozen part's output")), log::toString);
    }

    @Test
    void fine_tuning_should_fail_clearly_for_a_reference_at_or_after_the_cut() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> run(digits().optCutPoint("stage2")
                .optFineTuning(new FineTuning("stage3", null, 1, null, false)).build()));
        assertTrue(e.getMessage().startsWith("<fineTuning.unfreezeAfter> 'stage3' (10) must be a top-level block before"
                + " the cut point, which keeps 7 blocks"), e.getMessage());
    }

    @Test
    void early_stopping_should_stop_and_restore_the_best_epoch() throws Exception {
        // A learning rate this high makes the validation loss climb after the first epochs.
        TrainingResult result = run(digits().optEpochs(30).optLearningRate(0.5f)
                .optEarlyStopping(new EarlyStopping(EarlyStopping.Metric.VALIDATION_LOSS, 2, 0)).build());

        assertTrue(result.history().size() < 30, "stopped after " + result.history().size());
        double best = result.history().stream().mapToDouble(EpochMetrics::validationLoss).min().orElseThrow();
        assertEquals(best, result.validationLoss(), 1e-6, "the archive holds the best epoch");
        TransferTrainingTest.assertPredictionsMatchReport(result, out.resolve("transfer/validation-predictions.csv"));
        assertEquals(result.history().size(), training(result).get("epochsRun").getAsInt());
    }

    @Test
    void defaults_should_find_a_learning_rate_and_train_the_head_until_the_validation_loss_stops_improving()
            throws Exception {
        List<String> log = new ArrayList<>();
        TrainingResult result = new TransferTraining(TestData.request(out,
                new BaseModelSpec(BaseModelSpec.Kind.PATH, base.toString(), null), TestData.digitFolders())
                .build(), null, RecordedLog.into(log, "WARN "), "test").run();

        JsonObject training = training(result);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Learning rate from a range test: ")), log.toString());
        float rate = training.get("learningRate").getAsFloat();
        assertTrue(rate > 1e-5f && rate < 0.5f, "rate " + rate);
        assertTrue(training.get("learningRateFound").getAsString().startsWith(
                String.format(java.util.Locale.ROOT, "%.3g (the steepest fall", rate)), training.toString());
        assertTrue(!training.has("epochs") || training.get("epochs").isJsonNull(), "left to the run: " + training);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Early stopping after epoch ")), log.toString());
        assertEquals(2, log.stream().filter(l -> l.contains(": back to its parameters, learning rate lowered to")).count(),
                "two plateaus lower the rate before the third stops the phase: " + log);
        int ran = result.history().size();
        assertTrue(ran > 10 && ran < 500, "ran " + ran);
        EpochMetrics best = result.history().stream()
                .min(java.util.Comparator.comparingDouble(EpochMetrics::validationLoss)).orElseThrow();
        assertEquals(best.epoch(), training.get("selectedEpoch").getAsInt());
        assertEquals(best.validationLoss(), result.validationLoss(), 1e-6, "the archive holds the best epoch");
        JsonObject metrics = JsonParser.parseString(java.nio.file.Files.readString(result.metricsFile())).getAsJsonObject();
        assertEquals(best.trainLoss(), metrics.get("trainLoss").getAsDouble(), 1e-9, "train figures of the kept epoch");
        assertEquals(best.epoch(), metrics.get("selectedEpoch").getAsInt());
        assertTrue(result.validationAccuracy() > 0.5, "validation accuracy " + result.validationAccuracy());
        TransferTrainingTest.assertPredictionsMatchReport(result, out.resolve("transfer/validation-predictions.csv"));
    }

    @Test
    void fine_tuning_that_never_beats_the_head_should_leave_the_head_phase_s_model() throws Exception {
        // A learning rate this high wrecks the unfrozen blocks in the first step.
        List<String> log = new ArrayList<>();
        TrainingResult result = new TransferTraining(digits().optEpochs(5)
                .optFineTuning(new FineTuning("stage2", null, 3, 20f, false)).build(), null,
                RecordedLog.into(log, "WARN "), "test").run();

        JsonObject tuning = training(result).getAsJsonObject("fineTuning");
        assertTrue(tuning.get("keptHeadModel").getAsBoolean(), tuning.toString());
        assertEquals(8, result.history().size(), "the fine-tuning epochs stay in the history");
        EpochMetrics headEnd = result.history().get(4);
        assertEquals(headEnd.validationLoss(), result.validationLoss(), 1e-6);
        assertEquals(5, training(result).get("selectedEpoch").getAsInt());
        assertEquals(TransferTrainingTest.keptParameters(base),
                TransferTrainingTest.keptParameters(result.archive()), "the base's blocks are the base's");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("WARN Fine-tuning never beat the head phase (its best"
                + " validationLoss ") && l.endsWith("the archive keeps the head phase's model, from epoch 5.")),
                log.toString());
        TransferTrainingTest.assertPredictionsMatchReport(result, out.resolve("transfer/validation-predictions.csv"));
    }

    @Test
    void adamw_with_cosine_schedule_and_label_smoothing_should_learn() throws IOException {
        TrainingResult result = run(digits().optOptimizer(OptimizerKind.ADAMW).optSchedule(ScheduleKind.COSINE)
                .optWarmupEpochs(2).optLabelSmoothing(0.1f).build());
        // Measured 0.35 in 10 epochs under the portable pins the tests run with (chance: 0.1).
        assertTrue(result.validationAccuracy() > 0.25, "validation accuracy " + result.validationAccuracy());
        JsonObject training = training(result);
        assertEquals("cosine", training.get("schedule").getAsString());
        assertEquals(0.1, training.get("labelSmoothing").getAsDouble(), 1e-6);
        assertNull(training.get("weightDecay"), "adamw's default (0.01) is not written out: " + training);
    }

    @Test
    void sgd_with_nesterov_momentum_and_one_cycle_should_learn() throws IOException {
        TrainingResult result = run(digits().optOptimizer(OptimizerKind.SGD).optNesterov(true).optMomentum(0.9f)
                .optSchedule(ScheduleKind.ONE_CYCLE).optLearningRate(0.01f).optWeightDecay(1e-4f).build());
        // Measured 0.38 in 10 epochs (chance: 0.1); before the optimizer zeroed its gradients it diverged.
        assertTrue(result.validationAccuracy() > 0.3, "validation accuracy " + result.validationAccuracy());
    }

    @Test
    void rmsprop_with_balanced_class_weights_should_learn() throws IOException {
        TrainingResult result = run(digits().optOptimizer(OptimizerKind.RMSPROP).optLearningRate(0.003f)
                .optClassWeights(ClassWeights.parse("balanced")).build());
        // Measured 0.32 in 10 epochs (chance: 0.1).
        assertTrue(result.validationAccuracy() > 0.25, "validation accuracy " + result.validationAccuracy());
        assertEquals("balanced", training(result).get("classWeights").getAsString());
    }

    @Test
    void augmentation_should_cache_several_views_and_stay_reproducible() throws Exception {
        Augmentation augmentation = Augmentation.builder().optRotation(10).optRandomResizedCrop(0.85)
                .optBrightness(0.2).optViews(3).build();
        TrainingResult first = run(digits().optAugmentation(augmentation).build());
        Path again = out.resolve("again");
        TrainingResult second = run(TestData.request(again,
                new BaseModelSpec(BaseModelSpec.Kind.PATH, base.toString(), null), TestData.digitFolders())
                .optEpochs(10).optLearningRate(0.01f).optAugmentation(augmentation).build());

        assertTrue(first.validationAccuracy() > 0.4, "validation accuracy " + first.validationAccuracy());
        assertEquals(first.archiveSha256(), second.archiveSha256(), "seeded augmentation gives the same archive");
        try (ZipFile zip = new ZipFile(first.archive().toFile())) {
            String json = new String(zip.getInputStream(zip.getEntry("transfer.json")).readAllBytes());
            assertEquals(3, JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("augmentation")
                    .get("views").getAsInt());
        }
        TrainingResult plain = run(TestData.request(out.resolve("plain"),
                new BaseModelSpec(BaseModelSpec.Kind.PATH, base.toString(), null), TestData.digitFolders())
                .optEpochs(10).optLearningRate(0.01f).build());
        assertTrue(!plain.archiveSha256().equals(first.archiveSha256()), "augmentation changes what is learnt");
        assertTrue(java.nio.file.Files.readString(first.report()).contains("3 views per image"));
    }

    @Test
    void end_to_end_training_should_stream_the_images_every_epoch_and_cache_nothing() throws Exception {
        Augmentation augmentation = Augmentation.builder().optRotation(10).optRandomResizedCrop(0.85).optViews(3)
                .build();
        List<String> log = new ArrayList<>();
        // no memory for caches at all: a cache of images would spill to the work directory
        TrainingResult first = new TransferTraining(digits().optEpochs(3).optFreezeBase(false)
                .optAugmentation(augmentation).optCacheMemoryBytes(0).build(), null, RecordedLog.into(log, "WARN "),
                "test").run();
        TrainingResult second = run(TestData.request(out.resolve("again"),
                new BaseModelSpec(BaseModelSpec.Kind.PATH, base.toString(), null), TestData.digitFolders())
                .optEpochs(3).optLearningRate(0.01f).optFreezeBase(false).optAugmentation(augmentation)
                .optCacheMemoryBytes(0).build());

        assertTrue(log.stream().anyMatch(l -> l.matches("Streaming \\d+ training and \\d+ validation images every"
                + " epoch, prepared on \\d+ threads?, nothing cached: the first trained block reads pixels; each epoch"
                + " draws 3 fresh augmented views of every training image")), log::toString);
        assertTrue(log.stream().noneMatch(l -> l.startsWith("Caching") || l.startsWith("Cached")), log::toString);
        assertTrue(!java.nio.file.Files.exists(out.resolve("work")) || java.nio.file.Files.list(out.resolve("work"))
                .noneMatch(f -> f.getFileName().toString().startsWith("features-")), "no spill file");
        assertEquals(first.archiveSha256(), second.archiveSha256(), "a fresh view per epoch, seeded: the same archive");
        assertTrue(first.validationAccuracy() > 0.4, "validation accuracy " + first.validationAccuracy());
    }

    @Test
    void baseline_should_train_the_same_network_from_scratch_without_touching_the_archive() throws Exception {
        // A validation split and a test folder: the baseline is scored on the test set too.
        DatasetSpec withTest = new DatasetSpec(DatasetSpec.Format.FOLDER, TestData.root().resolve("digits/train"),
                null, 0.2, null, null, null, null, null).withTestDirectory(TestData.root().resolve("digits/validation"));
        BaseModelSpec transferred = new BaseModelSpec(BaseModelSpec.Kind.PATH, base.toString(), null);
        List<String> log = new ArrayList<>();
        TrainingResult with = new TransferTraining(TestData.request(out, transferred, withTest).optEpochs(4)
                .optLearningRate(0.01f).optBaseline(true).build(), null, RecordedLog.into(log, "WARN "), "test").run();
        TrainingResult without = run(TestData.request(out.resolve("without"), transferred, withTest)
                .optEpochs(4).optLearningRate(0.01f).build());

        assertEquals(without.archiveSha256(), with.archiveSha256());
        JsonObject baseline = JsonParser.parseString(java.nio.file.Files.readString(with.metricsFile()))
                .getAsJsonObject().getAsJsonObject("baseline");
        assertEquals(4, baseline.getAsJsonArray("epochs").size());
        double accuracy = baseline.get("validationAccuracy").getAsDouble();
        assertEquals(with.validationAccuracy() - accuracy, baseline.get("accuracyGain").getAsDouble(), 1e-9);
        assertTrue(accuracy >= 0 && accuracy <= 1);
        double testAccuracy = baseline.get("testAccuracy").getAsDouble();
        assertEquals(with.test().accuracy() - testAccuracy, baseline.get("testAccuracyGain").getAsDouble(), 1e-9);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Baseline: Test set: accuracy")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Baseline: Streaming ") && l.endsWith("nothing cached: the"
                + " first trained block reads pixels")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Transfer gain over the baseline: validation accuracy")
                && l.contains(", test accuracy ")), log::toString);
        assertTrue(java.nio.file.Files.readString(with.report()).contains("baseline from scratch"));
    }

    @Test
    void a_run_should_remove_the_feature_cache_files_a_killed_build_left_and_clamp_its_cache_budget() throws Exception {
        Path stale = out.resolve("work/features-8731.bin");
        java.nio.file.Files.createDirectories(stale.getParent());
        java.nio.file.Files.write(stale, new byte[2_000_000]);
        List<String> log = new ArrayList<>();

        // A budget beyond the heap is clamped, and the run says so.
        new TransferTraining(digits().optEpochs(1).optCacheMemoryBytes(1L << 50).build(), null,
                RecordedLog.into(log, "WARN "), "test").run();

        assertTrue(!java.nio.file.Files.exists(stale), "the stale spill file is gone");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("WARN cacheMemoryMb 1073741824 is more than half of the"
                + " worker's heap")), log::toString);
        assertTrue(log.contains("Removed 1 feature cache file(s) (2.0 MB) that a build which did not finish left in "
                + out.resolve("work")), log::toString);
    }

    @Test
    void a_float16_cache_should_train_record_itself_and_change_the_fingerprint() throws Exception {
        List<String> float32Log = new ArrayList<>();
        TrainingResult float32 = new TransferTraining(digits().optEpochs(3).build(), null,
                RecordedLog.into(float32Log, "WARN "), "test").run();
        JsonObject float32Training = training(float32);
        Object float32Fingerprint = UpToDateCheck.manifest(float32.archive()).get(UpToDateCheck.KEY);
        List<String> log = new ArrayList<>();

        // The same request but for the cache, in the same place: the archive there is no longer this build's.
        TrainingResult float16 = new TransferTraining(digits().optEpochs(3)
                .optCachePrecision(CachePrecision.FLOAT16).build(), null, RecordedLog.into(log, "WARN "), "test").run();

        assertTrue(log.contains("Retraining: configuration changed (cachePrecision unset -> float16)"), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.matches("Caching features of training data: 300 images, \\d+ MB"
                + " \\(float16\\) in memory")), log::toString);
        assertTrue(float32Log.stream().anyMatch(l -> l.matches("Caching features of training data: 300 images,"
                + " \\d+ MB in memory")), float32Log::toString);
        assertEquals(3, float16.history().size());
        // Measured 0.42 in 3 epochs, float32's too (chance: 0.1): rounding the features to 11 bits costs nothing here.
        assertTrue(float16.validationAccuracy() > 0.3, "validation accuracy " + float16.validationAccuracy());
        assertEquals(float32.validationAccuracy(), float16.validationAccuracy(), 0.05);
        assertEquals("float16", training(float16).get("cachePrecision").getAsString());
        assertNull(float32Training.get("cachePrecision"), "float32 archives are as they were");
        assertTrue(!float32Fingerprint.equals(UpToDateCheck.manifest(float16.archive()).get(UpToDateCheck.KEY)));
        assertTrue(!float32.archiveSha256().equals(float16.archiveSha256()));
        assertTrue(java.nio.file.Files.readString(float16.report()).contains("float16 (half the size, rounded to 11"),
                "the report says so");
    }

    @Test
    void nesterov_should_be_refused_for_another_optimizer() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> digits().optOptimizer(OptimizerKind.ADAM).optNesterov(true).build());
        assertEquals("<nesterov> applies to the sgd optimizer only, not adam", e.getMessage());
    }
}
