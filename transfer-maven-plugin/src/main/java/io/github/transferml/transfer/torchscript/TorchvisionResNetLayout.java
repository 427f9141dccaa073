package io.github.transferml.transfer.torchscript;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.github.transferml.transfer.runtime.TorchvisionResNet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises torchvision's ResNet in a TorchScript module's state, and maps every DJL parameter of
 * the equivalent {@link TorchvisionResNet} to the tensor it takes its values from. Two namings are
 * known: torchvision's own ({@code conv1.weight}, {@code layer1.0.bn1.running_mean}, {@code
 * fc.weight}) and that of a {@code nn.Sequential} made of its children, as headless embedding
 * models are ({@code 0.weight}, {@code 4.0.bn1.running_mean}).
 */
final class TorchvisionResNetLayout {

    /** torchvision's top-level module names, in order, as a Sequential numbers them. */
    private static final List<String> CHILDREN =
            List.of("conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "fc");

    private final Map<String, StateTensor> state;
    private final boolean numbered;

    private TorchvisionResNetLayout(Map<String, StateTensor> state, boolean numbered) {
        this.state = state;
        this.numbered = numbered;
    }

    /**
     * Recognises the layout.
     *
     * @param state the module's tensors
     * @return the layout reader
     * @throws TorchScriptImportException if the state is not that of a torchvision ResNet
     */
    static TorchvisionResNet recognise(Map<String, StateTensor> state) {
        return reader(state).network();
    }

    /**
     * Maps each DJL parameter of the network to its tensor in the state.
     *
     * @param state the module's tensors
     * @param modules the network's blocks by torchvision module name, as {@link TorchvisionResNet#build} reports them
     * @return DJL parameter (block and parameter name) to tensor, in network order
     * @throws TorchScriptImportException if a tensor is missing or left over
     */
    static Map<ParameterRef, StateTensor> map(Map<String, StateTensor> state, Map<String, Block> modules) {
        TorchvisionResNetLayout layout = reader(state);
        Map<ParameterRef, StateTensor> mapping = new LinkedHashMap<>();
        for (Map.Entry<String, Block> module : modules.entrySet()) {
            Block block = module.getValue();
            Map<String, String> names = new LinkedHashMap<>();
            if (block instanceof Conv2d) {
                names.put("weight", "weight");
            } else if (block instanceof BatchNorm) {
                names.put("gamma", "weight");
                names.put("beta", "bias");
                names.put("runningMean", "running_mean");
                names.put("runningVar", "running_var");
            } else if (block instanceof Linear) {
                names.put("weight", "weight");
                names.put("bias", "bias");
            } else {
                throw new IllegalStateException("No mapping for a " + block.getClass().getSimpleName());
            }
            for (Map.Entry<String, String> name : names.entrySet()) {
                String key = layout.key(module.getKey() + "." + name.getValue());
                StateTensor tensor = state.get(key);
                if (tensor == null || !tensor.isFloating()) {
                    throw new TorchScriptImportException("it lacks the floating-point tensor '" + key
                            + "' that a torchvision ResNet of this shape has");
                }
                mapping.put(new ParameterRef(block, name.getKey()), tensor);
            }
        }
        List<String> unused = new ArrayList<>();
        for (StateTensor tensor : state.values()) {
            if (tensor.isFloating() && !mapping.containsValue(tensor)) {
                unused.add(tensor.name());
            }
        }
        if (!unused.isEmpty()) {
            throw new TorchScriptImportException("it has tensors that a torchvision ResNet lacks: "
                    + String.join(", ", unused.subList(0, Math.min(5, unused.size())))
                    + (unused.size() > 5 ? " and " + (unused.size() - 5) + " more" : ""));
        }
        return mapping;
    }

    /**
     * A DJL parameter: a block and its parameter's name.
     *
     * @param block the block
     * @param parameter the name of its parameter, e.g. {@code runningMean}
     */
    record ParameterRef(Block block, String parameter) {}

    private static TorchvisionResNetLayout reader(Map<String, StateTensor> state) {
        if (state.containsKey("conv1.weight")) {
            return new TorchvisionResNetLayout(state, false);
        }
        if (state.containsKey("0.weight") && state.containsKey("4.0.conv1.weight")) {
            return new TorchvisionResNetLayout(state, true);
        }
        throw new TorchScriptImportException("it has neither torchvision's 'conv1.weight' nor a Sequential's '0.weight'");
    }

    /** The file's name for a torchvision state-dict name. */
    private String key(String torchvisionName) {
        if (!numbered) {
            return torchvisionName;
        }
        int dot = torchvisionName.indexOf('.');
        return CHILDREN.indexOf(torchvisionName.substring(0, dot)) + torchvisionName.substring(dot);
    }

    private long[] shape(String torchvisionName) {
        StateTensor tensor = state.get(key(torchvisionName));
        return tensor == null ? null : tensor.shape();
    }

    private TorchvisionResNet network() {
        long[] conv1 = shape("conv1.weight");
        if (conv1.length != 4 || conv1[2] != 7 || conv1[3] != 7) {
            throw new TorchScriptImportException("its first convolution is not 7 x 7 as torchvision's ResNet's is");
        }
        boolean bottleneck = shape("layer1.0.conv3.weight") != null;
        List<TorchvisionResNet.Stage> stages = new ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            int units = 0;
            while (shape("layer" + s + "." + units + ".conv1.weight") != null) {
                units++;
            }
            if (units == 0) {
                throw new TorchScriptImportException("it has no layer" + s + " (torchvision's ResNet has four)");
            }
            long[] first = shape("layer" + s + ".0.conv1.weight");
            long[] middle = shape("layer" + s + ".0.conv2.weight");
            long[] last = shape("layer" + s + ".0." + (bottleneck ? "conv3" : "conv2") + ".weight");
            if (middle == null || last == null) {
                throw new TorchScriptImportException("its layer" + s + " units are neither basic nor bottleneck blocks");
            }
            if (bottleneck && middle[1] != first[0]) {
                throw new TorchScriptImportException("its layer" + s
                        + " uses grouped convolutions (ResNeXt), which are not supported");
            }
            stages.add(new TorchvisionResNet.Stage(units, first[0], last[0]));
        }
        if (shape("layer5.0.conv1.weight") != null) {
            throw new TorchScriptImportException("it has more than four layers");
        }
        long[] fc = shape("fc.weight");
        return new TorchvisionResNet(bottleneck ? TorchvisionResNet.Unit.BOTTLENECK : TorchvisionResNet.Unit.BASIC,
                conv1[1], conv1[0], stages, fc == null ? 0 : fc[0]);
    }
}
