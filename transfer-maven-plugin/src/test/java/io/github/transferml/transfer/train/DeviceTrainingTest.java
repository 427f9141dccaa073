package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.engine.DeviceChoice;
import io.github.transferml.transfer.engine.Numerics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <device>} in real runs on this machine, which has CPU natives and no GPU. */
class DeviceTrainingTest {

    @TempDir
    Path out;

    private TrainingRequest.Builder digits(Path dir) {
        return TestData.digitsOnFashionBase(dir).optHeadSolver(HeadSolver.LBFGS);
    }

    @Test
    void cpu_should_be_said_and_change_nothing_in_the_archive() throws Exception {
        List<String> log = new ArrayList<>();
        TrainingResult chosen = new TransferTraining(digits(out.resolve("cpu")).optDevice(DeviceChoice.CPU).build(),
                null, RecordedLog.into(log, "WARN "), "test").run();
        TrainingResult unset = new TransferTraining(digits(out.resolve("default")).build(), null, TrainingEvents.NONE,
                "test").run();

        assertTrue(log.contains("Device: cpu() (<device> cpu; the engine sees 0 GPUs)"), log::toString);
        assertEquals(unset.archiveSha256(), chosen.archiveSha256(), "cpu is the portable default");
        try (ZipFile zip = new ZipFile(chosen.archive().toFile())) {
            String manifest = new String(zip.getInputStream(zip.getEntry("transfer.json")).readAllBytes());
            assertFalse(manifest.contains("\"device\""), "only a GPU run records its device");
        }
    }

    @Test
    void gpu_where_the_engine_sees_none_should_fail_before_training_and_name_the_cuda_natives() {
        Numerics fast = Numerics.parse("fast", Numerics.DEFAULT_THREADS);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TransferTraining(
                digits(out).optNumerics(fast).optDevice(DeviceChoice.GPU).build(), null, TrainingEvents.NONE,
                "test").run());

        assertTrue(e.getMessage().startsWith("<device> gpu: PyTorch ") && e.getMessage().contains("sees no GPU")
                && e.getMessage().contains("pytorch-native-cu128"), e.getMessage());
        assertFalse(Files.exists(out.resolve("test-model.zip")), "nothing trained, nothing written");
        // auto trains on the CPU here.
        assertEquals(DeviceChoice.AUTO, digits(out).optNumerics(fast).build().getDevice());
    }
}
