package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.TrainingRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild with nothing changed trains nothing; a changed setting or data file retrains and says
 * why. Real trainings of a ResNet-20 on a copy of the digit folders.
 */
class UpToDateTest {

    @TempDir
    static Path dir;

    private static Path data;

    @BeforeAll
    static void copyData() throws IOException {
        data = dir.resolve("data");
        Path source = TestData.root().resolve("corrupt/validation");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = data.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static TrainingRequest.Builder request(Path out) {
        DatasetSpec folders = new DatasetSpec(DatasetSpec.Format.FOLDER, data, null, 0.5, null, null, null, null, null);
        return TestData.request(out, new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null), folders)
                .optEpochs(1);
    }

    private static TrainingResult run(TrainingRequest request, List<String> log) throws IOException {
        return new TransferTraining(request, null, RecordedLog.into(log, ""), "test").run();
    }

    @Test
    void train_should_skip_when_nothing_changed_and_retrain_saying_why_when_something_did() throws IOException {
        Path out = dir.resolve("out");
        List<String> first = new ArrayList<>();
        TrainingResult trained = run(request(out).build(), first);
        byte[] archive = Files.readAllBytes(trained.archive());
        assertTrue(first.contains("Training: there is no model archive yet (" + trained.archive().getFileName() + ")"),
                first.toString());

        List<String> second = new ArrayList<>();
        TrainingResult kept = run(request(out).build(), second);

        assertTrue(kept.upToDate());
        assertTrue(second.stream().anyMatch(line -> line.matches("Model is up to date \\(fingerprint [0-9a-f]{8}…\\);"
                + " -Dtransfer.force=true retrains")), second.toString());
        assertFalse(second.stream().anyMatch(line -> line.startsWith("Epoch ")), "nothing trained");
        assertArrayEquals(archive, Files.readAllBytes(kept.archive()));
        assertEquals(trained.validationAccuracy(), kept.validationAccuracy(), 1e-9);
        assertEquals(trained.archiveSha256(), kept.archiveSha256());

        List<String> third = new ArrayList<>();
        TrainingResult retrained = run(request(out).optEpochs(2).build(), third);
        assertFalse(retrained.upToDate());
        assertTrue(third.contains("Retraining: configuration changed (epochs 1 -> 2)"), third.toString());

        Files.copy(TestData.root().resolve("corrupt/validation/1/1_0005.png"), data.resolve("0/added.png"));
        List<String> fourth = new ArrayList<>();
        run(request(out).optEpochs(2).build(), fourth);
        assertTrue(fourth.contains("Retraining: dataset changed (1 file added)"), fourth.toString());

        List<String> fifth = new ArrayList<>();
        TrainingResult forced = run(request(out).optEpochs(2).optForce(true).build(), fifth);
        assertFalse(forced.upToDate());
        assertTrue(fifth.contains("Retraining: transfer.force is true."), fifth.toString());
    }
}
