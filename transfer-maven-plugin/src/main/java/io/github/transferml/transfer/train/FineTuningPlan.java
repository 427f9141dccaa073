package io.github.transferml.transfer.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import io.github.transferml.transfer.architecture.BaseArchitecture;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.FineTuning;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.cut.CutOption;
import io.github.transferml.transfer.cut.CutPoint;
import io.github.transferml.transfer.cut.CutPointException;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.source.BaseModel;
import io.github.transferml.transfer.util.ParameterCount;
import java.util.List;
import java.util.Locale;

/**
 * Which kept blocks of the base the fine-tuning phase unfreezes: the top-level blocks after a
 * cut-point-style reference, or the last N. The blocks before them stay frozen and feed a cache.
 */
final class FineTuningPlan {

    private final SequentialBlock stillFrozen;
    private final SequentialBlock tuned;
    private final Shape rowShape;
    private final String firstTunedName;

    private FineTuningPlan(SequentialBlock stillFrozen, SequentialBlock tuned, Shape rowShape, String firstTunedName) {
        this.stillFrozen = stillFrozen;
        this.tuned = tuned;
        this.rowShape = rowShape;
        this.firstTunedName = firstTunedName;
    }

    /**
     * Plans the phase, or returns null when none is configured.
     *
     * @param request the request
     * @param base the base
     * @param input the input
     * @param prefix the kept part of the base
     * @param frozen whether the head phase trains on a frozen base
     * @return the plan, or null
     * @throws ConfigurationException if the phase cannot apply to this base or reference
     */
    static FineTuningPlan of(TrainingRequest request, BaseModel base, InputSpec input, SequentialBlock prefix,
            boolean frozen) {
        FineTuning tuning = request.getFineTuning();
        if (tuning == null) {
            return null;
        }
        if (!BaseArchitecture.of(base.recipe()).canFineTune()) {
            throw new ConfigurationException("fineTuning", "needs a base made of DJL blocks, but this TorchScript module"
                    + " is used whole (only torchvision ResNets are imported). Remove <fineTuning>.");
        }
        if (!frozen) {
            throw new ConfigurationException("fineTuning", "follows a head phase on a frozen pretrained base, but this"
                    + " base trains end to end (" + (base.pretrained() ? "freezeBase is false" : "it is untrained")
                    + "). Remove <fineTuning>.");
        }
        List<Pair<String, Block>> children = prefix.getChildren().stream().toList();
        int kept = children.size();
        int frozenCount;
        if (tuning.lastBlocks() != null) {
            if (tuning.lastBlocks() > kept) {
                throw new ConfigurationException("fineTuning.lastBlocks", "is " + tuning.lastBlocks()
                        + ", but the cut keeps only " + kept + " blocks of the base");
            }
            frozenCount = kept - tuning.lastBlocks();
        } else {
            CutOption after;
            try {
                after = CutPoint.parse(tuning.unfreezeAfter()).resolve(base.network(), input.imageShape(),
                        BaseArchitecture.cutAliases(base.recipe()));
            } catch (CutPointException e) {
                throw new ConfigurationException("fineTuning.unfreezeAfter", e.getMessage());
            }
            if (after.path().size() != 1 || after.index() >= kept) {
                throw new ConfigurationException("fineTuning.unfreezeAfter", String.format(Locale.ROOT,
                        "'%s' (%s) must be a top-level block before the cut point, which keeps %d blocks; e.g. %s",
                        tuning.unfreezeAfter(), after.keep(), kept, children.get(Math.max(0, kept - 2)).getKey()));
            }
            frozenCount = after.index();
        }
        SequentialBlock stillFrozen = new SequentialBlock();
        SequentialBlock tuned = new SequentialBlock();
        for (int i = 0; i < kept; i++) {
            (i < frozenCount ? stillFrozen : tuned).add(children.get(i).getValue());
        }
        Shape rowShape = input.imageShape();
        if (frozenCount > 0) {
            rowShape = stillFrozen.getOutputShapes(new Shape[] {new Shape(1).addAll(input.imageShape())})[0].slice(1);
        }
        return new FineTuningPlan(frozenCount == 0 ? null : stillFrozen, tuned, rowShape,
                children.get(frozenCount).getKey());
    }

    /** @return the blocks that stay frozen and feed the cache, or null if the whole kept base is tuned */
    SequentialBlock stillFrozen() {
        return stillFrozen;
    }

    /** @return the unfrozen blocks */
    SequentialBlock tuned() {
        return tuned;
    }

    /** @return the shape of one cached row: the still-frozen part's output */
    Shape rowShape() {
        return rowShape;
    }

    /** @return how many top-level blocks are unfrozen */
    int tunedBlocks() {
        return tuned.getChildren().size();
    }

    /** @return the first unfrozen block's name */
    String describeTuned() {
        return firstTunedName;
    }

    /** @return the parameters unfrozen */
    long tunedParameters() {
        return ParameterCount.of(tuned);
    }

    /**
     * Unfreezes the tuned blocks' weights; BatchNorm running statistics are never trained by
     * gradients, so they stay out of the optimizer.
     */
    void unfreeze() {
        for (Pair<String, Parameter> parameter : tuned.getParameters()) {
            Parameter.Type type = parameter.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                parameter.getValue().freeze(false);
            }
        }
    }
}
