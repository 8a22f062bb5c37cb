package dev.stagelight.verifier.dsse;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stagelight.verifier.json.JsonReader;
import dev.stagelight.verifier.json.JsonSyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reading helpers for DSSE and in-toto JSON: every error names the source and the JSON pointer of the field.
 * Documents are read with {@link JsonReader} (no Jackson start-up on the verification path); Jackson writes them.
 */
final class Json {
    /** Jackson, set up only when something is written (or a predicate is asked for as a Jackson tree). */
    static final class Writer {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();

        private Writer() {}
    }

    private Json() {}

    static Object read(byte[] json, String source) throws DsseException {
        try {
            return JsonReader.parse(json);
        } catch (JsonSyntaxException e) {
            if (JsonReader.EMPTY_DOCUMENT.equals(e.reason())) {
                throw new DsseException(source + ": empty document, expected a JSON object");
            }
            throw new DsseException(source + ": malformed JSON at line " + e.line() + ", column " + e.column() + ": "
                    + e.reason());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object parent, String pointer, String source) throws DsseException {
        Object n = JsonReader.at(parent, pointer);
        if (!(n instanceof Map)) {
            throw new DsseException(source + ": " + (pointer.isEmpty() ? "/" : pointer) + ": expected a JSON object, got " + kind(n));
        }
        return (Map<String, Object>) n;
    }

    static List<?> array(Object root, String pointer, String source) throws DsseException {
        Object n = JsonReader.at(root, pointer);
        if (!(n instanceof List<?> list)) {
            throw new DsseException(source + ": " + pointer + ": expected a JSON array, got " + kind(n));
        }
        return list;
    }

    static String string(Object root, String pointer, String source) throws DsseException {
        Object n = JsonReader.at(root, pointer);
        if (!(n instanceof String s)) {
            throw new DsseException(source + ": " + pointer + ": expected a string, got " + kind(n));
        }
        return s;
    }

    static String optionalString(Object root, String pointer, String source) throws DsseException {
        Object n = JsonReader.at(root, pointer);
        return n == null || n == JsonReader.NULL ? "" : string(root, pointer, source);
    }

    /** DSSE allows standard or URL-safe base64, with or without padding. */
    static byte[] base64(Object root, String pointer, String source) throws DsseException {
        String s = string(root, pointer, source);
        try {
            return s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new DsseException(source + ": " + pointer + ": invalid base64: " + e.getMessage());
        }
    }

    static String kind(Object n) {
        return n == null ? "nothing (field missing)" : JsonReader.typeName(n);
    }
}
