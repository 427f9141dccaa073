package io.github.transferml.transfer.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON as this plugin writes it: pretty, keys in insertion order, so the bytes are stable. */
public final class Json {

    /**
     * A value written as {@code null}. A Java null in a map drops the whole member, so a figure that
     * is undefined here and there would change the document's shape.
     */
    public static final Object NULL = ExplicitNull.INSTANCE;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .registerTypeAdapter(ExplicitNull.class, new ExplicitNull.Adapter()).create();

    private Json() {}

    /**
     * Serialises a value built of maps, lists, strings, numbers, booleans and {@link #NULL}.
     *
     * @param value the value
     * @return UTF-8 bytes, ending with a newline
     */
    public static byte[] bytes(Object value) {
        return (GSON.toJson(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private enum ExplicitNull {
        INSTANCE;

        static final class Adapter extends TypeAdapter<ExplicitNull> {
            @Override
            public void write(JsonWriter out, ExplicitNull value) throws IOException {
                boolean serializeNulls = out.getSerializeNulls();
                out.setSerializeNulls(true);
                out.nullValue();
                out.setSerializeNulls(serializeNulls);
            }

            @Override
            public ExplicitNull read(JsonReader in) throws IOException {
                in.nextNull();
                return INSTANCE;
            }
        }
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
