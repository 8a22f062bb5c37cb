package dev.stagelight.verifier.dsse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Base64;

/** Reading helpers for DSSE and in-toto JSON: every error names the source and the JSON pointer of the field. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    static JsonNode read(byte[] json, String source) throws DsseException {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new DsseException(source + ": empty document, expected a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new DsseException(source + ": malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DsseException(source + ": cannot read JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode object(JsonNode parent, String pointer, String source) throws DsseException {
        JsonNode n = parent.at(pointer.isEmpty() ? "" : pointer);
        if (!n.isObject()) {
            throw new DsseException(source + ": " + (pointer.isEmpty() ? "/" : pointer) + ": expected a JSON object, got " + kind(n));
        }
        return n;
    }

    static JsonNode array(JsonNode root, String pointer, String source) throws DsseException {
        JsonNode n = root.at(pointer);
        if (!n.isArray()) {
            throw new DsseException(source + ": " + pointer + ": expected a JSON array, got " + kind(n));
        }
        return n;
    }

    static String string(JsonNode root, String pointer, String source) throws DsseException {
        JsonNode n = root.at(pointer);
        if (!n.isTextual()) {
            throw new DsseException(source + ": " + pointer + ": expected a string, got " + kind(n));
        }
        return n.textValue();
    }

    static String optionalString(JsonNode root, String pointer, String source) throws DsseException {
        JsonNode n = root.at(pointer);
        return n.isMissingNode() || n.isNull() ? "" : string(root, pointer, source);
    }

    /** DSSE allows standard or URL-safe base64, with or without padding. */
    static byte[] base64(JsonNode root, String pointer, String source) throws DsseException {
        String s = string(root, pointer, source);
        try {
            return s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new DsseException(source + ": " + pointer + ": invalid base64: " + e.getMessage());
        }
    }

    static String kind(JsonNode n) {
        return n.isMissingNode() ? "nothing (field missing)" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
