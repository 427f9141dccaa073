package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.FineTuning;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.HiddenLayer;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.evaluate.ModelEvaluation;
import io.github.transferml.transfer.evaluate.TestSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <head><solver>lbfgs</solver></head>} in real runs: the tests' resnet20 trained on the
 * Fashion-MNIST subset ({@link TestData#fashionBase()}), transferred to the digits with its linear
 * head fitted exactly.
 */
class LinearHeadTrainingTest {

    @TempDir
    Path out;

    private TrainingRequest.Builder digits(Path dir) {
        return TestData.digitsOnFashionBase(dir).optHeadSolver(HeadSolver.LBFGS);
    }

    @Test
    void lbfgs_should_fit_the_head_once_choose_its_penalty_on_validation_and_give_the_same_bytes_again()
            throws Exception {
        List<String> log = new ArrayList<>();
        TrainingResult result = new TransferTraining(digits(out).build(), null, RecordedLog.into(log, "WARN "),
                "test").run();

        assertTrue(log.stream().anyMatch(l -> l.startsWith("Fitting the linear head exactly: lbfgs")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("L2 1.00: ")), "the path starts at the strongest penalty");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Chose L2 ")), log::toString);
        assertEquals(1, result.history().size(), "one fit, scored as one epoch");
        JsonObject manifest = manifest(result);
        JsonObject head = manifest.getAsJsonObject("head");
        assertEquals("lbfgs", head.get("solver").getAsString());
        double penalty = head.get("l2Penalty").getAsDouble();
        assertTrue(Arrays.stream(LinearProbe.PENALTIES).anyMatch(p -> p == penalty), head.toString());
        JsonObject training = manifest.getAsJsonObject("training");
        assertTrue(!training.has("learningRate") || training.get("learningRate").isJsonNull(), "no rate: none used");
        // Linear on 64 pooled features of a base that saw only clothes: far above chance (0.1), and the
        // archive, scored through its own preprocessing, predicts what the engine scored in training.
        assertTrue(result.validationAccuracy() > 0.5, "validation accuracy " + result.validationAccuracy());
        double archived = new ModelEvaluation(TrainingEvents.NONE).evaluate(result.archive(),
                TestSet.folder(TestData.root().resolve("digits/validation")).load()).accuracy();
        assertEquals(result.validationAccuracy(), archived, 1e-9);

        // Deterministic: the same request again gives the same archive.
        TrainingResult again = new TransferTraining(digits(out).optForce(true).build(), null, TrainingEvents.NONE,
                "test").run();
        assertEquals(result.archiveSha256(), again.archiveSha256());

        // And at least as good as the default optimizer steps on the same features, within a point or two.
        TrainingResult steps = new TransferTraining(digits(out.resolve("sgd")).optHeadSolver(HeadSolver.SGD).build(),
                null, TrainingEvents.NONE, "test").run();
        assertTrue(result.validationAccuracy() >= steps.validationAccuracy() - 0.025,
                "lbfgs " + result.validationAccuracy() + " vs sgd " + steps.validationAccuracy());
    }

    @Test
    void lbfgs_should_fit_every_auto_candidate_and_give_fine_tuning_a_tenth_of_a_range_tested_head_rate() throws Exception {
        List<String> log = new ArrayList<>();
        TrainingResult result = new TransferTraining(digits(out).optCutPoint("auto:stage3,features")
                .optFineTuning(new FineTuning("stage2", null, 2, null, false)).build(), null,
                RecordedLog.into(log, "WARN "), "test").run();

        assertEquals(2, log.stream().filter(l -> l.startsWith("Cut point auto: Fitting the linear head exactly"))
                .count(), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Learning rate a range test finds for the head, a tenth"
                + " of which fine-tuning takes: ")), log::toString);
        assertEquals(3, result.history().size(), "the fit, then two fine-tuning epochs");
        JsonObject training = manifest(result).getAsJsonObject("training");
        float headRate = training.get("learningRate").getAsFloat();
        assertTrue(training.get("learningRateFound").getAsString().contains("steepest fall"), training.toString());
        assertEquals(headRate / 10, training.getAsJsonObject("fineTuning").get("learningRate").getAsFloat(), 1e-9f);
    }

    @Test
    void lbfgs_should_refuse_what_it_cannot_fit() {
        ConfigurationException hidden = assertThrows(ConfigurationException.class, () -> digits(out)
                .addHiddenLayer(new HiddenLayer(32, 0f)).build());
        assertTrue(hidden.getMessage().contains("head.solver") && hidden.getMessage().contains("hidden layer"),
                hidden.getMessage());

        ConfigurationException untrained = assertThrows(ConfigurationException.class, () -> new TransferTraining(
                TestData.request(out, new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null),
                        TestData.digitFolders()).optHeadSolver(HeadSolver.LBFGS).build(), null, TrainingEvents.NONE,
                "test").run());
        assertTrue(untrained.getMessage().contains("head.solver")
                && untrained.getMessage().contains("untrained architecture"), untrained.getMessage());

        ConfigurationException unknown = assertThrows(ConfigurationException.class, () -> HeadSolver.parse("newton"));
        assertTrue(unknown.getMessage().contains("sgd, lbfgs"), unknown.getMessage());
    }

    private static JsonObject manifest(TrainingResult result) throws IOException {
        try (ZipFile zip = new ZipFile(result.archive().toFile())) {
            return JsonParser.parseString(new String(zip.getInputStream(zip.getEntry("transfer.json")).readAllBytes(),
                    StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }
}
