package io.github.transferml.transfer.cut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CutChoiceTest {

    private static CutTrial trial(String name, int keep, double accuracy, double loss) {
        return new CutTrial(name, new CutOption(List.of(keep), String.format("%02dBlock", keep), name, "Block",
                new Shape(1, 32), 0), 32, accuracy, loss, 1.25);
    }

    @Test
    void chosen_should_be_the_most_accurate() {
        CutTrial stage3 = trial("stage3", 10, 0.8123, 0.6);
        CutChoice choice = new CutChoice(List.of(trial("stage2", 7, 0.7, 0.5), stage3, trial("features", 12, 0.741, 0.4)));

        assertSame(stage3, choice.chosen());
        assertEquals("Cut point auto chose stage3 (validation accuracy 0.8123 against 0.7410 for features)",
                choice.describe());
    }

    @Test
    void chosen_should_break_an_accuracy_tie_by_the_lower_loss() {
        CutTrial features = trial("features", 12, 0.8, 0.4);
        CutChoice choice = new CutChoice(List.of(trial("stage2", 7, 0.8, 0.5), features));

        assertSame(features, choice.chosen());
        assertEquals("Cut point auto chose features (validation accuracy 0.8000 against 0.8000 for stage2; loss 0.4000"
                + " against 0.5000)", choice.describe());
    }

    @Test
    void chosen_should_break_a_full_tie_by_the_shallower_cut() {
        CutTrial stage3 = trial("stage3", 10, 0.8, 0.4);

        assertSame(stage3, new CutChoice(List.of(stage3, trial("features", 12, 0.8, 0.4))).chosen());
    }

    @Test
    void toJson_should_record_the_table_without_seconds_and_the_choice() {
        Map<String, Object> json = new CutChoice(List.of(trial("stage2", 7, 0.7, 0.5), trial("stage3", 10, 0.8, 0.6)))
                .toJson();

        assertEquals("stage3", json.get("chosen"));
        assertEquals("[{cutPoint=stage2, block=07Block, keep=7, features=32, validationAccuracy=0.7,"
                + " validationLoss=0.5}, {cutPoint=stage3, block=10Block, keep=10, features=32,"
                + " validationAccuracy=0.8, validationLoss=0.6}]", json.get("candidates").toString());
    }
}
