package io.github.transferml.transfer.cut;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import io.github.transferml.transfer.util.ParameterCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where to cut a base network, as the user writes it:
 *
 * <ul>
 *   <li>{@code features}: everything before the base's classifier (its last {@code Linear}),
 *   <li>a readable alias where the architecture has them (ResNet: {@code stem}, {@code stage1} …,
 *       {@code pool}),
 *   <li>a child's name as DJL names it, e.g. {@code 12ParallelBlock}: keep up to and including it,
 *   <li>a positive index n: keep the first n children (so {@code 12} equals {@code 12ParallelBlock}),
 *   <li>a negative index -n: drop the last n children,
 *   <li>a path into nested sequential blocks, by name or index: {@code 05SequentialBlock/2}; it may
 *       start at an alias: {@code layer3/1}.
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
     * Resolves the cut point against a network without aliases.
     *
     * @param network the base network
     * @param imageShape channels, height, width of one input image
     * @return the option it names
     * @throws CutPointException if it names none; the message lists the valid ones
     */
    public CutOption resolve(SequentialBlock network, Shape imageShape) {
        return resolve(network, imageShape, Map.of());
    }

    /**
     * Resolves the cut point against a network.
     *
     * @param network the base network (its children, and theirs where sequential, are the places)
     * @param imageShape channels, height, width of one input image
     * @param aliases readable names of top-level places (see {@code architecture.BaseArchitecture})
     * @return the option it names
     * @throws CutPointException if it names none; the message lists the valid ones
     */
    public CutOption resolve(SequentialBlock network, Shape imageShape, Map<String, Integer> aliases) {
        List<CutOption> options = options(network, imageShape, aliases);
        List<Integer> path = pathOf(network, aliases);
        if (path != null) {
            for (CutOption option : options) {
                if (option.path().equals(path)) {
                    return option;
                }
            }
        }
        String nearest = nearest(options);
        throw new CutPointException("Invalid cut point '" + text + "'. " + describe(network, options)
                + (nearest == null ? "" : String.format(Locale.ROOT, "%nNearest match: '%s'.", nearest)));
    }

    private List<Integer> pathOf(SequentialBlock network, Map<String, Integer> aliases) {
        int size = network.getChildren().size();
        for (Map.Entry<String, Integer> alias : aliases.entrySet()) {
            if (alias.getKey().equalsIgnoreCase(text)) {
                return List.of(alias.getValue());
            }
        }
        if (FEATURES.equalsIgnoreCase(text)) {
            return List.of(featuresIndex(network));
        }
        if (text.matches("-\\d+")) {
            return List.of(size + Integer.parseInt(text));
        }
        List<Integer> path = new ArrayList<>();
        Block level = network;
        for (String segment : text.split("/", -1)) {
            if (!(level instanceof SequentialBlock)) {
                return null;
            }
            List<String> names = ((SequentialBlock) level).getChildren().keys();
            int index = segment.trim().matches("\\d+") ? Integer.parseInt(segment.trim()) : names.indexOf(segment.trim()) + 1;
            if (index == 0 && path.isEmpty()) { // a path may start at an alias: layer3/1
                index = aliasIndex(segment.trim(), aliases);
            }
            if (index < 1 || index > names.size()) {
                return null;
            }
            path.add(index);
            level = ((SequentialBlock) level).getChildren().get(index - 1).getValue();
        }
        return path;
    }

    private static int aliasIndex(String segment, Map<String, Integer> aliases) {
        for (Map.Entry<String, Integer> alias : aliases.entrySet()) {
            if (alias.getKey().equalsIgnoreCase(segment)) {
                return alias.getValue();
            }
        }
        return 0;
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
     * Lists every place where the network can be cut, with the output shape there: each top-level
     * child and, inside a sequential child, each of its children.
     *
     * @param network the network
     * @param imageShape channels, height, width of one input image
     * @param aliases readable names of top-level places
     * @return the options, in network order
     */
    public static List<CutOption> options(SequentialBlock network, Shape imageShape, Map<String, Integer> aliases) {
        Map<Integer, String> aliasOf = new LinkedHashMap<>();
        aliases.forEach((alias, index) -> aliasOf.merge(index, alias, (a, b) -> a + ", " + b));
        if (!aliases.containsKey(FEATURES)) {
            aliasOf.merge(featuresIndex(network), FEATURES, (a, b) -> b + ", " + a);
        }
        List<CutOption> options = new ArrayList<>();
        collect(network, new Shape[] {new Shape(1).addAll(imageShape)}, List.of(), "", aliasOf, options);
        return options;
    }

    /**
     * Lists every place where a network without aliases can be cut.
     *
     * @param network the network
     * @param imageShape channels, height, width of one input image
     * @return the options, in network order
     */
    public static List<CutOption> options(SequentialBlock network, Shape imageShape) {
        return options(network, imageShape, Map.of());
    }

    private static Shape[] collect(SequentialBlock block, Shape[] shapes, List<Integer> parent, String prefix,
            Map<Integer, String> aliasOf, List<CutOption> options) {
        List<String> names = block.getChildren().keys();
        List<Block> children = block.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            Block child = children.get(i);
            List<Integer> path = new ArrayList<>(parent);
            path.add(i + 1);
            String name = prefix + names.get(i);
            Shape[] input = shapes;
            shapes = child.getOutputShapes(shapes);
            String alias = parent.isEmpty() ? aliasOf.get(i + 1) : null;
            options.add(new CutOption(path, name, alias, child.getClass().getSimpleName(), shapes[0], ParameterCount.of(child)));
            if (child instanceof SequentialBlock) {
                collect((SequentialBlock) child, input, path, name + "/", aliasOf, options);
            }
        }
        return shapes;
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
        for (CutOption option : options) {
            sb.append(String.format(Locale.ROOT, "%n  %-22s %3s  %s", option.name(), option.keep(), option.outputShape()));
            if (option.alias() != null) {
                sb.append("  <- ").append(option.alias());
            }
        }
        sb.append(String.format(Locale.ROOT,
                "%nAlso: 'features' (everything before the classifier) or -n to drop the last n blocks."));
        return sb.toString();
    }

    /** The valid name or alias closest to what was written, if one is close enough to be a typo. */
    private String nearest(List<CutOption> options) {
        List<String> candidates = new ArrayList<>();
        for (CutOption option : options) {
            candidates.add(option.name());
            if (option.alias() != null) {
                for (String alias : option.alias().split(", ")) {
                    candidates.add(alias);
                }
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String wanted = text.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            int distance = distance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, wanted.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
