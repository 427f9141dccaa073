package io.github.transferml.transfer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.github.transferml.transfer.config.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The device's selection logic, for every number of GPUs: the only part of a GPU run this machine
 * (CPU natives, no GPU) can test; the CPU path runs in every training test.
 */
class DeviceChoiceTest {

    private static final Numerics FAST = Numerics.parse("fast", Numerics.DEFAULT_THREADS);

    @Test
    void the_default_should_follow_the_numerics() {
        assertEquals(DeviceChoice.CPU, DeviceChoice.parse(null, Numerics.DEFAULT));
        assertEquals(DeviceChoice.CPU, DeviceChoice.parse(" ", Numerics.parse("compatible", 2)));
        assertEquals(DeviceChoice.AUTO, DeviceChoice.parse(null, FAST));
        assertEquals(DeviceChoice.GPU, DeviceChoice.parse("GPU", FAST));
    }

    @Test
    void gpu_should_be_refused_with_numerics_that_promise_the_same_bytes_everywhere() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> DeviceChoice.parse("gpu", Numerics.DEFAULT));
        assertEquals("<device> gpu cannot give the bytes that numerics portable promise on every machine; set"
                + " <numerics>fast</numerics> to train on a GPU, or leave <device> unset", e.getMessage());
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> DeviceChoice.parse("tpu", FAST));
        assertEquals("<device> 'tpu' is not known; use one of cpu, gpu, auto", unknown.getMessage());
    }

    @Test
    void select_should_pick_among_the_gpus_the_engine_sees() {
        assertEquals(Device.cpu(), DeviceChoice.CPU.select(0, "PyTorch 2.7.1"));
        assertEquals(Device.cpu(), DeviceChoice.CPU.select(2, "PyTorch 2.7.1"), "cpu even beside a GPU");
        assertEquals(Device.cpu(), DeviceChoice.AUTO.select(0, "PyTorch 2.7.1"));
        assertEquals(Device.gpu(0), DeviceChoice.AUTO.select(1, "PyTorch 2.7.1"));
        assertEquals(Device.gpu(0), DeviceChoice.GPU.select(4, "PyTorch 2.7.1"));
        ConfigurationException none = assertThrows(ConfigurationException.class,
                () -> DeviceChoice.GPU.select(0, "PyTorch 2.7.1"));
        assertTrue(none.getMessage().startsWith("<device> gpu: PyTorch 2.7.1 sees no GPU.")
                && none.getMessage().contains(DeviceChoice.CUDA_NATIVES), none.getMessage());
    }

    @Test
    void the_worker_environment_should_hide_gpus_for_cpu_and_make_cublas_deterministic_otherwise() {
        assertEquals(Map.of("CUDA_VISIBLE_DEVICES", ""), DeviceChoice.CPU.environment());
        assertEquals(Map.of("CUBLAS_WORKSPACE_CONFIG", ":4096:8"), DeviceChoice.GPU.environment());
        assertEquals(Map.of("CUBLAS_WORKSPACE_CONFIG", ":4096:8"), DeviceChoice.AUTO.environment());
    }
}
