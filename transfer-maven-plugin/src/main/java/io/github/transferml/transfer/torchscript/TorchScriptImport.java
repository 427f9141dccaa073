package io.github.transferml.transfer.torchscript;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.github.transferml.transfer.runtime.TorchvisionResNet;
import io.github.transferml.transfer.torchscript.TorchvisionResNetLayout.ParameterRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Imports a TorchScript ResNet into the equivalent DJL block tree ({@link TorchvisionResNet}), so
 * that it can be cut anywhere, and proves the import: the DJL network and the TorchScript module,
 * both in inference mode, must give the same output for the same input.
 */
public final class TorchScriptImport {

    /** Outputs may differ by this much, relative to their largest magnitude (float32 summation order). */
    static final double RELATIVE_TOLERANCE = 1e-4;

    private static final int PROBE_BATCH = 2;
    private static final long PROBE_SEED = 20_261_124L;

    private TorchScriptImport() {}

    /**
     * The imported network.
     *
     * @param model the model that owns the imported parameters; the caller closes it
     * @param network the network, initialised and filled
     * @param layout its layout (a recipe step)
     * @param tensors how many tensors were imported
     * @param maxDifference the largest absolute output difference on the probe
     * @param maxMagnitude the largest absolute output of the TorchScript module on the probe
     */
    public record Imported(Model model, SequentialBlock network, TorchvisionResNet layout, int tensors,
            double maxDifference, double maxMagnitude) {

        /** @return e.g. {@code imported 62 tensors into torchvision's ResNet layout (basic, 2/2/2/2 units); …} */
        public String summary() {
            StringBuilder units = new StringBuilder();
            for (TorchvisionResNet.Stage stage : layout.getStages()) {
                units.append(units.length() == 0 ? "" : "/").append(stage.units());
            }
            String equal = maxDifference == 0 ? "bit for bit"
                    : String.format(Locale.ROOT, "within %.1e (largest output %.3g)", maxDifference, maxMagnitude);
            return String.format(Locale.ROOT,
                    "imported %d tensors into torchvision's ResNet layout (%s blocks, %s units); its outputs equal"
                            + " the module's %s",
                    tensors, layout.getUnit().name().toLowerCase(Locale.ROOT), units, equal);
        }
    }

    /**
     * A TorchScript file recognised as torchvision's ResNet, read once: its layout (the input
     * channels among it) is known before the import, which needs the input shape.
     *
     * @param layout the layout
     * @param state the module's tensors
     */
    public record Recognised(TorchvisionResNet layout, Map<String, StateTensor> state) {

        /**
         * Imports and verifies.
         *
         * @param module the same file loaded by the PyTorch engine, to compare outputs with
         * @param engine the engine of the new model
         * @param imageShape channels, height, width of the probe input
         * @return the imported network
         * @throws TorchScriptImportException if a tensor is missing or left over, or the outputs differ
         */
        public Imported importInto(Block module, String engine, Shape imageShape) {
            Map<String, Block> modules = new LinkedHashMap<>();
            SequentialBlock network = layout.build(modules::put);
            Map<ParameterRef, StateTensor> mapping = TorchvisionResNetLayout.map(state, modules);
            Model model = Model.newInstance("base", engine);
            try {
                model.setBlock(network);
                network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(imageShape));
                for (Map.Entry<ParameterRef, StateTensor> entry : mapping.entrySet()) {
                    copy(entry.getKey(), entry.getValue());
                }
                double[] comparison = compare(network, module, model.getNDManager(), imageShape);
                if (!(comparison[0] <= RELATIVE_TOLERANCE * Math.max(1, comparison[1]))) { // NaN fails too
                    throw new TorchScriptImportException(String.format(Locale.ROOT,
                            "its outputs and those of the equivalent DJL network differ by up to %.3g (largest output"
                                    + " %.3g), so its forward pass is not torchvision's ResNet's",
                            comparison[0], comparison[1]));
                }
                return new Imported(model, network, layout, mapping.size(), comparison[0], comparison[1]);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }
    }

    /**
     * Reads a TorchScript file and recognises torchvision's ResNet in it.
     *
     * @param file the {@code .pt} file
     * @return the recognised network, ready to import
     * @throws TorchScriptImportException if the file is not a torchvision ResNet
     */
    public static Recognised recognise(Path file) {
        Map<String, StateTensor> state = read(file).tensors();
        return new Recognised(TorchvisionResNetLayout.recognise(state), state);
    }

    /**
     * Imports and verifies.
     *
     * @param file the {@code .pt} file
     * @param module the same file loaded by the PyTorch engine, to compare outputs with
     * @param engine the engine of the new model
     * @param imageShape channels, height, width of the probe input
     * @return the imported network
     * @throws TorchScriptImportException if the file is not a torchvision ResNet, or the outputs differ
     */
    public static Imported of(Path file, Block module, String engine, Shape imageShape) {
        return recognise(file).importInto(module, engine, imageShape);
    }

    private static TorchScriptState read(Path file) {
        try {
            return TorchScriptState.read(file);
        } catch (IOException e) {
            throw new TorchScriptImportException("its state cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static void copy(ParameterRef target, StateTensor tensor) {
        Parameter parameter = target.block().getParameters().get(target.parameter());
        NDArray array = parameter.getArray();
        if (!Arrays.equals(array.getShape().getShape(), tensor.shape())) {
            throw new TorchScriptImportException("its tensor '" + tensor.name() + "' has shape " + tensor.describeShape()
                    + " where the equivalent DJL network has " + array.getShape());
        }
        array.set(tensor.values());
    }

    /**
     * Runs both networks, in inference mode, on the same seeded input.
     *
     * @return the largest absolute difference and the largest absolute output of the module
     */
    static double[] compare(SequentialBlock network, Block module, NDManager parent, Shape imageShape) {
        try (NDManager manager = parent.newSubManager()) {
            Shape shape = new Shape(PROBE_BATCH).addAll(imageShape);
            float[] values = new float[Math.toIntExact(shape.size())];
            Random random = new Random(PROBE_SEED);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            NDArray input = manager.create(values, shape);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray expected;
            try {
                expected = module.forward(store, new NDList(input), false).singletonOrThrow();
            } catch (RuntimeException e) {
                throw new TorchScriptImportException("the module does not accept a " + shape + " input ("
                        + e.getMessage() + ")", e);
            }
            NDArray actual = network.forward(store, new NDList(input), false).singletonOrThrow();
            if (expected.size() != actual.size()) {
                throw new TorchScriptImportException("its output has shape " + expected.getShape()
                        + " where the equivalent DJL network's has " + actual.getShape());
            }
            NDArray reference = expected.reshape(actual.getShape());
            double difference = reference.sub(actual).abs().max().getFloat();
            double magnitude = reference.abs().max().getFloat();
            return new double[] {difference, magnitude};
        }
    }
}
