package dev.stagelight.jenkins;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values handed to Pipeline scripts and across the agent channel: only maps, lists, strings, numbers and booleans of
 * the JDK, so the CPS program and the remoting class filter accept them whatever the modules return.
 */
final class PlainData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlainData() {}

    /** A deep copy as LinkedHashMap / ArrayList / String / Number / Boolean (anything else becomes its string). */
    static Object copy(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Double) {
            return v;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), copy(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            ArrayList<Object> out = new ArrayList<>();
            c.forEach(x -> out.add(copy(x)));
            return out;
        }
        return v.toString();
    }

    @SuppressWarnings("unchecked")
    static LinkedHashMap<String, Object> map(Map<String, ?> m) {
        return (LinkedHashMap<String, Object>) copy(m);
    }

    /** A JSON object (as the modules print them) as plain data. */
    static LinkedHashMap<String, Object> parse(String json) throws IOException {
        LinkedHashMap<String, Object> m = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        return map(m);
    }

    /** Plain data as one JSON object (for crossing the channel as a string). */
    static String json(Map<String, ?> m) throws IOException {
        return JSON.writeValueAsString(m);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object v) {
        return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }
}
