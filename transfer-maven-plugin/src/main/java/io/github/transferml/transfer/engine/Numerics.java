package io.github.transferml.transfer.engine;

import io.github.transferml.transfer.config.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the engine computes: {@code portable} pins everything that changes floating-point results
 * (thread counts, the instruction-set level of PyTorch's, oneDNN's and MKL's kernels), so the same
 * build gives the same bytes on any x86-64 machine; {@code fast} lets the engine use every core and
 * the machine's best kernels. libtorch, oneDNN and MKL read these settings once, when they load, so
 * they are applied to the environment of the worker process that runs the engine.
 *
 * @param mode portable or fast
 * @param threads intra-op threads in portable mode (the same number on every machine)
 */
public record Numerics(Mode mode, int threads) {

    /**
     * Intra-op threads when the POM gives none. Two: the results do not depend on the number of cores
     * the threads run on (measured under {@code taskset}), and two threads are what a CI runner has.
     */
    public static final int DEFAULT_THREADS = 2;

    /** Portable, on {@value #DEFAULT_THREADS} threads. */
    public static final Numerics DEFAULT = new Numerics(Mode.PORTABLE, DEFAULT_THREADS);

    /** PyTorch's kernels: {@code default} is its plain C++ path, which every x86-64 CPU runs the same. */
    static final String ATEN_CPU_CAPABILITY = "default";

    /** oneDNN's kernels: SSE4.1, the level every x86-64 CPU of the last fifteen years has. */
    static final String ONEDNN_MAX_CPU_ISA = "SSE41";

    /** MKL's code path: the only one that gives the same results on Intel and AMD CPUs. */
    static final String MKL_CBWR = "COMPATIBLE";

    /** The two modes. */
    public enum Mode {
        /** Pinned: the same bytes on any machine. */
        PORTABLE,
        /** All cores, the best kernels: the same bytes only on the same kind of machine. */
        FAST;

        /** @return the name in the POM */
        public String pomName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @throws ConfigurationException naming {@code <threads>} if there are fewer than one */
    public Numerics {
        if (mode == null) {
            throw new ConfigurationException("numerics", "is required: portable or fast");
        }
        if (threads < 1) {
            throw new ConfigurationException("threads", "must be at least 1, not " + threads);
        }
    }

    /**
     * Reads the POM's values.
     *
     * @param mode {@code portable} or {@code fast}; null for portable
     * @param threads the thread count; null for the default
     * @return the numerics
     * @throws ConfigurationException naming the parameter at fault
     */
    public static Numerics parse(String mode, Integer threads) {
        Mode parsed = Mode.PORTABLE;
        if (mode != null && !mode.isBlank()) {
            try {
                parsed = Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("numerics", "'" + mode + "' is not a mode: portable (the same"
                        + " bytes on any machine) or fast (all cores, the same bytes only on the same kind of machine)");
            }
        }
        return new Numerics(parsed, threads == null ? DEFAULT_THREADS : threads);
    }

    /** @return whether results are pinned */
    public boolean portable() {
        return mode == Mode.PORTABLE;
    }

    /**
     * The environment of the worker process. Portable mode sets every pin, overriding what the build
     * inherited; fast mode removes inherited pins, so that it means all cores and the best kernels.
     * Both make idle OpenMP threads sleep instead of spin, so two builds on one machine share its
     * cores instead of starving each other.
     *
     * @return variable to value; a null value removes the variable
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        boolean pin = portable();
        env.put("OMP_NUM_THREADS", pin ? Integer.toString(threads) : null);
        env.put("MKL_NUM_THREADS", pin ? Integer.toString(threads) : null);
        env.put("OMP_DYNAMIC", pin ? "FALSE" : null);
        env.put("MKL_DYNAMIC", pin ? "FALSE" : null);
        env.put("ATEN_CPU_CAPABILITY", pin ? ATEN_CPU_CAPABILITY : null);
        env.put("ONEDNN_MAX_CPU_ISA", pin ? ONEDNN_MAX_CPU_ISA : null);
        env.put("DNNL_MAX_CPU_ISA", pin ? ONEDNN_MAX_CPU_ISA : null);
        env.put("MKL_CBWR", pin ? MKL_CBWR : null);
        return env;
    }

    /**
     * DJL's settings of the worker: the intra-op and inter-op thread pools of PyTorch.
     *
     * @return system property to value
     */
    public Map<String, String> systemProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (portable()) {
            properties.put("ai.djl.pytorch.num_threads", Integer.toString(threads));
            properties.put("ai.djl.pytorch.num_interop_threads", "1");
        }
        return properties;
    }

    /** @return e.g. {@code portable (2 threads, ATen default, oneDNN SSE41, MKL COMPATIBLE)} */
    public String describe() {
        return portable() ? String.format(Locale.ROOT, "portable (%d thread%s, ATen %s, oneDNN %s, MKL %s)", threads,
                threads == 1 ? "" : "s", ATEN_CPU_CAPABILITY, ONEDNN_MAX_CPU_ISA, MKL_CBWR)
                : "fast (all cores, this machine's best kernels)";
    }

    /** @return what the archive records: the mode and every pinned level, nothing about this machine */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", mode.pomName());
        if (portable()) {
            json.put("threads", threads);
            json.put("interopThreads", 1);
            json.put("atenCpuCapability", ATEN_CPU_CAPABILITY);
            json.put("onednnMaxCpuIsa", ONEDNN_MAX_CPU_ISA);
            json.put("mklCbwr", MKL_CBWR);
        }
        return json;
    }

    /** @return what decides the model, for the fingerprint: fast mode's thread count is the machine's */
    public String fingerprint() {
        return portable() ? describe() : mode.pomName();
    }

    /** The warning fast mode logs once. */
    public static final String FAST_WARNING = "numerics = fast: the model's bytes depend on this machine's CPU and"
            + " core count; <numerics>portable</numerics> builds the same archive on any machine.";
}
