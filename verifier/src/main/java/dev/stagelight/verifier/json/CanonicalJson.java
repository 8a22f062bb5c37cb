package dev.stagelight.verifier.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme: the one canonical-JSON writer of the project. Object members are sorted
 * by the UTF-16 code units of their names, strings use the RFC's minimal escaping, numbers are IEEE doubles printed
 * as ECMAScript does, and no whitespace is emitted. The output is UTF-8.
 */
public final class CanonicalJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Strict parsing: duplicate member names and anything after the value are errors, as JCS requires. */
    private static final class Strict {
        // In a holder: writing plain values (entries) must not start Jackson.
        static final JsonMapper MAPPER = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();

        private Strict() {}

        // Here rather than in CanonicalJson: verifying a catch of a Jackson exception loads Jackson classes.
        static JsonNode parse(byte[] json) {
            try {
                JsonNode node = MAPPER.readTree(json);
                if (node == null || node.isMissingNode()) {
                    throw new CanonicalJsonException("empty input: expected a JSON value");
                }
                return node;
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
                throw new CanonicalJsonException(where + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new CanonicalJsonException("unreadable JSON: " + e.getMessage(), e);
            }
        }
    }

    private CanonicalJson() {}

    /**
     * Parses JSON strictly (no duplicate names, nothing after the value).
     *
     * @throws CanonicalJsonException naming line:column and what is wrong
     */
    public static JsonNode parse(byte[] json) {
        return Strict.parse(json);
    }

    /** Parses {@code json} strictly and returns its canonical form. */
    public static byte[] canonicalize(byte[] json) {
        return canonicalize(parse(json));
    }

    public static byte[] canonicalize(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out, "");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * True when {@code json} is byte for byte its own canonical form.
     *
     * @throws CanonicalJsonException when it is not JSON at all (so the caller can say where)
     */
    public static boolean isCanonical(byte[] json) {
        return Arrays.equals(json, canonicalize(json));
    }

    /**
     * The canonical form of a plain value as {@link JsonReader} returns them (maps, lists, strings, numbers,
     * booleans, {@link JsonReader#NULL}); numbers are IEEE doubles, as with Jackson trees.
     */
    public static byte[] canonicalizePlain(Object value) {
        StringBuilder out = new StringBuilder(256);
        writePlain(value, out, Where.ROOT);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The JSON pointer of a plain value, spelled out only when an error names it: entries are written by the million
     * and their pointers are almost never needed.
     */
    private record Where(Where parent, String name, int index) {
        static final Where ROOT = new Where(null, null, -1);

        @Override
        public String toString() {
            return parent == null ? ""
                    : parent + "/" + (name == null ? Integer.toString(index) : name.replace("~", "~0").replace("/", "~1"));
        }
    }

    // Objects and arrays are methods of their own: small methods the JIT compiles once, rather than one large one it
    // recompiles as each shape of input reaches it.
    private static void writePlain(Object value, StringBuilder out, Where pointer) {
        if (value instanceof Map<?, ?> map) {
            writePlainObject(map, out, pointer);
        } else if (value instanceof List<?> list) {
            writePlainArray(list, out, pointer);
        } else if (value instanceof String s) {
            writeString(s, out, pointer);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isInfinite(d) || Double.isNaN(d)) {
                throw new CanonicalJsonException(at(pointer) + "number " + n
                        + " is outside the IEEE 754 double range that RFC 8785 allows");
            }
            out.append(Es6Numbers.format(d));
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value == JsonReader.NULL) {
            out.append("null");
        } else {
            throw new CanonicalJsonException(at(pointer) + "a " + (value == null ? "missing value" : value.getClass())
                    + " has no JSON form");
        }
    }

    private static void writePlainObject(Map<?, ?> map, StringBuilder out, Where pointer) {
        String[] names = map.keySet().toArray(new String[0]);
        Arrays.sort(names); // String order is UTF-16 code unit order, as RFC 8785 section 3.2.3 prescribes
        out.append('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Where child = new Where(pointer, names[i], -1);
            writeString(names[i], out, child);
            out.append(':');
            writePlain(map.get(names[i]), out, child);
        }
        out.append('}');
    }

    private static void writePlainArray(List<?> list, StringBuilder out, Where pointer) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writePlain(list.get(i), out, new Where(pointer, null, i));
        }
        out.append(']');
    }

    private static void write(JsonNode node, StringBuilder out, String pointer) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out, pointer);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out, pointer + "/" + i);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out, pointer);
            case NUMBER -> writeNumber(node, out, pointer);
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new CanonicalJsonException(
                    at(pointer) + "a " + node.getNodeType() + " node has no JSON form");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out, String pointer) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        // String.compareTo compares UTF-16 code units, exactly the order RFC 8785 section 3.2.3 prescribes.
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> m : members) {
            if (!first) {
                out.append(',');
            }
            first = false;
            String child = pointer + "/" + m.getKey().replace("~", "~0").replace("/", "~1");
            writeString(m.getKey(), out, child);
            out.append(':');
            write(m.getValue(), out, child);
        }
        out.append('}');
    }

    private static void writeNumber(JsonNode node, StringBuilder out, String pointer) {
        double d = node.doubleValue();
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            throw new CanonicalJsonException(at(pointer) + "number " + node.asText()
                    + " is outside the IEEE 754 double range that RFC 8785 allows");
        }
        out.append(Es6Numbers.format(d));
    }

    /** {@code pointer}: a JSON pointer, as a String or a {@link Where} spelled out only on error. */
    private static void writeString(String s, StringBuilder out, Object pointer) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            throw new CanonicalJsonException(at(pointer) + "lone surrogate \\u"
                                    + Integer.toHexString(c) + " at offset " + i + " is not Unicode text");
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String at(Object pointer) {
        String p = pointer.toString();
        return "at " + (p.isEmpty() ? "the root" : p) + ": ";
    }
}
