package io.github.transferml.transfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.quality.QualityRule;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TrainingRequestTest {

    private static final Path OUT = Path.of("out");
    private static final BaseModelSpec RESNET = new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null);

    private static TrainingRequest.Builder valid() {
        return TestData.request(OUT, RESNET, TestData.digitFolders());
    }

    private static void assertConfigurationError(String parameter, String message, Executable build) {
        ConfigurationException e = assertThrows(ConfigurationException.class, build);
        assertEquals(message, e.getMessage());
        assertEquals(parameter, e.getParameter());
    }

    @Test
    void build_should_apply_the_documented_defaults() {
        TrainingRequest request = valid().build();

        assertEquals("features", request.getCutPoint());
        assertNull(request.getEpochs()); // until the validation loss stops improving
        assertEquals(32, request.getBatchSize());
        assertNull(request.getOptimizerOptions().learningRate()); // a range test finds it
        assertEquals(OptimizerKind.ADAM, request.getOptimizerOptions().kind());
        assertEquals(42, request.getSeed());
        assertEquals(true, request.isFreezeBase());
        assertEquals(512L << 20, request.getCacheMemoryBytes());
        assertEquals(CachePrecision.FLOAT32, request.getCachePrecision());
        assertEquals(Instant.parse("1980-02-01T00:00:00Z"), request.getOutputOptions().outputTimestamp());
        assertEquals("model", request.getOutputOptions().modelName());
        assertEquals(new PixelLimit(67108864), request.getInputOptions().pixelLimit());
    }

    @Test
    void only_a_float16_cache_should_enter_the_model_settings() {
        TrainingRequest plain = valid().build();
        TrainingRequest float32 = valid().optCachePrecision(CachePrecision.FLOAT32).build();
        TrainingRequest float16 = valid().optCachePrecision(CachePrecision.FLOAT16).build();

        assertEquals(plain.modelSettings(), float32.modelSettings(), "float32 runs keep their fingerprints");
        assertFalse(plain.modelSettings().containsKey("cachePrecision"));
        assertEquals("float16", float16.modelSettings().get("cachePrecision"));
        assertEquals(CachePrecision.FLOAT16, float16.getCachePrecision());
        assertEquals(CachePrecision.FLOAT32, valid().optCachePrecision(null).build().getCachePrecision());
    }

    @Test
    void build_should_reject_a_pixel_limit_below_one() {
        assertConfigurationError("maxImagePixels", "<maxImagePixels> must be at least 1, not -5",
                () -> valid().optMaxImagePixels(-5).build());
        assertEquals(new PixelLimit(1000), valid().optMaxImagePixels(1000).build().getInputOptions().pixelLimit());
    }

    @Test
    void build_should_keep_defaults_for_blank_optional_values() {
        TrainingRequest request = valid().optCutPoint("  ").optModelName("").optOutputTimestamp(null).build();

        assertEquals("features", request.getCutPoint());
        assertEquals("model", request.getOutputOptions().modelName());
        assertEquals(Instant.parse("1980-02-01T00:00:00Z"), request.getOutputOptions().outputTimestamp());
    }

    @Test
    void build_should_require_a_base_model() {
        assertConfigurationError("baseModel",
                "<baseModel> is required: <artifact>, <path>, <url> or <architecture> (e.g. resnet20)",
                () -> valid().setBaseModel(null).build());
    }

    @Test
    void build_should_require_a_dataset() {
        assertConfigurationError("dataset", "<dataset> is required", () -> valid().setDataset(null).build());
    }

    @Test
    void build_should_reject_zero_epochs() {
        assertConfigurationError("epochs", "<epochs> must be at least 1, not 0", () -> valid().optEpochs(0).build());
    }

    @Test
    void build_should_fail_when_warm_up_is_not_shorter_than_fine_tuning() {
        // The head's 10 epochs leave room for 3 warm-up epochs; fine-tuning's 3 do not, as warm-up restarts there.
        FineTuning threeEpochs = new FineTuning(null, 1, 3, null, false);

        assertConfigurationError("warmupEpochs", "<warmupEpochs> is 3, but warm-up restarts in every phase and"
                + " <fineTuning.epochs> is 3; make warmupEpochs less than 3 or fineTuning.epochs more than 3",
                () -> valid().optEpochs(10).optWarmupEpochs(3).optFineTuning(threeEpochs).build());
        assertEquals(2, valid().optEpochs(10).optWarmupEpochs(2).optFineTuning(threeEpochs).build()
                .getScheduleOptions().warmupEpochs(), "a warm-up shorter than both phases is accepted");
    }

    @Test
    void build_should_reject_a_negative_batch_size() {
        assertConfigurationError("batchSize", "<batchSize> must be at least 1, not -4",
                () -> valid().optBatchSize(-4).build());
    }

    @Test
    void build_should_reject_a_learning_rate_that_is_not_positive() {
        assertConfigurationError("learningRate", "<learningRate> must be a positive number, not 0.0",
                () -> valid().optLearningRate(0f).build());
        assertConfigurationError("learningRate", "<learningRate> must be a positive number, not NaN",
                () -> valid().optLearningRate(Float.NaN).build());
        assertConfigurationError("learningRate", "<learningRate> must be a positive number, not Infinity",
                () -> valid().optLearningRate(Float.POSITIVE_INFINITY).build());
    }

    @Test
    void build_should_reject_a_non_positive_image_size() {
        assertConfigurationError("imageSize", "<imageSize> must be positive",
                () -> valid().optInput(28, 0, true).build());
    }

    @Test
    void build_should_reject_a_test_rule_without_a_test_set_before_anything_trains() {
        List<QualityRule> rules = List.of(new QualityRule(QualityRule.Metric.TEST_MACRO_F1, null, 0.8, null));

        assertConfigurationError("rules.rule.metric", "<rules.rule.metric> testMacroF1 needs a test set, but <dataset>"
                + " has none: give it a <testSplit> (e.g. 0.2) or a <testDirectory> (IDX: <testImages> and"
                + " <testLabels>)", () -> valid().optRules(rules).build());
        assertEquals(rules, TestData.request(OUT, RESNET, TestData.digitFolders().withTestSplit(0.2)).optRules(rules)
                .build().getRules());
    }

    @Test
    void model_settings_should_name_a_test_split_only_when_there_is_one() {
        assertFalse(valid().build().modelSettings().containsKey("dataset.testSplit"));
        assertEquals("0.2", TestData.request(OUT, RESNET, TestData.digitFolders().withTestSplit(0.2)).build()
                .modelSettings().get("dataset.testSplit"));
    }

    @Test
    void validation_should_choose_the_model_when_early_stopping_keeps_its_best_epoch() {
        assertNull(valid().optEpochs(10).build().validationChoseModel(), "fixed epochs, the last one kept");
        assertEquals("training until the validation loss stopped improving", valid().build().validationChoseModel());
        assertEquals("early stopping on validationAccuracy", valid()
                .optEarlyStopping(new EarlyStopping(EarlyStopping.Metric.VALIDATION_ACCURACY, 2, 0)).build()
                .validationChoseModel());
        assertEquals("fine-tuning kept only if it beat the head phase", valid().optEpochs(10)
                .optFineTuning(new FineTuning(null, 1, 3, null, false)).build().validationChoseModel());
    }

    @Test
    void build_should_reject_a_negative_cache_budget() {
        assertConfigurationError("cacheMemoryMb", "<cacheMemoryMb> must not be negative",
                () -> valid().optCacheMemoryBytes(-1).build());
    }
}
