package io.github.transferml.transfer.archive;

import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.runtime.NetworkRecipe;
import io.github.transferml.transfer.runtime.TransferBlockFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code serving.properties} reproducibly: sorted keys, no date comment (which {@link
 * java.util.Properties#store} would add).
 */
public final class ServingProperties {

    private ServingProperties() {}

    /**
     * The properties of a model archive: DJL loads the network by rebuilding the recipe with {@link
     * TransferBlockFactory} and classifies images as the input says.
     *
     * @param engine the engine's name
     * @param input the input the model expects
     * @param recipe the network's recipe
     * @return keys and values
     */
    public static Map<String, String> of(String engine, InputSpec input, NetworkRecipe recipe) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("engine", engine);
        properties.put("blockFactory", TransferBlockFactory.class.getName());
        properties.put("translatorFactory", "ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory");
        properties.put(TransferBlockFactory.RECIPE_KEY, recipe.toString());
        properties.put("applySoftmax", "true");
        properties.put("option.modelName", "model");
        properties.putAll(input.toProperties());
        return properties;
    }

    /**
     * Formats properties.
     *
     * @param properties keys and values
     * @return the file's bytes
     */
    public static byte[] format(Map<String, String> properties) {
        StringBuilder sb = new StringBuilder("# Written by transfer-maven-plugin; loadable with DJL's Criteria.\n");
        for (Map.Entry<String, String> entry : new TreeMap<>(properties).entrySet()) {
            sb.append(escape(entry.getKey(), true)).append('=').append(escape(entry.getValue(), false)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String escape(String text, boolean key) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\\' || (key && (c == '=' || c == ':' || c == ' ' || c == '#' || c == '!'))) {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c > 0x7e || c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
