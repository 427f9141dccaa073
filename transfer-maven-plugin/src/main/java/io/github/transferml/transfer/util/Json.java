package io.github.transferml.transfer.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON as this plugin writes it: pretty, keys in insertion order, so the bytes are stable. */
public final class Json {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private Json() {}

    /**
     * Serialises a value built of maps, lists, strings, numbers and booleans.
     *
     * @param value the value
     * @return UTF-8 bytes, ending with a newline
     */
    public static byte[] bytes(Object value) {
        return (GSON.toJson(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Starts an ordered object with two entries.
     *
     * @param k1 the first key
     * @param v1 its value
     * @param k2 the second key
     * @param v2 its value
     * @return a mutable, insertion-ordered map
     */
    public static Map<String, Object> object(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
