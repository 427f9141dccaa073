package io.github.transferml.transfer.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * torchvision's ResNet ({@code torchvision.models.resnet.ResNet}, "v1.5": the stride of a bottleneck
 * sits on its 3 x 3 convolution) as a DJL block tree, so that the parameters of a TorchScript
 * ResNet can be imported and the network cut anywhere. Top-level children, in torchvision's order:
 * {@code conv1, bn1, relu, maxpool, layer1 … layer4, avgpool} and, when it has one, {@code fc}.
 * Each layer is a sequential block of residual units.
 *
 * <p>Written as the recipe step {@code tvresnet(block=basic,channels=3,stem=64,
 * stages=2x64x64/2x128x128/2x256x256/2x512x512,classes=1000)}: per stage, units x inner width x
 * output channels ({@code classes=0}: no {@code fc}). This class travels inside model archives
 * (see {@link TransferBlockFactory}), so it depends on DJL's API only.
 */
public final class TorchvisionResNet {

    /** The name of the recipe step. */
    public static final String STEP = "tvresnet";

    /** The residual unit: two 3 x 3 convolutions, or 1 x 1, 3 x 3, 1 x 1. */
    public enum Unit {
        /** torchvision's {@code BasicBlock} (ResNet-18, -34). */
        BASIC,
        /** torchvision's {@code Bottleneck} (ResNet-50 and deeper). */
        BOTTLENECK
    }

    /**
     * One stage ({@code layer1} … {@code layer4}).
     *
     * @param units how many residual units
     * @param width the channels inside a unit
     * @param out the channels a unit outputs
     */
    public record Stage(int units, long width, long out) {}

    private final Unit unit;
    private final long channels;
    private final long stem;
    private final List<Stage> stages;
    private final long classes;

    /**
     * @param unit the residual unit
     * @param channels the input channels
     * @param stem the channels of {@code conv1}
     * @param stages the four stages
     * @param classes the size of {@code fc}, or 0 for none
     */
    public TorchvisionResNet(Unit unit, long channels, long stem, List<Stage> stages, long classes) {
        this.unit = unit;
        this.channels = channels;
        this.stem = stem;
        this.stages = List.copyOf(stages);
        this.classes = classes;
    }

    /**
     * Reads the argument of a recipe step, as written by {@link #toStep()}.
     *
     * @param argument what is inside the parentheses
     * @return the network description
     */
    public static TorchvisionResNet parse(String argument) {
        Unit unit = null;
        long channels = 3;
        long stem = 0;
        long classes = 0;
        List<Stage> stages = new ArrayList<>();
        for (String pair : argument.split(",")) {
            String[] kv = pair.split("=", 2);
            String value = kv.length < 2 ? "" : kv[1].trim();
            switch (kv[0].trim()) {
                case "block":
                    unit = Unit.valueOf(value.toUpperCase(Locale.ROOT));
                    break;
                case "channels":
                    channels = Long.parseLong(value);
                    break;
                case "stem":
                    stem = Long.parseLong(value);
                    break;
                case "classes":
                    classes = Long.parseLong(value);
                    break;
                case "stages":
                    for (String stage : value.split("/")) {
                        String[] dims = stage.split("x");
                        stages.add(new Stage(Integer.parseInt(dims[0]), Long.parseLong(dims[1]), Long.parseLong(dims[2])));
                    }
                    break;
                default:
                    throw new IllegalArgumentException("Unknown " + STEP + " argument '" + pair + "'");
            }
        }
        if (unit == null || stem < 1 || stages.isEmpty()) {
            throw new IllegalArgumentException(STEP + " needs block, stem and stages: '" + argument + "'");
        }
        return new TorchvisionResNet(unit, channels, stem, stages, classes);
    }

    /**
     * Writes the recipe step.
     *
     * @return e.g. {@code tvresnet(block=basic,channels=3,stem=64,stages=2x64x64/…,classes=1000)}
     */
    public String toStep() {
        StringBuilder text = new StringBuilder(STEP).append("(block=").append(unit.name().toLowerCase(Locale.ROOT))
                .append(",channels=").append(channels).append(",stem=").append(stem).append(",stages=");
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            text.append(i == 0 ? "" : "/").append(stage.units()).append('x').append(stage.width()).append('x')
                    .append(stage.out());
        }
        return text.append(",classes=").append(classes).append(')').toString();
    }

    /** @return the input channels */
    public long getChannels() {
        return channels;
    }

    /** @return the residual unit */
    public Unit getUnit() {
        return unit;
    }

    /** @return the stages */
    public List<Stage> getStages() {
        return stages;
    }

    /** @return the size of {@code fc}, or 0 */
    public long getClasses() {
        return classes;
    }

    /**
     * Builds the block tree, uninitialised.
     *
     * @return the network
     */
    public SequentialBlock build() {
        return build((name, block) -> {});
    }

    /**
     * Builds the block tree, uninitialised, and reports each block that has parameters under its
     * torchvision module name ({@code conv1}, {@code layer2.0.downsample.1}, {@code fc}, …).
     *
     * @param modules receives module name and block
     * @return the network
     */
    public SequentialBlock build(BiConsumer<String, Block> modules) {
        SequentialBlock network = new SequentialBlock();
        network.add(named(modules, "conv1", conv(stem, 7, 2)));
        network.add(named(modules, "bn1", BatchNorm.builder().build()));
        network.add(Activation.reluBlock());
        network.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        long in = stem;
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            SequentialBlock layer = new SequentialBlock();
            for (int u = 0; u < stage.units(); u++) {
                int stride = u == 0 && s > 0 ? 2 : 1;
                String name = "layer" + (s + 1) + "." + u + ".";
                layer.add(residual(modules, name, stage, u == 0 ? in : stage.out(), stride));
            }
            network.add(layer);
            in = stage.out();
        }
        network.add(Pool.globalAvgPool2dBlock());
        if (classes > 0) {
            network.add(named(modules, "fc", Linear.builder().setUnits(classes).build()));
        }
        return network;
    }

    private Block residual(BiConsumer<String, Block> modules, String name, Stage stage, long in, int stride) {
        SequentialBlock main = new SequentialBlock();
        if (unit == Unit.BASIC) {
            main.add(named(modules, name + "conv1", conv(stage.width(), 3, stride)))
                    .add(named(modules, name + "bn1", BatchNorm.builder().build()))
                    .add(Activation.reluBlock())
                    .add(named(modules, name + "conv2", conv(stage.out(), 3, 1)))
                    .add(named(modules, name + "bn2", BatchNorm.builder().build()));
        } else {
            main.add(named(modules, name + "conv1", conv(stage.width(), 1, 1)))
                    .add(named(modules, name + "bn1", BatchNorm.builder().build()))
                    .add(Activation.reluBlock())
                    .add(named(modules, name + "conv2", conv(stage.width(), 3, stride)))
                    .add(named(modules, name + "bn2", BatchNorm.builder().build()))
                    .add(Activation.reluBlock())
                    .add(named(modules, name + "conv3", conv(stage.out(), 1, 1)))
                    .add(named(modules, name + "bn3", BatchNorm.builder().build()));
        }
        Block shortcut;
        if (stride != 1 || in != stage.out()) { // torchvision's rule for a downsample branch
            shortcut = new SequentialBlock()
                    .add(named(modules, name + "downsample.0", conv(stage.out(), 1, stride)))
                    .add(named(modules, name + "downsample.1", BatchNorm.builder().build()));
        } else {
            shortcut = Blocks.identityBlock();
        }
        return new ParallelBlock(TorchvisionResNet::addThenRelu, Arrays.asList(main, shortcut));
    }

    private static NDList addThenRelu(List<NDList> branches) {
        NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
        return new NDList(Activation.relu(sum));
    }

    private static Conv2d conv(long filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(Math.toIntExact(filters))
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    private static Block named(BiConsumer<String, Block> modules, String name, Block block) {
        modules.accept(name, block);
        return block;
    }
}
