package io.github.transferml.transfer.cut;

import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.runtime.TorchvisionResNet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readable cut points of the architectures in DJL's model zoo, computed the way DJL's builders lay
 * the networks out.
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
 *   <li>A TorchScript module used whole: {@code features} = the whole module.
 * </ul>
 */
public final class ArchitectureLayout {

    private static final Pattern MOBILENET_V2 = Pattern.compile("mobilenetv2\\(.*\\)");
    private static final Pattern RESNET =
            Pattern.compile("resnet\\(numLayers=(\\d+),outSize=\\d+,imageShape=\\d+x(\\d+)x\\d+\\)");

    private ArchitectureLayout() {}

    /**
     * Returns the aliases of a network whose recipe starts with a known architecture; empty otherwise.
     *
     * @param recipe the network's recipe
     * @return alias to the number of top-level blocks it keeps, in network order
     */
    public static Map<String, Integer> aliases(NetworkRecipe recipe) {
        Map<String, Integer> aliases = new LinkedHashMap<>();
        if (recipe.getSteps().get(0).startsWith("torchscript(")) {
            aliases.put(CutPoint.FEATURES, 1); // the whole module: its output is what it was made to give
            return aliases;
        }
        if (recipe.getSteps().get(0).startsWith(TorchvisionResNet.STEP + "(")) {
            String first = recipe.getSteps().get(0);
            TorchvisionResNet network = TorchvisionResNet.parse(first.substring(first.indexOf('(') + 1, first.length() - 1));
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
        if (MOBILENET_V2.matcher(recipe.getSteps().get(0)).matches()) {
            aliases.put("stem", 1);
            for (int stage = 1; stage <= 7; stage++) {
                aliases.put("stage" + stage, stage + 1);
            }
            aliases.put("top", 9);
            aliases.put("pool", 10);
            aliases.put(CutPoint.FEATURES, 10);
            return aliases;
        }
        Matcher m = RESNET.matcher(recipe.getSteps().get(0));
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
