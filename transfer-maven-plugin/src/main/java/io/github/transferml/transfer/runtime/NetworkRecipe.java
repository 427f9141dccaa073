package io.github.transferml.transfer.runtime;

import ai.djl.basicmodelzoo.cv.classification.MobileNetV2;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A network written as a chain of steps from which it can be rebuilt exactly, with the same block
 * tree and therefore the same parameter order:
 *
 * <pre>resnet(numLayers=20,outSize=10,imageShape=1x28x28) &gt; keep(12) &gt; dense(10)</pre>
 *
 * <p>The first step creates a base, {@code keep(n)} keeps the first n children of the network so
 * far (a cut; {@code keep(5/2)} keeps four children and the first two children of the fifth, a
 * nested sequential block), and every other step appends one child block. A model trained from
 * another model's archive extends that model's recipe, so any ancestry is rebuilt by one parse.
 *
 * <p>This class travels inside every model archive (see {@link TransferBlockFactory}): it may depend
 * on DJL's API, DJL's {@code ResNetV1} and {@code MobileNetV2}, {@link TorchvisionResNet}, and the
 * PyTorch engine (for TorchScript bases) only.
 */
public final class NetworkRecipe {

    private static final String SEPARATOR = " > ";

    private final List<String> steps;

    private NetworkRecipe(List<String> steps) {
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    /**
     * Parses a recipe written by {@link #toString()}.
     *
     * @param text the recipe
     * @return the recipe
     * @throws IllegalArgumentException if a step is not known
     */
    public static NetworkRecipe parse(String text) {
        Objects.requireNonNull(text, "recipe");
        List<String> steps = new ArrayList<>();
        for (String step : text.split(SEPARATOR.trim())) {
            String trimmed = step.trim();
            if (!trimmed.isEmpty()) {
                steps.add(trimmed);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("An empty network recipe");
        }
        NetworkRecipe recipe = new NetworkRecipe(steps);
        for (String step : steps) {
            nameOf(step); // validates the syntax early
        }
        return recipe;
    }

    /**
     * Starts a recipe with DJL's model-zoo ResNet ({@code ResNetV1}).
     *
     * @param numLayers the depth (20, 32, 44, 56, 110 for images up to 28 px; 18, 34, 50, 101, 152)
     * @param outSize the size of its classifier
     * @param imageShape channels, height, width
     * @return the recipe
     */
    public static NetworkRecipe resnet(int numLayers, long outSize, Shape imageShape) {
        return new NetworkRecipe(List.of(
                "resnet(numLayers=" + numLayers + ",outSize=" + outSize + ",imageShape=" + dims(imageShape) + ")"));
    }

    /**
     * Starts a recipe with DJL's model-zoo MobileNetV2 (the base of Keras' transfer-learning
     * tutorial).
     *
     * @param outSize the size of its classifier
     * @param imageShape channels, height, width of the input it is meant for
     * @return the recipe
     */
    public static NetworkRecipe mobileNetV2(long outSize, Shape imageShape) {
        return new NetworkRecipe(List.of("mobilenetv2(outSize=" + outSize + ",imageShape=" + dims(imageShape) + ")"));
    }

    private static String dims(Shape imageShape) {
        StringBuilder shape = new StringBuilder();
        for (long dim : imageShape.getShape()) {
            if (shape.length() > 0) {
                shape.append('x');
            }
            shape.append(dim);
        }
        return shape.toString();
    }

    /**
     * Starts a recipe with torchvision's ResNet layout, into which a TorchScript ResNet's parameters
     * were imported.
     *
     * @param network the layout
     * @return the recipe
     */
    public static NetworkRecipe torchvisionResNet(TorchvisionResNet network) {
        return new NetworkRecipe(List.of(network.toStep()));
    }

    /**
     * Starts a recipe with a TorchScript module, used whole (its parameters travel inside the
     * parameter file).
     *
     * @param file the module's file name, for the record
     * @return the recipe
     */
    public static NetworkRecipe torchScript(String file) {
        return new NetworkRecipe(List.of("torchscript(file=" + file.replaceAll("[(),=>\\s]", "_") + ")"));
    }

    /**
     * Returns this recipe followed by one more step.
     *
     * @param step a step such as {@code dense(10)}
     * @return a new recipe
     */
    public NetworkRecipe then(String step) {
        nameOf(step);
        List<String> next = new ArrayList<>(steps);
        next.add(step);
        return new NetworkRecipe(next);
    }

    /**
     * Returns the steps, in order.
     *
     * @return the steps
     */
    public List<String> getSteps() {
        return steps;
    }

    /**
     * Builds the block tree, uninitialised.
     *
     * @return the network
     */
    public SequentialBlock build() {
        return build(null);
    }

    /**
     * Builds the block tree, uninitialised; a TorchScript base becomes an empty PyTorch module that
     * the parameter file fills (it holds the whole module).
     *
     * @param manager the manager that will own a TorchScript module (needed only for those)
     * @return the network
     */
    public SequentialBlock build(NDManager manager) {
        SequentialBlock network = null;
        for (String step : steps) {
            String name = nameOf(step);
            String argument = argumentOf(step);
            if (network == null) {
                network = createBase(name, argument, step, manager);
                continue;
            }
            if ("keep".equals(name)) {
                network = keep(network, argument);
            } else {
                network.add(layer(step));
            }
        }
        return network;
    }

    /**
     * Creates the block of one layer step ({@code dense(n)}, {@code relu}, {@code dropout(p)},
     * {@code globalAvgPool}, {@code flatten}); the head is built from these same steps, so the
     * trained network and the rebuilt one cannot differ.
     *
     * @param step the step
     * @return a new, uninitialised block
     */
    public static Block layer(String step) {
        String argument = argumentOf(step);
        switch (nameOf(step)) {
            case "dense":
                return Linear.builder().setUnits(Long.parseLong(argument)).build();
            case "relu":
                return Activation.reluBlock();
            case "dropout":
                return Dropout.builder().optRate(Float.parseFloat(argument)).build();
            case "globalAvgPool":
                return Pool.globalAvgPool2dBlock();
            case "flatten":
                return Blocks.batchFlattenBlock();
            default:
                throw new IllegalArgumentException("Unknown step '" + step + "'");
        }
    }

    /**
     * Cuts a network: keeps the first n children, where the last kept child may itself be cut when it
     * is a sequential block ({@code "5/2"}: four children whole, then the first two children of the
     * fifth). Children, and their parameters, are shared, not copied.
     *
     * @param network the network to cut
     * @param path kept counts, one per level, separated by {@code /}
     * @return the kept part
     */
    public static SequentialBlock keep(SequentialBlock network, String path) {
        int slash = path.indexOf('/');
        int count = Integer.parseInt(slash < 0 ? path.trim() : path.substring(0, slash).trim());
        List<Block> children = network.getChildren().values();
        if (count < 1 || count > children.size()) {
            throw new IllegalArgumentException("Cannot keep " + count + " of " + children.size() + " blocks");
        }
        SequentialBlock kept = new SequentialBlock();
        kept.addAll(children.subList(0, count - 1));
        Block last = children.get(count - 1);
        if (slash < 0) {
            kept.add(last);
        } else if (last instanceof SequentialBlock) {
            kept.add(keep((SequentialBlock) last, path.substring(slash + 1)));
        } else {
            throw new IllegalArgumentException(
                    "Block " + count + " is a " + last.getClass().getSimpleName() + ", not a sequential block to cut into");
        }
        return kept;
    }

    private static SequentialBlock createBase(String name, String argument, String step, NDManager manager) {
        if ("torchscript".equals(name)) {
            if (!(manager instanceof PtNDManager)) {
                throw new IllegalArgumentException("A TorchScript base needs the PyTorch engine's manager");
            }
            return new SequentialBlock().add(new PtSymbolBlock((PtNDManager) manager));
        }
        if (TorchvisionResNet.STEP.equals(name)) {
            return TorchvisionResNet.parse(argument).build();
        }
        if (!"resnet".equals(name) && !"mobilenetv2".equals(name)) {
            throw new IllegalArgumentException("A recipe must start with a base network, not '" + step + "'");
        }
        Map<String, String> args = keyValues(argument);
        switch (name) {
            case "resnet":
                return ResNetV1.builder()
                        .setNumLayers(Integer.parseInt(args.get("numLayers")))
                        .setOutSize(Long.parseLong(args.get("outSize")))
                        .setImageShape(imageShape(args))
                        .build();
            default:
                return (SequentialBlock) MobileNetV2.builder().setOutSize(Long.parseLong(args.get("outSize"))).build();
        }
    }

    private static Shape imageShape(Map<String, String> args) {
        String[] dims = args.get("imageShape").split("x");
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = Long.parseLong(dims[i]);
        }
        return new Shape(shape);
    }

    private static Map<String, String> keyValues(String argument) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : argument.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Expected key=value, not '" + pair + "'");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }

    private static String nameOf(String step) {
        int open = step.indexOf('(');
        if (open < 0) {
            return step;
        }
        if (!step.endsWith(")")) {
            throw new IllegalArgumentException("Unbalanced parentheses in step '" + step + "'");
        }
        return step.substring(0, open);
    }

    private static String argumentOf(String step) {
        int open = step.indexOf('(');
        return open < 0 ? "" : step.substring(open + 1, step.length() - 1);
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkRecipe && steps.equals(((NetworkRecipe) o).steps);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return String.join(SEPARATOR, steps);
    }
}
