package io.github.transferml.transfer.architecture;

import ai.djl.basicmodelzoo.cv.classification.MobileNetV2;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import io.github.transferml.transfer.cut.CutPoint;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.runtime.TorchvisionResNet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The families of base network the plugin builds on, one constant each, named by the first step
 * of a {@link NetworkRecipe}: what each supports, its readable cut points and the classes that
 * rebuild it inside a model archive. Callers ask the family; they do not test recipe strings.
 *
 * <ul>
 *   <li>ResNet ({@code ResNetV1}): {@code stem}, {@code stage1} … {@code stageN}, {@code pool}: a
 *       one-block stem up to 32 px (four blocks above), three stages of (depth - 2) / 6 residual
 *       units up to 28 px, four stages of fixed sizes above.
 *   <li>MobileNetV2: {@code stem}, {@code stage1} … {@code stage7} (the bottleneck stages), {@code
 *       top} (the 1280-channel convolution), {@code pool} = {@code features} (its classifier is a
 *       convolution, not a {@code Linear}).
 *   <li>torchvision's ResNet (an imported TorchScript module): its own module names {@code conv1},
 *       {@code bn1}, {@code relu}, {@code maxpool}, {@code layer1} … {@code layer4}, {@code avgpool},
 *       {@code fc}, and the same readable aliases as DJL's ResNet: {@code stem} = {@code maxpool},
 *       {@code stage1} = {@code layer1} …, {@code pool} = {@code features} = {@code avgpool}.
 *   <li>A TorchScript module used whole: {@code features} = the whole module. It is opaque to DJL:
 *       it stays frozen, cannot be fine-tuned, and cannot be initialised afresh for a baseline.
 * </ul>
 */
public enum BaseArchitecture {

    /** DJL's model-zoo ResNet. */
    DJL_RESNET("resnet", false, List.of(ResNetV1.class, ResNetV1.Builder.class)) {
        @Override
        Map<String, Integer> aliases(String firstStep) {
            return resNetAliases(firstStep);
        }
    },

    /** DJL's model-zoo MobileNetV2. */
    MOBILENET_V2("mobilenetv2", false, List.of(MobileNetV2.class, MobileNetV2.Builder.class)) {
        @Override
        Map<String, Integer> aliases(String firstStep) {
            Map<String, Integer> aliases = new LinkedHashMap<>();
            aliases.put("stem", 1);
            for (int stage = 1; stage <= 7; stage++) {
                aliases.put("stage" + stage, stage + 1);
            }
            aliases.put("top", 9);
            aliases.put("pool", 10);
            aliases.put(CutPoint.FEATURES, 10);
            return aliases;
        }
    },

    /** torchvision's ResNet, imported from TorchScript into DJL blocks. */
    TORCHVISION_RESNET(TorchvisionResNet.STEP, false,
            List.of(TorchvisionResNet.class, TorchvisionResNet.Unit.class, TorchvisionResNet.Stage.class)) {
        @Override
        Map<String, Integer> aliases(String firstStep) {
            TorchvisionResNet network = TorchvisionResNet.parse(argument(firstStep));
            Map<String, Integer> aliases = new LinkedHashMap<>();
            List<String> names = List.of("conv1", "bn1", "relu", "maxpool");
            for (int i = 0; i < names.size(); i++) {
                aliases.put(names.get(i), i + 1);
            }
            aliases.put("stem", 4);
            for (int stage = 1; stage <= network.getStages().size(); stage++) {
                aliases.put("layer" + stage, 4 + stage);
                aliases.put("stage" + stage, 4 + stage);
            }
            int pool = 5 + network.getStages().size();
            aliases.put("avgpool", pool);
            aliases.put("pool", pool);
            aliases.put(CutPoint.FEATURES, pool);
            if (network.getClasses() > 0) {
                aliases.put("fc", pool + 1);
            }
            return aliases;
        }
    },

    /** A TorchScript module used whole, opaque to DJL. */
    TORCHSCRIPT("torchscript", true, List.of()) {
        @Override
        Map<String, Integer> aliases(String firstStep) {
            Map<String, Integer> aliases = new LinkedHashMap<>();
            aliases.put(CutPoint.FEATURES, 1); // the whole module: its output is what it was made to give
            return aliases;
        }
    };

    private static final Pattern RESNET =
            Pattern.compile("resnet\\(numLayers=(\\d+),outSize=\\d+,imageShape=\\d+x(\\d+)x\\d+\\)");

    private final String step;
    private final boolean opaque;
    private final List<Class<?>> runtimeClasses;

    BaseArchitecture(String step, boolean opaque, List<Class<?>> runtimeClasses) {
        this.step = step;
        this.opaque = opaque;
        this.runtimeClasses = runtimeClasses;
    }

    /**
     * The family of the network a recipe starts with.
     *
     * @param recipe the recipe
     * @return its family
     * @throws IllegalArgumentException if the first step names no family
     */
    public static BaseArchitecture of(NetworkRecipe recipe) {
        return find(recipe).orElseThrow(() -> new IllegalArgumentException(
                "A recipe must start with a base network, not '" + recipe.getSteps().get(0) + "'"));
    }

    private static Optional<BaseArchitecture> find(NetworkRecipe recipe) {
        String first = recipe.getSteps().get(0);
        for (BaseArchitecture architecture : values()) {
            if (first.startsWith(architecture.step + "(")) {
                return Optional.of(architecture);
            }
        }
        return Optional.empty();
    }

    /**
     * The readable cut points of a recipe's base.
     *
     * @param recipe the network's recipe
     * @return alias to the number of top-level blocks it keeps, in network order; empty if the base
     *     has a layout without names (a ResNet depth that DJL lays out otherwise) or is not known
     */
    public static Map<String, Integer> cutAliases(NetworkRecipe recipe) {
        return find(recipe).map(a -> a.aliases(recipe.getSteps().get(0))).orElseGet(LinkedHashMap::new);
    }

    /** @return the name of the recipe step that builds this family */
    public String step() {
        return step;
    }

    /** @return whether DJL sees no blocks inside: the module is used whole and stays frozen */
    public boolean isOpaque() {
        return opaque;
    }

    /** @return whether the top of the base can be unfrozen and trained further */
    public boolean canFineTune() {
        return !opaque;
    }

    /** @return whether the same architecture can be initialised afresh, for a from-scratch baseline */
    public boolean canTrainFromScratch() {
        return !opaque;
    }

    /** @return the classes beyond DJL's API that rebuild this family inside a model archive */
    public List<Class<?>> runtimeClasses() {
        return runtimeClasses;
    }

    abstract Map<String, Integer> aliases(String firstStep);

    private static String argument(String step) {
        return step.substring(step.indexOf('(') + 1, step.length() - 1);
    }

    private static Map<String, Integer> resNetAliases(String firstStep) {
        Map<String, Integer> aliases = new LinkedHashMap<>();
        Matcher m = RESNET.matcher(firstStep);
        if (!m.matches()) {
            return aliases;
        }
        int layers = Integer.parseInt(m.group(1));
        int height = Integer.parseInt(m.group(2));
        int[] units = units(layers, height);
        if (units.length == 0) {
            return aliases;
        }
        int kept = height <= 32 ? 1 : 4;
        aliases.put("stem", kept);
        for (int stage = 0; stage < units.length; stage++) {
            kept += units[stage];
            aliases.put("stage" + (stage + 1), kept);
        }
        aliases.put("pool", kept + 1);
        return aliases;
    }

    private static int[] units(int layers, int height) {
        if (height <= 28) {
            if ((layers - 2) % 6 == 0 && layers < 164) {
                int perStage = (layers - 2) / 6;
                return new int[] {perStage, perStage, perStage};
            }
            if ((layers - 2) % 9 == 0) {
                int perStage = (layers - 2) / 9;
                return new int[] {perStage, perStage, perStage};
            }
            return new int[0];
        }
        switch (layers) {
            case 18:
                return new int[] {2, 2, 2, 2};
            case 34:
            case 50:
                return new int[] {3, 4, 6, 3};
            case 101:
                return new int[] {3, 4, 23, 3};
            case 152:
                return new int[] {3, 8, 36, 3};
            default:
                return new int[0];
        }
    }
}
