package io.github.transferml.transfer.engine;

import io.github.transferml.transfer.config.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the engine computes. {@code portable} pins everything that changes floating-point results
 * (thread counts, the instruction-set level of PyTorch's, oneDNN's and MKL's kernels) at the AVX2
 * level, so the same build gives the same bytes on every x86-64 CPU with AVX2 and FMA, Intel or
 * AMD; {@code compatible} pins them at the SSE4.1 level, for every x86-64 CPU, at about twice the
 * time; {@code fast} lets the engine use every core and the machine's best kernels. libtorch,
 * oneDNN and MKL read these settings once, when they load, so they go into the environment of the
 * worker process that runs the engine. The measurements behind each pin are in
 * {@code src/bench/numerics/README.md}.
 *
 * @param mode portable, compatible or fast
 * @param threads intra-op threads when pinned (the same number on every machine)
 */
public record Numerics(Mode mode, int threads) {

    /**
     * Intra-op threads when the POM gives none. The bits depend on the thread count, never on how
     * many cores run the threads (measured under {@code taskset}); two is what a CI runner has.
     */
    public static final int DEFAULT_THREADS = 2;

    /** Portable, on {@value #DEFAULT_THREADS} threads. */
    public static final Numerics DEFAULT = new Numerics(Mode.PORTABLE, DEFAULT_THREADS);

    /** MKL's code path: the only one that is the same on Intel and AMD CPUs. */
    static final String MKL_CBWR = "COMPATIBLE";

    /** The three modes. */
    public enum Mode {
        /** Pinned at AVX2: the same bytes on every x86-64 CPU with AVX2 and FMA (since 2013-2015). */
        PORTABLE("avx2", "AVX2"),
        /** Pinned at SSE4.1: the same bytes on every x86-64 CPU, about twice as slow. */
        COMPATIBLE("default", "SSE41"),
        /** All cores, the best kernels: the same bytes only on the same kind of machine. */
        FAST(null, null);

        private final String aten;
        private final String onednn;

        Mode(String aten, String onednn) {
            this.aten = aten;
            this.onednn = onednn;
        }

        /** @return the name in the POM */
        public String pomName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @throws ConfigurationException naming {@code <threads>} if there are fewer than one */
    public Numerics {
        if (mode == null) {
            throw new ConfigurationException("numerics", "is required: portable, compatible or fast");
        }
        if (threads < 1) {
            throw new ConfigurationException("threads", "must be at least 1, not " + threads);
        }
    }

    /**
     * Reads the POM's values.
     *
     * @param mode {@code portable}, {@code compatible} or {@code fast}; null for portable
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
                        + " bytes on every x86-64 CPU with AVX2), compatible (on every x86-64 CPU, slower) or fast"
                        + " (all cores, the same bytes only on the same kind of machine)");
            }
        }
        return new Numerics(parsed, threads == null ? DEFAULT_THREADS : threads);
    }

    /** @return whether results are pinned */
    public boolean pinned() {
        return mode != Mode.FAST;
    }

    /**
     * The environment of the worker process. Pinned modes set every pin, overriding what the build
     * inherited; fast mode removes inherited pins, so that it means all cores and the best kernels.
     * Every mode makes idle OpenMP threads sleep instead of spin, so two builds on one machine share
     * its cores instead of starving each other.
     *
     * @return variable to value; a null value removes the variable
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        boolean pin = pinned();
        env.put("OMP_NUM_THREADS", pin ? Integer.toString(threads) : null);
        env.put("MKL_NUM_THREADS", pin ? Integer.toString(threads) : null);
        env.put("OMP_DYNAMIC", pin ? "FALSE" : null);
        env.put("MKL_DYNAMIC", pin ? "FALSE" : null);
        env.put("ATEN_CPU_CAPABILITY", mode.aten);
        env.put("ONEDNN_MAX_CPU_ISA", mode.onednn);
        env.put("DNNL_MAX_CPU_ISA", mode.onednn); // the name older oneDNN releases read
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
        if (pinned()) {
            properties.put("ai.djl.pytorch.num_threads", Integer.toString(threads));
            properties.put("ai.djl.pytorch.num_interop_threads", "1");
        }
        return properties;
    }

    /**
     * Checks, in the worker, that this CPU runs the pinned kernels. PyTorch silently falls back to
     * plainer kernels on a CPU that lacks the pinned level, which would give other bytes.
     *
     * @throws ConfigurationException naming {@code <numerics>} if it does not
     */
    public void checkCpu() {
        if (mode != Mode.PORTABLE) {
            return;
        }
        int avx = Cpu.avxLevel();
        boolean fma = Cpu.fma();
        if (avx < 2 || !fma) {
            throw new ConfigurationException("numerics", "portable pins the engine's kernels at AVX2, and this CPU"
                    + " has " + (avx < 2 ? "no AVX2" : "no FMA") + " (the JVM found UseAVX=" + avx + ", UseFMA=" + fma
                    + "). Use <numerics>compatible</numerics> (-Dtransfer.numerics=compatible): the same bytes on"
                    + " every x86-64 CPU, but not the same as portable's.");
        }
    }

    /** @return e.g. {@code portable (2 threads, ATen avx2, oneDNN AVX2, MKL COMPATIBLE)} */
    public String describe() {
        return pinned() ? String.format(Locale.ROOT, "%s (%d thread%s, ATen %s, oneDNN %s, MKL %s)", mode.pomName(),
                threads, threads == 1 ? "" : "s", mode.aten, mode.onednn, MKL_CBWR)
                : "fast (all cores, this machine's best kernels)";
    }

    /** @return what the archive records: the mode and every pinned level, nothing about this machine */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", mode.pomName());
        if (pinned()) {
            json.put("threads", threads);
            json.put("interopThreads", 1);
            json.put("atenCpuCapability", mode.aten);
            json.put("onednnMaxCpuIsa", mode.onednn);
            json.put("mklCbwr", MKL_CBWR);
        }
        return json;
    }

    /** @return what decides the model, for the fingerprint: fast mode's thread count is the machine's */
    public String fingerprint() {
        return pinned() ? describe() : mode.pomName();
    }

    /** The warning fast mode logs once. */
    public static final String FAST_WARNING = "numerics = fast: the model's bytes depend on this machine's CPU and"
            + " core count; <numerics>portable</numerics> builds the same archive on any machine with AVX2.";
}
