package io.github.transferml.transfer.cut;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One place where a base network can be cut: after the block at {@code path}.
 *
 * @param path kept counts per level: {@code [12]} keeps the first 12 top-level blocks; {@code [5,
 *     2]} keeps four and, of the fifth (a sequential block), its first two children
 * @param name DJL's names along the path, e.g. {@code 12LambdaBlock} or {@code
 *     05SequentialBlock/02Conv2d}
 * @param alias a readable name for this place (e.g. {@code stage2}), or {@code null}
 * @param type the block's class, e.g. {@code ParallelBlock}
 * @param outputShape the shape the kept part outputs for one image (with a batch axis of 1)
 * @param parameters how many parameters the block itself holds
 */
public record CutOption(List<Integer> path, String name, String alias, String type, Shape outputShape,
        long parameters) {

    /** Copies the path. */
    public CutOption {
        path = List.copyOf(path);
    }

    /** @return how many top-level blocks are kept (the last one possibly in part) */
    public int index() {
        return path.get(0);
    }

    /** @return the path as the recipe's {@code keep} step writes it, e.g. {@code 12} or {@code 5/2} */
    public String keep() {
        return path.stream().map(String::valueOf).collect(Collectors.joining("/"));
    }

    /** @return 0 for a top-level block, 1 for a child of one, and so on */
    public int depth() {
        return path.size() - 1;
    }
}
