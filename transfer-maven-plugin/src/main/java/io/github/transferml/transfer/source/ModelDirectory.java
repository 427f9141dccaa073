package io.github.transferml.transfer.source;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.translate.Translator;
import ai.djl.util.Utils;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.runtime.TransferBlockFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model directory, read without running anything from it.
 *
 * <p>DJL's {@code Criteria} instantiates the {@code blockFactory} and {@code translatorFactory} that
 * a model's {@code serving.properties} names, from jars and classes inside the model (and scans
 * those jars for a translator when none is named), so loading a model artifact through it can run
 * the artifact's code in the build. The plugin reads {@code serving.properties} itself instead,
 * accepts only networks it builds with its own classes — the {@code recipe} of its own archives,
 * DJL's ResNet, or a TorchScript module — and loads nothing but parameters from the directory. No
 * jar or class inside a model is ever put on a class loader.
 */
public final class ModelDirectory {

    /** The serving.properties key of the block factory. */
    public static final String BLOCK_FACTORY = "blockFactory";

    /** The serving.properties key of the translator factory. */
    public static final String TRANSLATOR_FACTORY = "translatorFactory";

    /** DJL's ResNet, rebuilt from {@code numLayers}, {@code outSize} and {@code imageShape}. */
    static final String DJL_RESNET_FACTORY = "ai.djl.basicmodelzoo.cv.classification.ResnetBlockFactory";

    private static final String IMAGE_CLASSIFICATION = ImageClassificationTranslatorFactory.class.getName();
    private static final Pattern PARAMS = Pattern.compile("(.+)-\\d{4}\\.params");

    private final Path directory;
    private final String shownAs;
    private final Map<String, String> properties;
    private final NetworkRecipe recipe;
    private final Path torchScript;
    private final String prefix;

    private ModelDirectory(Path directory, String shownAs, Map<String, String> properties, NetworkRecipe recipe,
            Path torchScript, String prefix) {
        this.directory = directory;
        this.shownAs = shownAs;
        this.properties = Collections.unmodifiableMap(properties);
        this.recipe = recipe;
        this.torchScript = torchScript;
        this.prefix = prefix;
    }

    /**
     * Reads a model directory, or a TorchScript file, and decides how to build its network.
     *
     * @param model a model directory, or a {@code .pt} file
     * @param shownAs the model as the user named it (a POM element and value, a file): messages
     *     name this, not the extracted copy
     * @return the directory
     * @throws ModelLoadException if it holds no network the plugin can build with its own classes
     */
    public static ModelDirectory read(Path model, String shownAs) {
        return read(model, Map.of(), shownAs);
    }

    /**
     * Reads a model directory whose properties partly come from elsewhere (a model zoo's metadata).
     *
     * @param model a model directory, or a {@code .pt} file
     * @param arguments properties given outside the directory; {@code serving.properties} adds to them
     * @param shownAs the model as the user named it, for messages
     * @return the directory
     * @throws ModelLoadException if it holds no network the plugin can build with its own classes
     */
    public static ModelDirectory read(Path model, Map<String, String> arguments, String shownAs) {
        if (Files.isRegularFile(model) && model.getFileName().toString().endsWith(".pt")) {
            String name = model.getFileName().toString();
            return new ModelDirectory(model.toAbsolutePath().getParent(), shownAs, new TreeMap<>(arguments), null,
                    model, name.substring(0, name.length() - 3));
        }
        if (!Files.isDirectory(model)) {
            throw new ModelLoadException(shownAs + " is neither a model directory, a model archive (.zip, .tar.gz)"
                    + " nor a TorchScript file (.pt).");
        }
        Map<String, String> properties = new TreeMap<>(arguments);
        properties.putAll(servingProperties(model, shownAs));
        checkInput(properties, shownAs);
        String factory = properties.get(BLOCK_FACTORY);
        List<String> modules = files(model, ".pt");
        if (factory == null && properties.get(TransferBlockFactory.RECIPE_KEY) == null) {
            if (modules.size() == 1) {
                Path file = model.resolve(modules.get(0));
                String name = modules.get(0);
                return new ModelDirectory(model, shownAs, properties, null, file,
                        properties.getOrDefault("option.modelName", name.substring(0, name.length() - 3)));
            }
            if (!Files.isRegularFile(model.resolve("serving.properties")) && arguments.isEmpty()) {
                throw new ModelLoadException(shownAs + " has no serving.properties" + (modules.isEmpty() ? ""
                        : " and holds " + modules.size() + " TorchScript files " + modules) + ", so it does not say"
                        + " which network it holds. " + ACCEPTED);
            }
        }
        NetworkRecipe recipe = recipeOf(properties, factory, shownAs);
        return new ModelDirectory(model, shownAs, properties, recipe, null, parameterPrefix(model, properties));
    }

    private static final String ACCEPTED = "The plugin builds networks only with its own classes and never runs"
            + " code from a model (jars and classes inside it are not loaded), so it accepts: archives written by"
            + " transfer:train (blockFactory=" + TransferBlockFactory.class.getName() + " with a recipe), DJL's"
            + " ResNet (blockFactory=" + DJL_RESNET_FACTORY + " with numLayers, outSize and imageShape), and"
            + " TorchScript modules (.pt).";

    /** The largest input side a model may declare: every image is resized to it, so it decides memory. */
    static final int MAX_INPUT_SIDE = 4096;

    /**
     * A model declares the size every image is resized to; a crafted size (100000 x 100000) would make
     * each image take tens of gigabytes, so it is refused here, before anything is allocated.
     */
    private static void checkInput(Map<String, String> properties, String shownAs) {
        for (String key : new String[] {"width", "height"}) {
            String value = properties.get(key);
            if (value == null) {
                continue;
            }
            int side;
            try {
                side = (int) Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new ModelLoadException(shownAs + " declares " + key + "=" + value + " in its serving.properties,"
                        + " which is not a number of pixels. Is the archive damaged?");
            }
            if (side < 1 || side > MAX_INPUT_SIDE) {
                throw new ModelLoadException(shownAs + " declares " + key + "=" + value + " in its serving.properties;"
                        + " the plugin accepts inputs of 1 to " + MAX_INPUT_SIDE + " pixels a side, as every image is"
                        + " resized to it. Is the archive damaged or crafted?");
            }
        }
    }

    private static NetworkRecipe recipeOf(Map<String, String> properties, String factory, String shownAs) {
        String recipe = properties.get(TransferBlockFactory.RECIPE_KEY);
        if (factory == null || TransferBlockFactory.class.getName().equals(factory)) {
            if (recipe == null) {
                throw new ModelLoadException(shownAs + " names no recipe in its serving.properties, so the plugin"
                        + " cannot rebuild its network. " + ACCEPTED);
            }
            try {
                return NetworkRecipe.parse(recipe);
            } catch (RuntimeException e) {
                throw new ModelLoadException(shownAs + " has a recipe the plugin cannot read ('" + recipe + "': "
                        + e.getMessage() + "). Was it written by a newer transfer-maven-plugin?", e);
            }
        }
        if (DJL_RESNET_FACTORY.equals(factory)) {
            try {
                long[] shape = Arrays.stream(properties.get("imageShape").replaceAll("[\\[\\]\\s]", "").split(","))
                        .mapToLong(v -> (long) Double.parseDouble(v))
                        .toArray();
                return NetworkRecipe.resnet((int) Double.parseDouble(properties.get("numLayers")),
                        (long) Double.parseDouble(properties.get("outSize")), new Shape(shape));
            } catch (RuntimeException e) {
                throw new ModelLoadException(shownAs + " names DJL's ResNet but not its numLayers, outSize and"
                        + " imageShape (e.g. numLayers=20, outSize=10, imageShape=[1, 28, 28]).", e);
            }
        }
        throw new ModelLoadException(shownAs + " names blockFactory=" + factory + " in its serving.properties: a class"
                + " the plugin would have to load from the model. " + ACCEPTED
                + " Retrain the model with transfer:train, or export it as TorchScript.");
    }

    private static Map<String, String> servingProperties(Path directory, String shownAs) {
        Path file = directory.resolve("serving.properties");
        Map<String, String> map = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return map;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException("The serving.properties of " + shownAs + " cannot be read: " + e.getMessage()
                    + ". Is the archive damaged?", e);
        }
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    /** The name of the parameter file, {@code <prefix>-0000.params}, as DJL's {@code Model.save} writes it. */
    private static String parameterPrefix(Path directory, Map<String, String> properties) {
        String named = properties.get("option.modelName");
        if (named != null) {
            return named;
        }
        TreeSet<String> prefixes = new TreeSet<>();
        for (String file : files(directory, ".params")) {
            Matcher m = PARAMS.matcher(file);
            if (m.matches()) {
                prefixes.add(m.group(1));
            }
        }
        return prefixes.size() == 1 ? prefixes.first() : directory.getFileName().toString();
    }

    private static List<String> files(Path directory, String suffix) {
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ModelLoadException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds the network with the plugin's own classes and loads its parameters (a TorchScript
     * module is loaded by PyTorch from its file). A parameter file that is truncated, corrupt or does
     * not fit the recipe fails here, with the model named as the user gave it.
     *
     * @param engine the engine
     * @param input the input shape to check the loaded network with (channels, height, width), or
     *     null to skip the check
     * @return the model, which the caller closes
     * @throws ModelLoadException if it cannot be loaded
     */
    public Model load(String engine, Shape input) {
        Model model = Model.newInstance(prefix, engine);
        try {
            properties.forEach(model::setProperty);
            if (recipe != null) {
                model.setBlock(build(model));
                if (Utils.getCurrentEpoch(directory, prefix) < 0) {
                    throw new ModelLoadException(shownAs + " has no parameter file " + prefix + "-0000.params. "
                            + "Is the archive complete?");
                }
            }
            model.load(directory, prefix);
            if (input != null && recipe != null) {
                probe(model, input);
            }
            return model;
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        } catch (EOFException e) {
            model.close();
            // No cause: an EOFException has no message, and Maven would append its bare class name.
            throw new ModelLoadException(shownAs + " has a truncated " + parameterFile() + ": it ends before every"
                    + " parameter was read. Download or build the model again.");
        } catch (IOException | MalformedModelException | RuntimeException | OutOfMemoryError e) {
            model.close();
            throw new ModelLoadException(shownAs + " has a " + parameterFile() + " that cannot be loaded ("
                    + reason(e) + "): it is corrupt, or does not match the network that serving.properties describes."
                    + " Download or build the model again.", e);
        }
    }

    private Block build(Model model) {
        try {
            return recipe.build(model.getNDManager());
        } catch (RuntimeException e) {
            throw new ModelLoadException(shownAs + " has a recipe the plugin cannot build ('" + recipe + "': "
                    + reason(e) + "). Was it written by a newer transfer-maven-plugin, or damaged?", e);
        }
    }

    /** One forward pass on zeros: parameters whose shapes do not fit the recipe fail here, named, not later. */
    private void probe(Model model, Shape input) {
        Block block = model.getBlock();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            block.forward(new ParameterStore(scope, false), new NDList(scope.zeros(new Shape(1).addAll(input))), false);
        } catch (RuntimeException e) {
            throw new ModelLoadException(shownAs + " has a " + parameterFile() + " that does not fit the network"
                    + " that its recipe describes (" + reason(e) + "). Download or build the model again.", e);
        }
    }

    private String parameterFile() {
        return torchScript != null ? torchScript.getFileName().toString() : prefix + "-0000.params";
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int line = message.indexOf('\n');
        return line < 0 ? message : message.substring(0, line);
    }

    /**
     * The translator an application gets for this model as an image classifier: DJL's own {@link
     * ImageClassificationTranslatorFactory}, from the plugin's class path, fed with the model's
     * properties (size, colour flag, normalisation, softmax) and its {@code synset.txt}.
     *
     * @param model the loaded model
     * @return the translator
     * @throws ModelLoadException if the model names another translator, or has no classes
     */
    public Translator<Image, Classifications> imageClassifier(Model model) {
        String factory = properties.get(TRANSLATOR_FACTORY);
        if (factory != null && !IMAGE_CLASSIFICATION.equals(factory)) {
            throw new ModelLoadException(shownAs + " names translatorFactory=" + factory + " in its serving.properties,"
                    + " a class the plugin would have to load from the model. It classifies images only with DJL's "
                    + IMAGE_CLASSIFICATION + ", as the archives of transfer:train do.");
        }
        if (!Files.isRegularFile(directory.resolve(properties.getOrDefault("synsetFileName", "synset.txt")))) {
            throw new ModelLoadException(shownAs + " has no synset.txt (its class names, one per line), so it is not"
                    + " an image classifier. Give a model archive written by transfer:train.");
        }
        Map<String, Object> arguments = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith("option.")) {
                arguments.put(key, value);
            }
        });
        try {
            return new ImageClassificationTranslatorFactory().newInstance(Image.class, Classifications.class, model,
                    arguments);
        } catch (RuntimeException e) {
            throw new ModelLoadException("Cannot classify images with " + shownAs + ": " + reason(e)
                    + ". Does its serving.properties give the input size (width, height) and colour flag?", e);
        }
    }

    /** @return the directory the model is read from (an extracted copy for an archive) */
    public Path directory() {
        return directory;
    }

    /** @return the properties: the given arguments and serving.properties, sorted by key */
    public Map<String, String> properties() {
        return properties;
    }

    /** @return the recipe that rebuilds the network, or null for a TorchScript module */
    public NetworkRecipe recipe() {
        return recipe;
    }

    /** @return the TorchScript file, or null when the network is built from a recipe */
    public Path torchScript() {
        return torchScript;
    }
}
