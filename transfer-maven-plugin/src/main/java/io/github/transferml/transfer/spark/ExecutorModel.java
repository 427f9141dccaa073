package io.github.transferml.transfer.spark;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import io.github.transferml.transfer.cache.FrozenPass;
import io.github.transferml.transfer.cluster.ClusterException;
import io.github.transferml.transfer.cluster.FrozenPrefix;
import io.github.transferml.transfer.cluster.PrefixParameters;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.engine.HostUpload;
import io.github.transferml.transfer.engine.Numerics;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.spark.SparkEnv;

/**
 * The frozen prefix in an executor JVM: built once from its recipe and parameters (no code travels),
 * shared by the JVM's tasks, which take turns on it. The engine's threads are the build's pinned
 * count, so tasks that run side by side decode images in parallel but never oversubscribe the cores
 * with forward passes. Before it computes anything, it checks that the executor computes with the
 * build's numerics: pinned kernels are what make its features the same bytes as a local pass's.
 */
final class ExecutorModel {

    private static final Map<Long, ExecutorModel> MODELS = new ConcurrentHashMap<>();
    /** One forward pass at a time per JVM: the engine's threads are the cores. */
    private static final ReentrantLock FORWARD = new ReentrantLock();
    /** The settings that pick the engine's kernels; without them an executor computes other bytes. */
    private static final List<String> KERNEL_SETTINGS = List.of("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA");

    private final FrozenPrefix prefix;
    private final Model model;
    private final FrozenPass pass;
    private final ParameterStore parameters;

    private ExecutorModel(FrozenPrefix prefix, Model model, FrozenPass pass) {
        this.prefix = prefix;
        this.model = model;
        this.pass = pass;
        this.parameters = new ParameterStore(model.getNDManager(), false);
    }

    /**
     * The JVM's model of a prefix, built on first use.
     *
     * @param id the prefix's broadcast, which names it
     * @param bytes the prefix, as {@link #serialise} wrote it
     * @param engine the engine's name
     * @param numerics the build's numerics mode
     * @param threads the build's engine threads
     * @return the model
     * @throws ClusterException naming the executor if it cannot load the engine or computes other numerics
     */
    static ExecutorModel of(long id, Supplier<byte[]> bytes, String engine, String numerics, int threads) {
        return MODELS.computeIfAbsent(id, key -> load(deserialise(bytes.get()), engine, numerics, threads));
    }

    /**
     * Frees a prefix's model in this JVM (a {@code local} master's executors are the build's own JVM).
     *
     * @param id the prefix's broadcast
     */
    static void release(long id) {
        ExecutorModel model = MODELS.remove(id);
        if (model != null) {
            model.pass.close();
            model.model.close();
        }
    }

    private static ExecutorModel load(FrozenPrefix prefix, String engine, String numerics, int threads) {
        checkNumerics(numerics, threads);
        try {
            Engine.getEngine(engine);
        } catch (RuntimeException | LinkageError e) {
            throw new ClusterException("Executor " + where() + " cannot load the " + engine + " engine: " + e
                    + ". Executors need the plugin's jars, which the build ships (spark.jars), and a Linux, macOS"
                    + " or Windows x86-64 (or Linux aarch64) machine for PyTorch's native library.");
        }
        Model model = Model.newInstance("frozen-prefix", engine);
        try {
            NDManager manager = model.getNDManager();
            SequentialBlock block = NetworkRecipe.parse(prefix.recipe()).build(manager);
            // No random draws: in a local master the engine's random state is the build's own.
            block.setInitializer(Initializer.ZEROS, parameter -> true);
            block.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(prefix.image()));
            PrefixParameters.load(block, manager, new DataInputStream(new ByteArrayInputStream(prefix.parameters())));
            block.freezeParameters(true);
            model.setBlock(block);
            return new ExecutorModel(prefix, model, FrozenPass.of(block));
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException | LinkageError e) {
            model.close();
            throw new ClusterException("Executor " + where() + " cannot rebuild the frozen base (" + prefix.recipe()
                    + "): " + e + (e instanceof LinkageError ? ". A class is missing on the executor: add its jar"
                    + " with <spark><conf><spark.jars>…</spark.jars></conf>." : ""));
        }
    }

    /** Fails on an executor whose engine would pick other kernels than the build's numerics pin. */
    private static void checkNumerics(String mode, int threads) {
        Numerics numerics = Numerics.parse(mode, threads);
        if (!numerics.pinned()) {
            return;
        }
        try {
            numerics.checkCpu();
        } catch (ConfigurationException e) {
            throw new ClusterException("Executor " + where() + ": " + e.getMessage());
        }
        for (String setting : KERNEL_SETTINGS) {
            String wanted = numerics.environment().get(setting);
            String actual = System.getenv(setting);
            if (wanted != null && !wanted.equalsIgnoreCase(String.valueOf(actual))) {
                throw new ClusterException("Executor " + where() + " computes with " + setting + "=" + actual
                        + ", not " + wanted + " as numerics " + numerics.mode().pomName() + " pins it. The build"
                        + " sets it with spark.executorEnv." + setting + "; check that the cluster manager passes"
                        + " executor environment variables on, or that <spark><conf> does not override it.");
            }
        }
    }

    /** @return the prefix this model computes */
    FrozenPrefix prefix() {
        return prefix;
    }

    /**
     * Runs one batch.
     *
     * @param values the preprocessed images, one after the other
     * @param n how many images
     * @return per output, the rows of the batch one after the other
     */
    float[][] forward(float[] values, int n) {
        FORWARD.lock();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray batch = HostUpload.floats(scope, values, new Shape(n).addAll(prefix.image()));
            NDList outputs = pass.forward(parameters, new NDList(batch));
            float[][] rows = new float[outputs.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = outputs.get(i).toFloatArray();
            }
            return rows;
        } finally {
            FORWARD.unlock();
        }
    }

    /**
     * @param prefix a prefix
     * @return its bytes, for a broadcast
     */
    static byte[] serialise(FrozenPrefix prefix) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static FrozenPrefix deserialise(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (FrozenPrefix) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new ClusterException("Executor " + where() + " cannot read the frozen base: " + e);
        }
    }

    /** @return e.g. {@code 3 on worker-7}, for messages */
    static String where() {
        String id = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
        try {
            return id + " on " + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return id;
        }
    }
}
