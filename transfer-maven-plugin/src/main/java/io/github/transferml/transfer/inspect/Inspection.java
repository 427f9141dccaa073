package io.github.transferml.transfer.inspect;

import ai.djl.ndarray.types.Shape;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code transfer:inspect} found: the base's block tree with its cut points, and what the
 * configured cut and head make of it.
 *
 * @param base where the base came from
 * @param pretrained whether the base has trained parameters (else everything trains)
 * @param sha256 its SHA-256, or {@code null} for an architecture
 * @param recipe the base's recipe
 * @param input the input it expects
 * @param blocks the block tree, in order
 * @param cutPoint the cut point as configured
 * @param cut the row it resolves to, or {@code null} when it is invalid
 * @param cutError why the cut point is invalid, or {@code null}
 * @param headSteps the head's layers, or empty without a valid cut
 * @param classes the classifier's size
 * @param frozenParameters parameters of the kept base
 * @param trainableParameters parameters of the head
 * @param featureShape what the head receives for one image, or {@code null}
 */
public record Inspection(String base, boolean pretrained, String sha256, String recipe, InputSpec input, List<BlockRow> blocks,
        String cutPoint, BlockRow cut, String cutError, List<String> headSteps, int classes, long frozenParameters,
        long trainableParameters, Shape featureShape) {

    /** @return the report as log lines */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("Base model: " + base + (sha256 == null ? "" : " (SHA-256 " + sha256 + ")"));
        lines.add("Recipe: " + recipe);
        lines.add("Input: " + input.describe());
        // The alias column is as wide as the longest alias list (e.g. "avgpool, pool, features").
        int aliasWidth = Math.max(10, blocks.stream().mapToInt(r -> r.alias() == null ? 0 : r.alias().length())
                .max().orElse(0));
        String format = "  %-7s %-34s %-" + aliasWidth + "s %-18s %-18s ";
        lines.add(String.format(Locale.ROOT, format + "%12s  %s",
                "index", "name", "alias", "type", "output", "parameters", "cut point"));
        for (BlockRow row : blocks) {
            String indent = "  ".repeat(row.path().split("/").length - 1);
            lines.add(String.format(Locale.ROOT, format + "%,12d  %s",
                    row.path(), indent + row.name().substring(row.name().lastIndexOf('/') + 1),
                    row.alias() == null ? "" : row.alias(), row.type(),
                    row.outputShape() == null ? "" : row.outputShape().slice(1).toString(), row.parameters(),
                    row.cutPoint() ? "yes" : "no (inside a parallel block)"));
        }
        if (cut == null) {
            lines.add(cutError);
        } else {
            lines.add(String.format(Locale.ROOT, "Cut point '%s': keep %s (after %s), which outputs %s; the head"
                    + " receives %,d features", cutPoint, cut.path(), cut.name(), featureShape, featureSize()));
            lines.add("Head: " + String.join(" > ", headSteps) + " (" + classes + " classes)");
            lines.add(pretrained
                    ? String.format(Locale.ROOT, "Parameters: %,d frozen (kept base), %,d trainable (head)",
                            frozenParameters, trainableParameters)
                    : String.format(Locale.ROOT, "Parameters: %,d (kept base) + %,d (head), all trainable: an"
                            + " untrained architecture trains end to end", frozenParameters, trainableParameters));
        }
        return lines;
    }

    /** @return the length of the vector the head's first dense layer sees (after pooling a feature map) */
    public long featureSize() {
        return featureShape.dimension() == 3 ? featureShape.get(0) : featureShape.size();
    }

    /** @return the report as an ordered JSON object */
    public Map<String, Object> toJson() {
        Map<String, Object> json = Json.object("base", base, "sha256", sha256);
        json.put("pretrained", pretrained);
        json.put("recipe", recipe);
        Map<String, Object> inputJson = Json.object("width", input.width(), "height", input.height());
        inputJson.put("grayscale", input.grayscale());
        inputJson.put("normalize", input.normalize());
        json.put("input", inputJson);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BlockRow row : blocks) {
            Map<String, Object> r = Json.object("index", row.path(), "name", row.name());
            r.put("alias", row.alias());
            r.put("type", row.type());
            r.put("outputShape", row.outputShape() == null ? null : row.outputShape().slice(1).getShape());
            r.put("parameters", row.parameters());
            r.put("cutPoint", row.cutPoint());
            rows.add(r);
        }
        json.put("blocks", rows);
        Map<String, Object> cutJson = new LinkedHashMap<>();
        cutJson.put("requested", cutPoint);
        cutJson.put("valid", cut != null);
        if (cut != null) {
            cutJson.put("keep", cut.path());
            cutJson.put("block", cut.name());
            cutJson.put("featureShape", featureShape.getShape());
            cutJson.put("featureSize", featureSize());
        } else {
            cutJson.put("error", cutError);
        }
        json.put("cut", cutJson);
        json.put("head", Json.object("steps", headSteps, "classes", classes));
        json.put("parameters", pretrained ? Json.object("frozen", frozenParameters, "trainable", trainableParameters)
                : Json.object("frozen", 0, "trainable", frozenParameters + trainableParameters));
        return json;
    }
}
