package io.github.transferml.transfer.source;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.util.Utils;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.torchscript.TorchScriptImport;
import io.github.transferml.transfer.torchscript.TorchScriptImportException;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a base network from wherever the POM says: an untrained architecture, a model directory
 * or archive on disk, a DJL URL, or Maven coordinates. Everything but an architecture is read as a
 * {@link ModelDirectory}: the network is built with the plugin's own classes and only parameters
 * are loaded, so no code from a model runs in the build.
 */
public final class BaseModelLoader {

    /** The engine every model runs on. */
    public static final String ENGINE = "PyTorch";

    private static final Pattern RESNET = Pattern.compile("resnet-?(\\d+)");
    private static final Pattern MOBILENET_V2 = Pattern.compile("mobilenet-?_?v2");
    private static final List<Integer> SMALL_RESNETS = List.of(20, 32, 44, 56, 110);
    private static final List<Integer> LARGE_RESNETS = List.of(18, 34, 50, 101, 152);

    private final ModelArtifactResolver resolver;
    private final ExtractionLimits limits;

    /** @param resolver resolves Maven coordinates (may be null where none are used) */
    public BaseModelLoader(ModelArtifactResolver resolver) {
        this(resolver, ExtractionLimits.DEFAULT);
    }

    /**
     * @param resolver resolves Maven coordinates (may be null where none are used)
     * @param limits how large a downloaded or extracted model may be
     */
    public BaseModelLoader(ModelArtifactResolver resolver, ExtractionLimits limits) {
        this.resolver = resolver;
        this.limits = limits;
    }

    /**
     * A base found and identified, not yet loaded: the local file or directory (an archive, a model
     * directory, a TorchScript file, or a model-zoo download) with its SHA-256, pin checked.
     *
     * @param spec where it comes from
     * @param path the local file or directory, or null for an untrained architecture
     * @param arguments properties given outside the files (a model zoo's metadata)
     * @param sha256 its SHA-256, or null for an untrained architecture
     */
    public record Located(BaseModelSpec spec, Path path, Map<String, String> arguments, String sha256) {}

    /**
     * Loads the base network.
     *
     * @param spec where it comes from
     * @param dataInput the input the data (or the POM) suggests: used by an untrained architecture,
     *     and by a TorchScript module, which declares no input of its own
     * @param numClasses the number of classes, for an untrained architecture's own classifier
     * @return the base, which the caller closes
     */
    public BaseModel load(BaseModelSpec spec, InputSpec dataInput, int numClasses) {
        return load(locate(spec), dataInput, numClasses);
    }

    /**
     * Finds the base and identifies it by SHA-256 (resolving coordinates, downloading a URL), checks
     * its pin, and loads nothing: what an up-to-date check needs.
     *
     * @param spec where it comes from
     * @return the located base
     */
    public Located locate(BaseModelSpec spec) {
        switch (spec.kind()) {
            case ARCHITECTURE:
                return new Located(spec, null, Map.of(), null);
            case PATH:
                return onDisk(Paths.get(spec.location()), spec, "<baseModel><path>");
            case ARTIFACT:
                return onDisk(resolveArtifact(spec.location()), spec, "<baseModel><artifact>");
            case URL:
                String url = spec.location();
                if (url.startsWith("file:")) {
                    return onDisk(Paths.get(URI.create(url)), spec, "<baseModel><url>");
                }
                if (url.startsWith("djl:")) {
                    checkReachable(url, spec);
                    return fromZoo(url, spec);
                }
                if (url.startsWith("http://") || url.startsWith("https://")) {
                    return fromDownload(url, spec);
                }
                throw new BaseModelException("<baseModel><url> " + spec.describe() + " has a scheme the plugin does"
                        + " not read. Use djl://, file:, http:// or https://.");
            default:
                throw new IllegalStateException(spec.kind().name());
        }
    }

    /**
     * Loads a located base.
     *
     * @param base the base, as {@link #locate} found it
     * @param dataInput the input the data (or the POM) suggests
     * @param numClasses the number of classes, for an untrained architecture's own classifier
     * @return the base, which the caller closes
     */
    public BaseModel load(Located base, InputSpec dataInput, int numClasses) {
        BaseModelSpec spec = base.spec();
        if (base.path() == null) {
            return architecture(spec.location(), dataInput, numClasses);
        }
        Path directory = ArchiveCache.isArchive(base.path()) ? extract(base.path(), base.sha256(), spec) : base.path();
        return fromDirectory(directory, base.arguments(), spec, base.sha256(), dataInput);
    }

    /**
     * DJL's offline mode only stops it from refreshing what it has cached; it still downloads what it
     * has not. An offline build must not, so it fails here unless the model is cached or the model
     * repository is a local directory.
     */
    private static void checkReachable(String url, BaseModelSpec spec) {
        if (!Utils.isOfflineMode()) {
            return;
        }
        URI uri = URI.create(url);
        boolean zoo = "djl".equals(uri.getScheme());
        if (zoo && "file".equals(ModelZoo.DJL_REPO_URL.getScheme())) {
            return;
        }
        if (zoo && isCached(uri.getHost(), uri.getPath())) {
            return;
        }
        throw new BaseModelException("Maven runs offline, so the base model " + url + " cannot be downloaded, and"
                + " DJL's cache (" + Utils.getCacheDir() + ") does not hold it. Build once online, or set DJL_REPO_URL"
                + " to a model-zoo mirror in a local directory (see the README).");
    }

    private static boolean isCached(String groupId, String artifactPath) {
        String artifact = artifactPath.replaceAll("^/+|/+$", "");
        Path repo = Utils.getCacheDir().resolve("cache/repo");
        String tail = "/" + groupId.replace('.', '/') + "/" + artifact + "/metadata.json";
        if (!Files.isDirectory(repo)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(repo)) {
            return files.anyMatch(p -> p.toString().replace('\\', '/').endsWith(tail));
        } catch (IOException e) {
            return false;
        }
    }

    private BaseModel architecture(String name, InputSpec input, int numClasses) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (MOBILENET_V2.matcher(key).matches()) {
            return untrained(NetworkRecipe.mobileNetV2(numClasses, input.imageShape()), input, name);
        }
        Matcher m = RESNET.matcher(key);
        if (!m.matches()) {
            throw new BaseModelException(
                    "<baseModel><architecture>" + name + "</architecture> is not known. Use mobilenetv2 or DJL's ResNet: "
                            + "resnet20, resnet32, resnet44, resnet56, resnet110 (images up to 28 px), or "
                            + "resnet18, resnet34, resnet50, resnet101, resnet152 (larger images).");
        }
        int layers = Integer.parseInt(m.group(1));
        List<Integer> allowed = input.height() <= 28 ? SMALL_RESNETS : LARGE_RESNETS; // as DJL's ResNetV1.Builder decides
        if (!allowed.contains(layers)) {
            throw new BaseModelException(
                    "<baseModel><architecture>" + name + "</architecture> does not exist for "
                            + input.height() + " px high images; DJL's ResNet offers " + allowed
                            + " at this size.");
        }
        return untrained(NetworkRecipe.resnet(layers, numClasses, input.imageShape()), input, name);
    }

    private static BaseModel untrained(NetworkRecipe recipe, InputSpec input, String name) {
        Model model = Model.newInstance("base", ENGINE);
        SequentialBlock network = recipe.build();
        model.setBlock(network);
        network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(input.imageShape()));
        return new BaseModel(model, network, recipe, input, false, "architecture " + name, null);
    }

    private Located onDisk(Path path, BaseModelSpec spec, String element) {
        if (!Files.exists(path)) {
            throw new BaseModelException(
                    element + " " + path + " does not exist. Give a model directory or a model archive (.zip).");
        }
        String sha256 = sha256(path, spec);
        checkPin(spec, sha256);
        return new Located(spec, path, Map.of(), sha256);
    }

    /**
     * An http(s) URL: the plugin downloads the file itself, checks the pin against the file, and only
     * then extracts and loads it; a pinned file already downloaded is used offline.
     */
    private Located fromDownload(String url, BaseModelSpec spec) {
        DownloadedModel downloaded;
        try {
            downloaded = ModelDownloader.builder().optLimits(limits).build()
                    .download(url, spec.sha256(), Utils.isOfflineMode());
        } catch (IOException e) {
            throw new BaseModelException(e.getMessage(), e);
        }
        return new Located(spec, downloaded.file(), Map.of(), downloaded.sha256());
    }

    /**
     * Extracts an archive by content (see {@link ArchiveCache}), so a replaced file is never loaded
     * stale, within the limits, so a crafted archive cannot fill the disk or write outside its folder.
     */
    private Path extract(Path archive, String sha256, BaseModelSpec spec) {
        try {
            return ArchiveCache.extract(archive, sha256, limits, "the base model (" + spec.describe() + ")");
        } catch (UnsafeArchiveException e) {
            throw new BaseModelException(e.getMessage(), e);
        } catch (IOException e) {
            throw new BaseModelException(
                    "Cannot extract the base model (" + spec.describe() + "): " + e.getMessage()
                            + ". Is it a DJL model archive?",
                    e);
        }
    }

    /**
     * A model of DJL's model zoo: DJL's repository code finds and downloads it (honouring {@code
     * DJL_REPO_URL}), then the plugin loads it from the downloaded directory like any other, so
     * nothing in it runs.
     */
    private Located fromZoo(String url, BaseModelSpec spec) {
        ZooArtifact artifact = ZooArtifact.download(url);
        String sha256 = sha256(artifact.directory(), spec);
        checkPin(spec, sha256);
        return new Located(spec, artifact.directory(), artifact.arguments(), sha256);
    }

    private BaseModel fromDirectory(Path directory, Map<String, String> arguments, BaseModelSpec spec, String sha256,
            InputSpec dataInput) {
        ModelDirectory model;
        try {
            model = ModelDirectory.read(directory, arguments, "The base model (" + spec.describe() + ")");
        } catch (ModelLoadException e) {
            throw new BaseModelException(e.getMessage(), e);
        }
        if (model.torchScript() != null) {
            InputSpec input = InputSpec.fromProperties(model.properties(),
                    dataInput != null ? dataInput : new InputSpec(224, 224, false, null));
            return torchScript(load(model, null), model.torchScript(), spec, sha256, input);
        }
        NetworkRecipe recipe = model.recipe();
        InputSpec input = InputSpec.fromProperties(model.properties(), defaultInput(recipe));
        Model loaded = load(model, input.imageShape());
        if (!(loaded.getBlock() instanceof SequentialBlock)) {
            loaded.close();
            throw new BaseModelException("The base model (" + spec.describe() + ") is a "
                    + loaded.getBlock().getClass().getSimpleName() + ", which cannot be cut.");
        }
        return new BaseModel(loaded, (SequentialBlock) loaded.getBlock(), recipe, input, true, spec.describe(), sha256);
    }

    private static Model load(ModelDirectory model, Shape input) {
        try {
            return model.load(ENGINE, input);
        } catch (ModelLoadException e) {
            throw new BaseModelException(e.getMessage(), e);
        }
    }

    /**
     * A TorchScript module is opaque to DJL: its parameters live in the module. A torchvision ResNet
     * is imported into the equivalent DJL blocks (checked by equal outputs), so it can be cut
     * anywhere; any other module is used whole, as one block to build on.
     */
    private static BaseModel torchScript(Model model, Path file, BaseModelSpec spec, String sha256, InputSpec input) {
        String whole = "";
        if (spec.importTorchScript()) {
            try {
                TorchScriptImport.Recognised resnet = TorchScriptImport.recognise(file); // reads the file once
                InputSpec adapted = input.withGrayscale(resnet.layout().getChannels() == 1);
                TorchScriptImport.Imported imported =
                        resnet.importInto(model.getBlock(), ENGINE, adapted.imageShape());
                model.close();
                return new BaseModel(imported.model(), imported.network(),
                        NetworkRecipe.torchvisionResNet(imported.layout()), adapted, true,
                        spec.describe() + ", " + imported.summary(), sha256);
            } catch (TorchScriptImportException e) {
                whole = ", used whole: it cannot be imported into DJL blocks because " + e.getMessage();
            }
        }
        String name = spec.publishedLocation().replaceAll(".*[/\\\\:]", ""); // recorded in the archive
        return new BaseModel(model, new SequentialBlock().add(model.getBlock()), NetworkRecipe.torchScript(name), input,
                true, spec.describe() + whole, sha256);
    }

    private static String sha256(Path path, BaseModelSpec spec) {
        try {
            return Sha256.of(path);
        } catch (IOException e) {
            throw new BaseModelException("Cannot read the base model (" + spec.describe() + "): " + e.getMessage(), e);
        }
    }

    private static void checkPin(BaseModelSpec spec, String sha256) {
        if (spec.sha256() != null && !spec.sha256().equals(sha256)) {
            throw new BaseModelException(
                    "The base model (" + spec.describe() + ") has SHA-256 " + sha256
                            + ", but <baseModel><sha256> pins " + spec.sha256()
                            + ". If this model is the one you want, update <sha256>.");
        }
    }

    private static InputSpec defaultInput(NetworkRecipe recipe) {
        String first = recipe.getSteps().get(0);
        Matcher m = Pattern.compile("imageShape=(\\d+)x(\\d+)x(\\d+)").matcher(first);
        if (m.find()) {
            return new InputSpec(
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), "1".equals(m.group(1)), null);
        }
        return new InputSpec(224, 224, false, null);
    }

    private Path resolveArtifact(String coordinates) {
        return ModelCoordinates.parse(coordinates, "<baseModel><artifact>").resolve(resolver);
    }
}
