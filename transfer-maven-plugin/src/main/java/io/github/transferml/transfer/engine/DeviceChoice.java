package io.github.transferml.transfer.engine;

import ai.djl.Device;
import io.github.transferml.transfer.config.ConfigurationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the engine computes: {@code cpu}, {@code gpu} or {@code auto} (a GPU when the engine sees
 * one). The default follows the numerics: {@code cpu} when they are pinned ({@code portable},
 * {@code compatible}: a GPU cannot give their bytes), {@code auto} for {@code fast}. The choice
 * reaches the engine through the worker's environment ({@code cpu} hides every GPU from CUDA, as
 * {@code CUDA_VISIBLE_DEVICES=""} does for any CUDA program) and is checked again where training
 * starts, against the GPUs the engine sees.
 */
public enum DeviceChoice {
    /** The CPU, even where a GPU is present. */
    CPU,
    /** A GPU; fails when the engine sees none. */
    GPU,
    /** A GPU when the engine sees one, else the CPU. */
    AUTO;

    /** The Maven coordinates of PyTorch's CUDA natives that pair with the DJL release in use. */
    public static final String CUDA_NATIVES = "ai.djl.pytorch:pytorch-native-cu128:2.7.1:linux-x86_64";

    /**
     * Parses the POM's {@code <device>}.
     *
     * @param name {@code cpu}, {@code gpu}, {@code auto}, or null/blank for the default
     * @param numerics the run's numerics
     * @return the choice
     * @throws ConfigurationException naming {@code <device>} for an unknown name, or a GPU with pinned numerics
     */
    public static DeviceChoice parse(String name, Numerics numerics) {
        if (name == null || name.isBlank()) {
            return defaultFor(numerics);
        }
        DeviceChoice choice;
        try {
            choice = valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("device", "'" + name + "' is not known; use one of "
                    + Arrays.stream(values()).map(DeviceChoice::pomName).collect(Collectors.joining(", ")));
        }
        choice.checkWith(numerics);
        return choice;
    }

    /**
     * @param numerics the run's numerics
     * @return {@code cpu} for pinned numerics, {@code auto} for {@code fast}
     */
    public static DeviceChoice defaultFor(Numerics numerics) {
        return numerics.pinned() ? CPU : AUTO;
    }

    /**
     * @param numerics the run's numerics
     * @throws ConfigurationException if a GPU is asked for with numerics that promise the same bytes everywhere
     */
    public void checkWith(Numerics numerics) {
        if (this == GPU && numerics.pinned()) {
            throw new ConfigurationException("device", "gpu cannot give the bytes that numerics "
                    + numerics.mode().pomName() + " promise on every machine; set <numerics>fast</numerics>"
                    + " to train on a GPU, or leave <device> unset");
        }
    }

    /**
     * Chooses the device among those the engine sees.
     *
     * @param gpuCount the GPUs the engine sees
     * @param engine the engine's name and version, for the message
     * @return the device
     * @throws ConfigurationException naming {@code <device>} and the CUDA natives when a GPU is asked for and there is none
     */
    public Device select(int gpuCount, String engine) {
        if (this == CPU || this == AUTO && gpuCount == 0) {
            return Device.cpu();
        }
        if (gpuCount == 0) {
            throw new ConfigurationException("device", "gpu: " + engine + " sees no GPU. Its CPU natives"
                    + " (pytorch-native-cpu) cannot use one: add PyTorch's CUDA natives as a dependency of the"
                    + " plugin (" + CUDA_NATIVES + ", with an NVIDIA driver for CUDA 12.8; see the README's Machines,"
                    + " GPUs, offline), or set"
                    + " <device>auto</device> to train on the CPU where there is no GPU");
        }
        return Device.gpu();
    }

    /**
     * @return what the worker's environment needs: {@code cpu} hides the GPUs from CUDA; a GPU run gets
     *     cuBLAS's deterministic workspace (PyTorch's reproducibility notes), cuDNN's benchmark staying off
     */
    public Map<String, String> environment() {
        return this == CPU ? Map.of("CUDA_VISIBLE_DEVICES", "") : Map.of("CUBLAS_WORKSPACE_CONFIG", ":4096:8");
    }

    /** @return the name as written in the POM */
    public String pomName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
