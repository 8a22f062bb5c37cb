package dev.stagelight.verifier.json;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader for the verifier's fixed document shapes: entries, look-up shards, DSSE
 * envelopes and in-toto statements. It exists so that checking one bundle does not start Jackson, whose class
 * loading and set-up cost more than the check. As strict as the Jackson set-up it replaces: UTF-8 only, no
 * duplicate member names, nothing but whitespace after the value, no comments, no unescaped control characters,
 * no leading zeros, NaN or infinities.
 *
 * <p>Values: {@code Map<String, Object>} (members in document order), {@code List<Object>}, {@code String},
 * {@code Long} (integers that fit), {@code BigInteger} (larger integers), {@code Double} (numbers with a fraction
 * or exponent), {@code Boolean} and {@link #NULL}.
 */
public final class JsonReader {
    /** JSON {@code null}, distinct from a missing member (for which look-ups return Java null). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** The {@link JsonSyntaxException#reason()} of a document without a value (nothing, or only whitespace). */
    public static final String EMPTY_DOCUMENT = "empty document";

    private static final int MAX_DEPTH = 1000;
    private static final int MAX_NUMBER_LENGTH = 1000;

    private final byte[] in;
    private int pos;
    private int line = 1;
    private int lineStart;

    private JsonReader(byte[] in) {
        this.in = in;
    }

    /**
     * Parses one JSON document.
     *
     * @throws JsonSyntaxException with the line and column of the first error; also for an empty document
     */
    public static Object parse(byte[] json) throws JsonSyntaxException {
        JsonReader r = new JsonReader(json);
        r.skipSpace();
        if (r.pos == json.length) {
            throw new JsonSyntaxException(EMPTY_DOCUMENT, r.line, r.column());
        }
        Object value = r.value(0);
        r.skipSpace();
        if (r.pos != json.length) {
            throw r.error("unexpected " + r.describeNext() + " after the JSON value");
        }
        return value;
    }

    /** The value at an RFC 6901 pointer ({@code ""} is the root), or null when there is none. */
    public static Object at(Object root, String pointer) {
        Object node = root;
        int i = 0;
        while (node != null && i < pointer.length()) {
            int next = pointer.indexOf('/', i + 1);
            String token = pointer.substring(i + 1, next < 0 ? pointer.length() : next);
            i = next < 0 ? pointer.length() : next;
            if (node instanceof Map<?, ?> m) {
                node = m.get(token.replace("~1", "/").replace("~0", "~"));
            } else if (node instanceof List<?> l) {
                int index = index(token);
                node = index >= 0 && index < l.size() ? l.get(index) : null;
            } else {
                node = null;
            }
        }
        return node;
    }

    /** The JSON type of a value, as Jackson's node types name them (lowercase); "missing" for null. */
    public static String typeName(Object value) {
        if (value == null) {
            return "missing";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value == NULL ? "null" : "number";
    }

    private static int index(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }

    private Object value(int depth) throws JsonSyntaxException {
        if (pos == in.length) {
            throw endOfInput();
        }
        byte b = in[pos];
        switch (b) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (b == '-' || (b >= '0' && b <= '9')) {
                    return number();
                }
                throw error("unexpected " + describeNext() + ": expected a JSON value");
        }
    }

    private Map<String, Object> object(int depth) throws JsonSyntaxException {
        checkDepth(depth);
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("unexpected " + describeNext() + ": expected a member name in double quotes");
            }
            int nameLine = line;
            int nameColumn = column();
            String name = string();
            skipSpace();
            expect(':', "':' after a member name");
            skipSpace();
            Object v = value(depth);
            if (members.putIfAbsent(name, v) != null) {
                throw new JsonSyntaxException("Duplicate field '" + name + "'", nameLine, nameColumn);
            }
            skipSpace();
            int c = peek();
            pos++;
            if (c == '}') {
                return members;
            }
            if (c != ',') {
                pos--;
                throw error("unexpected " + describeNext() + ": expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array(int depth) throws JsonSyntaxException {
        checkDepth(depth);
        pos++;
        List<Object> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return items;
        }
        while (true) {
            skipSpace();
            items.add(value(depth));
            skipSpace();
            int c = peek();
            pos++;
            if (c == ']') {
                return items;
            }
            if (c != ',') {
                pos--;
                throw error("unexpected " + describeNext() + ": expected ',' or ']' in an array");
            }
        }
    }

    private String string() throws JsonSyntaxException {
        pos++;
        int start = pos;
        // The common case: ASCII without escapes.
        while (pos < in.length) {
            byte b = in[pos];
            if (b == '"') {
                String s = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
                pos++;
                return s;
            }
            if (b == '\\' || b < 0x20) {
                break;
            }
            pos++;
        }
        StringBuilder sb = new StringBuilder(pos - start + 16);
        for (int i = start; i < pos; i++) {
            sb.append((char) in[i]);
        }
        while (true) {
            if (pos == in.length) {
                throw endOfInput();
            }
            int b = in[pos] & 0xff;
            if (b == '"') {
                pos++;
                return sb.toString();
            }
            if (b == '\\') {
                escape(sb);
            } else if (b < 0x20) {
                throw error(String.format("unescaped control character 0x%02x in a string (must be escaped)", b));
            } else if (b < 0x80) {
                sb.append((char) b);
                pos++;
            } else {
                utf8(sb, b);
            }
        }
    }

    private void escape(StringBuilder sb) throws JsonSyntaxException {
        pos++;
        if (pos == in.length) {
            throw endOfInput();
        }
        byte e = in[pos++];
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                if (pos + 4 > in.length) {
                    throw endOfInput();
                }
                int cp = 0;
                for (int k = 0; k < 4; k++) {
                    int d = Character.digit(in[pos + k], 16);
                    if (d < 0) {
                        pos += k;
                        throw error("invalid \\u escape: expected 4 hex digits");
                    }
                    cp = cp * 16 + d;
                }
                pos += 4;
                sb.append((char) cp);
            }
            default -> {
                pos--;
                throw error("invalid escape '\\" + (char) (e & 0xff) + "' in a string");
            }
        }
    }

    /** One multi-byte UTF-8 sequence starting with {@code lead}; overlong forms and surrogates are refused. */
    private void utf8(StringBuilder sb, int lead) throws JsonSyntaxException {
        int n;
        int cp;
        int min;
        if ((lead & 0xe0) == 0xc0) {
            n = 1;
            cp = lead & 0x1f;
            min = 0x80;
        } else if ((lead & 0xf0) == 0xe0) {
            n = 2;
            cp = lead & 0x0f;
            min = 0x800;
        } else if ((lead & 0xf8) == 0xf0) {
            n = 3;
            cp = lead & 0x07;
            min = 0x10000;
        } else {
            throw error(String.format("invalid UTF-8 start byte 0x%02x", lead));
        }
        if (pos + n >= in.length) {
            throw endOfInput();
        }
        for (int k = 1; k <= n; k++) {
            int c = in[pos + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                throw error(String.format("invalid UTF-8 continuation byte 0x%02x", c));
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            throw error(String.format("invalid UTF-8 sequence (code point U+%04X)", cp));
        }
        pos += n + 1;
        sb.appendCodePoint(cp);
    }

    private Object number() throws JsonSyntaxException {
        int start = pos;
        boolean integral = true;
        if (in[pos] == '-') {
            pos++;
        }
        if (pos < in.length && in[pos] == '0') {
            pos++;
            if (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                throw error("invalid number: leading zeroes are not allowed");
            }
        } else if (!digits()) {
            throw error("invalid number: expected a digit");
        }
        if (pos < in.length && in[pos] == '.') {
            integral = false;
            pos++;
            if (!digits()) {
                throw error("invalid number: expected a digit after the decimal point");
            }
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            integral = false;
            pos++;
            if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            if (!digits()) {
                throw error("invalid number: expected a digit in the exponent");
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw error("number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        String text = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        if (!integral) {
            return Double.parseDouble(text);
        }
        if (pos - start <= 18) {
            return Long.parseLong(text);
        }
        BigInteger big = new BigInteger(text);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private boolean digits() {
        int start = pos;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object value) throws JsonSyntaxException {
        for (int k = 0; k < word.length(); k++) {
            if (pos + k >= in.length || in[pos + k] != word.charAt(k)) {
                throw error("unrecognized token: expected '" + word + "'");
            }
        }
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        return pos < in.length ? in[pos] : -1;
    }

    private void expect(char c, String what) throws JsonSyntaxException {
        if (peek() != c) {
            throw error("unexpected " + describeNext() + ": expected " + what);
        }
        pos++;
    }

    private void checkDepth(int depth) throws JsonSyntaxException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private String describeNext() {
        if (pos >= in.length) {
            return "end of input";
        }
        int b = in[pos] & 0xff;
        return b >= 0x21 && b < 0x7f ? "character '" + (char) b + "'" : String.format("byte 0x%02x", b);
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private JsonSyntaxException endOfInput() {
        return new JsonSyntaxException("unexpected end of input", line, column());
    }

    private JsonSyntaxException error(String message) {
        return new JsonSyntaxException(message, line, column());
    }
}
