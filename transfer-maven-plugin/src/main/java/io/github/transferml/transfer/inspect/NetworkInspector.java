package io.github.transferml.transfer.inspect;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.HiddenLayer;
import io.github.transferml.transfer.cut.CutOption;
import io.github.transferml.transfer.cut.CutPoint;
import io.github.transferml.transfer.cut.CutPointException;
import io.github.transferml.transfer.architecture.BaseArchitecture;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.head.HeadDesign;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.source.BaseModel;
import io.github.transferml.transfer.source.BaseModelLoader;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.source.ModelArtifactResolver;
import io.github.transferml.transfer.util.ParameterCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Looks at a base network without training anything: its block tree with output shapes, parameter
 * counts and cut points, and what a cut point and head would make of it.
 */
public final class NetworkInspector {

    private final ModelArtifactResolver resolver;
    private final ExtractionLimits limits;

    /** @param resolver resolves Maven coordinates (may be null where none are used) */
    public NetworkInspector(ModelArtifactResolver resolver) {
        this(resolver, ExtractionLimits.DEFAULT);
    }

    /**
     * @param resolver resolves Maven coordinates (may be null where none are used)
     * @param limits how large a downloaded or extracted base may be
     */
    public NetworkInspector(ModelArtifactResolver resolver, ExtractionLimits limits) {
        this.resolver = resolver;
        this.limits = limits;
    }

    /**
     * Inspects a base.
     *
     * @param spec the base model
     * @param architectureInput the input of an untrained architecture (a pretrained base has its own)
     * @param cutPoint the cut point
     * @param hiddenLayers the head's hidden layers
     * @param classes the number of classes
     * @return the inspection
     */
    public Inspection inspect(BaseModelSpec spec, InputSpec architectureInput, String cutPoint,
            List<HiddenLayer> hiddenLayers, int classes) {
        try (BaseModel base = new BaseModelLoader(resolver, limits).load(spec, architectureInput, classes)) {
            SequentialBlock network = base.network();
            Shape imageShape = base.input().imageShape();
            Map<String, Integer> aliases = BaseArchitecture.cutAliases(base.recipe());
            List<BlockRow> rows = new ArrayList<>();
            for (CutOption option : CutPoint.options(network, imageShape, aliases)) {
                rows.add(new BlockRow(option.keep(), option.name(), option.alias(), option.type(),
                        option.outputShape(), option.parameters(), true));
                Block block = blockAt(network, option.path());
                if (!(block instanceof SequentialBlock)) {
                    addInnerRows(block, option.keep(), option.name(), rows);
                }
            }
            CutPoint point = CutPoint.parse(cutPoint);
            try {
                CutOption cut = point.resolve(network, imageShape, aliases);
                Shape featureShape = cut.outputShape().slice(1);
                HeadDesign head = HeadDesign.of(featureShape, hiddenLayers, classes);
                SequentialBlock headBlock = head.build();
                headBlock.initialize(base.model().getNDManager(), DataType.FLOAT32, cut.outputShape());
                BlockRow cutRow = rows.stream().filter(r -> r.path().equals(cut.keep())).findFirst().orElseThrow();
                return new Inspection(base.description(), base.pretrained(), base.sha256(), base.recipe().toString(), base.input(), rows,
                        point.getText(), cutRow, null, head.steps(), classes,
                        ParameterCount.of(NetworkRecipe.keep(network, cut.keep())), ParameterCount.of(headBlock), featureShape);
            } catch (CutPointException e) {
                return new Inspection(base.description(), base.pretrained(), base.sha256(), base.recipe().toString(), base.input(), rows,
                        point.getText(), null, e.getMessage(), List.of(), classes, 0, 0, null);
            }
        }
    }

    /** Children of a parallel (or other non-sequential) block, one level: shown, but not places to cut. */
    private static void addInnerRows(Block block, String path, String name, List<BlockRow> rows) {
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            i++;
            String childPath = path + "/" + i;
            String childName = name + "/" + child.getKey();
            rows.add(new BlockRow(childPath, childName, null, child.getValue().getClass().getSimpleName(), null,
                    ParameterCount.of(child.getValue()), false));
        }
    }

    private static Block blockAt(SequentialBlock network, List<Integer> path) {
        Block block = network;
        for (int index : path) {
            block = block.getChildren().get(index - 1).getValue();
        }
        return block;
    }
}
