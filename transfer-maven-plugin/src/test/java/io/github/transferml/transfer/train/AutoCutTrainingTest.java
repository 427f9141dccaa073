package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.FineTuning;
import io.github.transferml.transfer.config.TrainingRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <cutPoint>auto</cutPoint>} in a real run: the resnet20 trained on the Fashion-MNIST subset
 * ({@link TestData#fashionBase()}), transferred to the digits with a choice between two cuts.
 */
class AutoCutTrainingTest {

    private static Path base;

    @TempDir
    Path out;

    @BeforeAll
    static void shareBase() {
        base = TestData.fashionBase();
    }

    private TrainingRequest.Builder digits(String cutPoint) {
        return TestData.request(out, new BaseModelSpec(BaseModelSpec.Kind.PATH, base.toString(), null),
                TestData.digitFolders()).optCutPoint(cutPoint).optEpochs(20).optLearningRate(0.01f);
    }

    @Test
    void auto_should_fit_a_head_per_candidate_on_one_pass_and_keep_the_best_cut() throws Exception {
        List<String> log = new ArrayList<>();
        TrainingResult result = new TransferTraining(digits("auto:features,stage2").build(), null,
                RecordedLog.into(log, "WARN "), "test").run();

        JsonObject manifest = manifest(result);
        JsonObject cutPoint = manifest.getAsJsonObject("cutPoint");
        JsonArray rows = cutPoint.getAsJsonObject("auto").getAsJsonArray("candidates");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals("stage2", row(rows, 0).get("cutPoint").getAsString(), "network order");
        assertEquals(32, row(rows, 0).get("features").getAsInt());
        assertEquals("features", row(rows, 1).get("cutPoint").getAsString());
        assertEquals(64, row(rows, 1).get("features").getAsInt());
        JsonObject best = row(rows, 0);
        for (JsonElement element : rows) {
            JsonObject row = element.getAsJsonObject();
            assertTrue(row.get("validationAccuracy").getAsDouble() > 0.25, "10 classes, chance is 0.1: " + row);
            double accuracy = row.get("validationAccuracy").getAsDouble();
            if (accuracy > best.get("validationAccuracy").getAsDouble() || accuracy == best.get("validationAccuracy")
                    .getAsDouble() && row.get("validationLoss").getAsDouble() < best.get("validationLoss").getAsDouble()) {
                best = row;
            }
        }
        String chosen = cutPoint.getAsJsonObject("auto").get("chosen").getAsString();
        assertEquals(best.get("cutPoint").getAsString(), chosen);
        // The archive is what <cutPoint>chosen</cutPoint> describes: the request stays auto, the cut is the chosen one.
        assertEquals("auto:features,stage2", cutPoint.get("requested").getAsString());
        assertEquals(best.get("block").getAsString(), cutPoint.get("block").getAsString());
        assertEquals(best.get("keep").getAsString(), cutPoint.get("keep").getAsString());
        assertTrue(manifest.get("recipe").getAsString().contains(" > keep(" + best.get("keep").getAsString() + ") > "),
                manifest.get("recipe").getAsString());
        // The head phase starts where the chosen candidate's head started, on the same rows.
        assertEquals(best.get("validationAccuracy").getAsDouble(), result.validationAccuracy(), 1e-9);
        assertEquals(best.get("validationLoss").getAsDouble(), result.validationLoss(), 1e-6);

        assertTrue(log.stream().anyMatch(l -> l.startsWith("Cut point auto chose " + chosen + " (validation accuracy ")),
                String.join("\n", log));
        assertEquals(2, log.stream().filter(l -> l.matches("Cut point auto: (stage2|features) \\(\\d+\\w+\\): \\d+"
                + " features, validation accuracy .*")).count(), String.join("\n", log));
        assertEquals(List.of("Caching features of training data (cut point auto): 300/300 images (100%)"),
                log.stream().filter(l -> l.startsWith("Caching features of training data") && l.contains("(100%)"))
                        .map(l -> l.substring(0, l.indexOf("(100%)") + 6)).toList(),
                "one pass through the base for the choice and the head phase");
        String report = Files.readString(result.report());
        assertTrue(report.contains("<h2>Cut point auto</h2>"), "report.html shows the table");
        assertTrue(report.contains("<td>" + chosen + " (chosen)</td>"), "report.html marks the choice");
    }

    @Test
    void auto_should_fail_before_any_pass_for_a_candidate_that_fine_tuning_needs_to_keep_more_than() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TransferTraining(
                digits("auto:stage1,features").optFineTuning(new FineTuning("stage2", null, 1, null, false)).build(),
                null, TrainingEvents.NONE, "test").run());

        assertEquals("<cutPoint> 'auto:stage1,features' lists stage1, which keeps 4 blocks, but"
                + " fineTuning.unfreezeAfter 'stage2' (7) unfreezes the blocks after it: every candidate must keep"
                + " more. List later cut points, or fine-tune fewer blocks.", e.getMessage());
    }

    private static JsonObject row(JsonArray rows, int i) {
        return rows.get(i).getAsJsonObject();
    }

    static JsonObject manifest(TrainingResult result) throws IOException {
        try (ZipFile zip = new ZipFile(result.archive().toFile())) {
            return JsonParser.parseString(new String(zip.getInputStream(zip.getEntry("transfer.json")).readAllBytes()))
                    .getAsJsonObject();
        }
    }
}
