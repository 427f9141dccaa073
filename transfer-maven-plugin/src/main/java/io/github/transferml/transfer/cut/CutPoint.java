package io.github.transferml.transfer.cut;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where to cut a base network, as the user writes it:
 *
 * <ul>
 *   <li>{@code features}: everything before the base's classifier (its last {@code Linear}),
 *   <li>a child's name as DJL names it, e.g. {@code 12ParallelBlock}: keep up to and including it,
 *   <li>a positive index n: keep the first n children (so {@code 12} equals {@code 12ParallelBlock}),
 *   <li>a negative index -n: drop the last n children.
 * </ul>
 */
public final class CutPoint {

    /** The alias for "everything before the classifier". */
    public static final String FEATURES = "features";

    private final String text;

    private CutPoint(String text) {
        this.text = text;
    }

    /**
     * Parses a cut point.
     *
     * @param text the cut point as written in the POM
     * @return the cut point
     */
    public static CutPoint parse(String text) {
        if (text == null || text.isBlank()) {
            return new CutPoint(FEATURES);
        }
        return new CutPoint(text.trim());
    }

    /** @return the cut point as written */
    public String getText() {
        return text;
    }

    /**
     * Resolves the cut point against a network.
     *
     * @param network the base network (its top-level children are the places to cut)
     * @param imageShape channels, height, width of one input image
     * @return the option it names
     * @throws CutPointException if it names none; the message lists the valid ones
     */
    public CutOption resolve(SequentialBlock network, Shape imageShape) {
        List<CutOption> options = options(network, imageShape);
        int kept = keptChildren(network, options.size());
        if (kept < 1 || kept > options.size()) {
            throw new CutPointException(
                    "Invalid cut point '" + text + "'. " + describe(network, options));
        }
        return options.get(kept - 1);
    }

    private int keptChildren(SequentialBlock network, int size) {
        if (FEATURES.equals(text.toLowerCase(Locale.ROOT))) {
            return featuresIndex(network);
        }
        if (text.matches("-?\\d+")) {
            int index = Integer.parseInt(text);
            return index < 0 ? size + index : index == 0 ? -1 : index;
        }
        List<String> names = network.getChildren().keys();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(text)) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Returns how many children come before the network's classifier, its last {@link Linear}.
     *
     * @param network the network
     * @return the number of children to keep, or -1 if it has no classifier
     */
    public static int featuresIndex(SequentialBlock network) {
        List<Block> children = network.getChildren().values();
        for (int i = children.size() - 1; i >= 0; i--) {
            if (children.get(i) instanceof Linear) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Lists every place where the network can be cut, with the output shape there.
     *
     * @param network the network
     * @param imageShape channels, height, width of one input image
     * @return the options, in order
     */
    public static List<CutOption> options(SequentialBlock network, Shape imageShape) {
        List<CutOption> options = new ArrayList<>();
        Shape[] shapes = {new Shape(1).addAll(imageShape)};
        List<String> names = network.getChildren().keys();
        List<Block> children = network.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            shapes = children.get(i).getOutputShapes(shapes);
            options.add(new CutOption(i + 1, names.get(i), shapes[0]));
        }
        return options;
    }

    /**
     * Describes the valid cut points of a network, one per line.
     *
     * @param network the network
     * @param options its options
     * @return the description
     */
    public static String describe(SequentialBlock network, List<CutOption> options) {
        StringBuilder sb = new StringBuilder("Valid cut points (name or index; output shape):");
        int features = featuresIndex(network);
        for (CutOption option : options) {
            sb.append(String.format(Locale.ROOT, "%n  %-22s %3d  %s", option.name(), option.index(), option.outputShape()));
            if (option.index() == features) {
                sb.append("  <- features");
            }
        }
        sb.append(String.format(Locale.ROOT, "%nAlso: 'features' (everything before the classifier) or -n to drop the last n blocks."));
        return sb.toString();
    }
}
