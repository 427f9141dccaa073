package io.github.transferml.transfer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.transferml.transfer.config.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumericsTest {

    @Test
    void portable_should_pin_threads_and_every_kernel_level() {
        Numerics numerics = Numerics.parse(null, 3);
        Map<String, String> env = numerics.environment();
        assertEquals("3", env.get("OMP_NUM_THREADS"));
        assertEquals("3", env.get("MKL_NUM_THREADS"));
        assertEquals("avx2", env.get("ATEN_CPU_CAPABILITY"));
        assertEquals("AVX2", env.get("ONEDNN_MAX_CPU_ISA"));
        assertEquals("AVX2", env.get("DNNL_MAX_CPU_ISA"));
        assertEquals("COMPATIBLE", env.get("MKL_CBWR"));
        assertEquals("PASSIVE", env.get("OMP_WAIT_POLICY"));
        assertEquals(Map.of("ai.djl.pytorch.num_threads", "3", "ai.djl.pytorch.num_interop_threads", "1"),
                numerics.systemProperties());
        assertEquals("portable (3 threads, ATen avx2, oneDNN AVX2, MKL COMPATIBLE)", numerics.describe());
        numerics.checkCpu(); // this machine has AVX2 and FMA, as every CI runner the README names
    }

    @Test
    void compatible_should_pin_the_sse_level() {
        Numerics compatible = Numerics.parse("compatible", null);
        assertEquals("default", compatible.environment().get("ATEN_CPU_CAPABILITY"));
        assertEquals("SSE41", compatible.environment().get("ONEDNN_MAX_CPU_ISA"));
        assertEquals("COMPATIBLE", compatible.environment().get("MKL_CBWR"));
        assertEquals("compatible (2 threads, ATen default, oneDNN SSE41, MKL COMPATIBLE)", compatible.describe());
        compatible.checkCpu();
    }

    @Test
    void fast_should_remove_inherited_pins_and_record_nothing_about_the_machine() {
        Numerics fast = Numerics.parse("FAST", null);
        Map<String, String> env = fast.environment();
        assertEquals("PASSIVE", env.get("OMP_WAIT_POLICY"), "idle threads sleep in both modes");
        assertNull(env.get("OMP_NUM_THREADS"));
        assertNull(env.get("ATEN_CPU_CAPABILITY"));
        assertEquals(Map.of(), fast.systemProperties());
        assertEquals(Map.of("mode", "fast"), fast.toJson());
        assertEquals("fast", fast.fingerprint());
    }

    @Test
    void a_wrong_mode_or_thread_count_should_name_the_parameter() {
        assertEquals("<numerics> 'quick' is not a mode: portable (the same bytes on every x86-64 CPU with AVX2),"
                + " compatible (on every x86-64 CPU, slower) or fast (all cores, the same bytes only on the same"
                + " kind of machine)",
                assertThrows(ConfigurationException.class, () -> Numerics.parse("quick", null)).getMessage());
        assertEquals("<threads> must be at least 1, not 0",
                assertThrows(ConfigurationException.class, () -> Numerics.parse("portable", 0)).getMessage());
    }
}
