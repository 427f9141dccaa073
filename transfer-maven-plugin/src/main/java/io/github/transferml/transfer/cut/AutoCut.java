package io.github.transferml.transfer.cut;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cut point {@code auto} or {@code auto:stage2,stage3,features}: which of the base's top layers
 * are too specialised to keep cannot be known in advance, only tested, so the run tries each
 * candidate and keeps the best. Plain {@code auto} tries the architecture's stage ends and {@code
 * features}; a list tries the cut points it names, each one written as a normal cut point.
 */
public final class AutoCut {

    /** The cut point that asks for a choice. */
    public static final String AUTO = "auto";

    private static final Pattern STAGE = Pattern.compile("stage\\d+", Pattern.CASE_INSENSITIVE);

    private final String text;
    private final List<String> listed;

    private AutoCut(String text, List<String> listed) {
        this.text = text;
        this.listed = List.copyOf(listed);
    }

    /**
     * @param cutPoint a cut point as written, or null
     * @return whether it asks for {@code auto}, with or without a list
     */
    public static boolean isAuto(String cutPoint) {
        if (cutPoint == null) {
            return false;
        }
        String t = cutPoint.trim().toLowerCase(Locale.ROOT);
        return t.equals(AUTO) || t.startsWith(AUTO + ":");
    }

    /**
     * Parses {@code auto} or {@code auto:a,b,…}.
     *
     * @param text the cut point as written
     * @return the setting
     * @throws CutPointException if the text is not {@code auto}, or its list is empty, has an empty
     *     entry or names a single cut point
     */
    public static AutoCut parse(String text) {
        if (!isAuto(text)) {
            throw new CutPointException("Cut point '" + text + "' is not auto.");
        }
        String trimmed = text.trim();
        if (trimmed.length() == AUTO.length()) {
            return new AutoCut(trimmed, List.of());
        }
        String list = trimmed.substring(AUTO.length() + 1);
        if (list.isBlank()) {
            throw new CutPointException("Cut point '" + trimmed + "' lists no cut points: write auto (the base's"
                    + " stage ends) or the candidates, e.g. auto:stage2,stage3,features.");
        }
        List<String> names = new ArrayList<>();
        for (String name : list.split(",", -1)) {
            if (name.isBlank()) {
                throw new CutPointException("Cut point '" + trimmed + "' has an empty entry: separate the"
                        + " candidates with single commas, e.g. auto:stage2,stage3,features.");
            }
            names.add(name.trim());
        }
        if (names.size() == 1) {
            throw new CutPointException("Cut point '" + trimmed + "' lists one cut point, so there is nothing to"
                    + " choose: list two or more, or write " + names.get(0) + " without auto.");
        }
        return new AutoCut(trimmed, names);
    }

    /** @return the cut point as written */
    public String getText() {
        return text;
    }

    /** @return the cut points listed after {@code auto:}, empty for plain {@code auto} */
    public List<String> listed() {
        return listed;
    }

    /** @return whether the candidates are the architecture's, not a list the user wrote */
    public boolean isDefault() {
        return listed.isEmpty();
    }

    /**
     * Resolves the candidates against a network, in network order (shallowest first).
     *
     * @param network the base network
     * @param imageShape channels, height, width of one input image
     * @param aliases the architecture's readable cut points (see {@code architecture.BaseArchitecture})
     * @return the candidates, at least two
     * @throws CutPointException if a listed cut point names no place (the message lists the valid
     *     ones), two name the same place, or plain {@code auto} finds fewer than two stage ends
     */
    public List<Candidate> resolve(SequentialBlock network, Shape imageShape, Map<String, Integer> aliases) {
        List<CutOption> options = CutPoint.options(network, imageShape, aliases);
        List<String> names = isDefault() ? defaults(network, options, aliases) : listed;
        if (names.size() < 2) {
            throw new CutPointException("Cut point auto needs two or more candidates, but the plugin knows "
                    + (names.isEmpty() ? "no stage ends" : "only " + names.get(0)) + " for this base: list them,"
                    + " e.g. auto:" + options.get(Math.max(0, options.size() / 2 - 1)).name() + ",features. "
                    + CutPoint.describe(network, options));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (String name : names) {
            CutOption option = CutPoint.parse(name).resolve(network, imageShape, aliases);
            for (Candidate other : candidates) {
                if (other.option().path().equals(option.path())) {
                    throw new CutPointException(String.format(Locale.ROOT, "Cut point '%s' lists %s twice: %s"
                            + " and %s both keep %s (after %s). List each place once.", text,
                            other.cutPoint().equalsIgnoreCase(name) ? "'" + name + "'" : "one place",
                            other.cutPoint(), name, option.keep(), option.name()));
                }
            }
            candidates.add(new Candidate(name, option));
        }
        candidates.sort(Comparator.comparing(Candidate::option, AutoCut::networkOrder));
        return List.copyOf(candidates);
    }

    /**
     * The architecture's stage ends, then {@code features} when the blocks between the last stage
     * and it hold parameters: with only pooling and flattening between, both give the same pooled
     * vector, and trying it would only cost a head.
     */
    private static List<String> defaults(SequentialBlock network, List<CutOption> options,
            Map<String, Integer> aliases) {
        List<String> names = new ArrayList<>();
        int lastStage = 0;
        for (Map.Entry<String, Integer> alias : aliases.entrySet()) {
            if (STAGE.matcher(alias.getKey()).matches()) {
                names.add(alias.getKey());
                lastStage = Math.max(lastStage, alias.getValue());
            }
        }
        int features = aliases.getOrDefault(CutPoint.FEATURES, CutPoint.featuresIndex(network));
        if (features > lastStage) {
            long between = 0;
            for (CutOption option : options) {
                if (option.depth() == 0 && option.index() > lastStage && option.index() <= features) {
                    between += option.parameters();
                }
            }
            if (lastStage == 0 || between > 0) {
                names.add(CutPoint.FEATURES);
            }
        }
        return names;
    }

    /** Blocks inside a block come before the place after it: 5/2 before 5, 5 before 6. */
    private static int networkOrder(CutOption a, CutOption b) {
        List<Integer> p = a.path();
        List<Integer> q = b.path();
        for (int i = 0; i < Math.min(p.size(), q.size()); i++) {
            int c = Integer.compare(p.get(i), q.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(q.size(), p.size());
    }

    /**
     * One cut point to try.
     *
     * @param cutPoint the cut point as written (or the alias plain {@code auto} chose)
     * @param option the place it names
     */
    public record Candidate(String cutPoint, CutOption option) {}
}
