package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.HiddenLayer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {

    @Test
    void smoke(@TempDir Path out) throws Exception {
        TrainingEvents print = new TrainingEvents() {
            public void info(String m) { System.out.println("[info] " + m); }
            public void warn(String m) { System.out.println("[warn] " + m); }
        };
        TrainingResult base = new TransferTraining(TestData.request(out.resolve("base"),
                new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null), TestData.fashionIdx())
                .optEpochs(4).build(), null, print, "test").run();
        TrainingResult digits = new TransferTraining(TestData.request(out.resolve("digits"),
                new BaseModelSpec(BaseModelSpec.Kind.PATH, base.archive().toString(), null), TestData.digitFolders())
                .optEpochs(40).optLearningRate(0.01f).build(), null, print, "test").run();
        assertTrue(digits.validationAccuracy() > 0.3);
    }
}
