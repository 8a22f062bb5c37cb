package dev.stagelight.rollout.input;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A located value in an {@link InputDocument}: its field path, line and column, and typed accessors that fail with
 * an {@link InputException} naming file, position, field and what was expected. An explicit {@code null} counts as
 * absent for optional fields.
 */
public final class InputNode {
    private final InputDocument doc;
    private final Node node;
    private final String pointer;
    private Map<String, InputNode> fields;
    private Map<String, InputNode> keys;

    InputNode(InputDocument doc, Node node, String pointer) {
        this.doc = doc;
        this.node = node;
        this.pointer = pointer;
    }

    public InputDocument document() {
        return doc;
    }

    /** JSON-pointer-like path of this value, e.g. {@code /stages/2/selection}; empty for the root. */
    public String pointer() {
        return pointer;
    }

    /** 1-based line of the value's first character. */
    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** 1-based column of the value's first character. */
    public int column() {
        return node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isNull() {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag()) && s.isPlain();
    }

    // ---- errors -------------------------------------------------------------------------------------------

    /** An error at this value: {@code expected <what>, got <this value>}. */
    public InputException expected(String what) {
        return problem("expected " + what + ", got " + describe());
    }

    /** An error at this value with a free-form message. */
    public InputException problem(String message) {
        return new InputException(doc.file(), line(), column(), pointer, message);
    }

    /** An error at a position inside this scalar's text (0-based line and column within the value). */
    public InputException problemAt(int lineInValue, int columnInValue, String message) {
        int[] pos = positionInValue(lineInValue, columnInValue);
        return new InputException(doc.file(), pos[0], pos[1], pointer, message);
    }

    // ---- mappings -----------------------------------------------------------------------------------------

    /** The fields of this mapping in file order; fails if this is not a mapping or a key repeats. */
    public Map<String, InputNode> fields() {
        if (fields == null) {
            if (!(node instanceof MappingNode map)) {
                throw expected("a mapping");
            }
            Map<String, InputNode> out = new LinkedHashMap<>();
            Map<String, InputNode> keyNodes = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    throw new InputNode(doc, t.getKeyNode(), pointer).expected("a plain key");
                }
                String k = key.getValue();
                if (out.containsKey(k)) {
                    throw new InputNode(doc, key, child(k)).problem("duplicate key '" + k + "'");
                }
                out.put(k, new InputNode(doc, t.getValueNode(), child(k)));
                keyNodes.put(k, new InputNode(doc, key, child(k)));
            }
            fields = Collections.unmodifiableMap(out);
            keys = keyNodes;
        }
        return fields;
    }

    /** The located key of field {@code key} (for messages about the field itself rather than its value). */
    public InputNode keyNode(String key) {
        fields();
        InputNode k = keys.get(key);
        if (k == null) {
            throw new IllegalArgumentException("no field " + key);
        }
        return k;
    }

    public boolean has(String key) {
        InputNode v = fields().get(key);
        return v != null && !v.isNull();
    }

    public Optional<InputNode> opt(String key) {
        InputNode v = fields().get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    public InputNode require(String key) {
        InputNode v = fields().get(key);
        if (v == null) {
            throw new InputException(doc.file(), line(), column(), child(key), "required field is missing");
        }
        if (v.isNull()) {
            throw v.problem("required field is null");
        }
        return v;
    }

    /**
     * Declares the fields this mapping may have. Any other field is an error in strict mode and a located warning
     * otherwise. Returns this node for chaining.
     */
    public InputNode knownFields(String... names) {
        Set<String> known = new LinkedHashSet<>(Arrays.asList(names));
        for (Map.Entry<String, InputNode> e : fields().entrySet()) {
            if (!known.contains(e.getKey())) {
                reportUnknown(keyNode(e.getKey()), "unknown field '" + e.getKey() + "' (known: " + String.join(", ", known) + ")");
            }
        }
        return this;
    }

    /** Reports an unknown-field problem at {@code at}: thrown in strict mode, collected as a warning otherwise. */
    public void reportUnknown(InputNode at, String message) {
        if (doc.strictness() == Strictness.STRICT) {
            throw at.problem(message);
        }
        doc.warn(new InputWarning(doc.file(), at.line(), at.column(), at.pointer, message));
    }

    public String requireString(String key) {
        return require(key).asString();
    }

    public Optional<String> optString(String key) {
        return opt(key).map(InputNode::asString);
    }

    public String string(String key, String fallback) {
        return optString(key).orElse(fallback);
    }

    public double requireNumber(String key) {
        return require(key).asNumber();
    }

    public Optional<Double> optNumber(String key) {
        return opt(key).map(InputNode::asNumber);
    }

    public long requireLong(String key) {
        return require(key).asLong();
    }

    public Optional<Long> optLong(String key) {
        return opt(key).map(InputNode::asLong);
    }

    public boolean requireBoolean(String key) {
        return require(key).asBoolean();
    }

    public boolean bool(String key, boolean fallback) {
        return opt(key).map(InputNode::asBoolean).orElse(fallback);
    }

    public Optional<Boolean> optBoolean(String key) {
        return opt(key).map(InputNode::asBoolean);
    }

    public List<InputNode> requireList(String key) {
        return require(key).asList();
    }

    /** The list under {@code key}, empty when absent. */
    public List<InputNode> list(String key) {
        return opt(key).map(InputNode::asList).orElse(List.of());
    }

    /** The list of strings under {@code key}, empty when absent. */
    public List<String> stringList(String key) {
        return list(key).stream().map(InputNode::asString).collect(Collectors.toUnmodifiableList());
    }

    /** A mapping of string to string under {@code key} (scalar values are read as text), empty when absent. */
    public Map<String, String> stringMap(String key) {
        Optional<InputNode> m = opt(key);
        if (m.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.get().fields().forEach((k, v) -> out.put(k, v.asText()));
        return Collections.unmodifiableMap(out);
    }

    public InputNode requireMap(String key) {
        InputNode v = require(key);
        v.fields();
        return v;
    }

    public <E extends Enum<E> & InputEnum> E requireEnum(String key, Class<E> type) {
        return require(key).asEnum(type);
    }

    public <E extends Enum<E> & InputEnum> Optional<E> optEnum(String key, Class<E> type) {
        return opt(key).map(v -> v.asEnum(type));
    }

    public Duration requireDuration(String key) {
        return require(key).asDuration();
    }

    public Optional<Duration> optDuration(String key) {
        return opt(key).map(InputNode::asDuration);
    }

    // ---- scalars and lists --------------------------------------------------------------------------------

    /** A string value; numbers and booleans are not strings (quote them). */
    public String asString() {
        if (node instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
            return s.getValue();
        }
        throw expected("a string");
    }

    /** Any scalar's text (for labels, where {@code tier: 1} is meant as text). */
    public String asText() {
        if (node instanceof ScalarNode s && !isNull()) {
            return s.getValue();
        }
        throw expected("a scalar value");
    }

    /** A non-blank string. */
    public String asNonBlankString() {
        String s = asString();
        if (s.isBlank()) {
            throw expected("a non-empty string");
        }
        return s;
    }

    public double asNumber() {
        if (node instanceof ScalarNode s && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
            try {
                double d = Double.parseDouble(s.getValue());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw expected("a number");
    }

    /** A number, or an error that says {@code expected <what>} (e.g. "a number from 0 to 100"). */
    public double asNumberOr(String what) {
        try {
            return asNumber();
        } catch (InputException e) {
            throw expected(what);
        }
    }

    /** An integer (a number with no fraction). */
    public long asLong() {
        if (node instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            try {
                return Long.parseLong(s.getValue());
            } catch (NumberFormatException ignored) {
                // falls through
            }
        }
        if (node instanceof ScalarNode s && Tag.FLOAT.equals(s.getTag())) {
            double d = asNumber();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
        }
        throw expected("an integer");
    }

    public boolean asBoolean() {
        if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT));
        }
        throw expected("true or false");
    }

    public List<InputNode> asList() {
        if (!(node instanceof SequenceNode seq)) {
            throw expected("a list");
        }
        List<InputNode> out = new ArrayList<>(seq.getValue().size());
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new InputNode(doc, seq.getValue().get(i), pointer + "/" + i));
        }
        return Collections.unmodifiableList(out);
    }

    public <E extends Enum<E> & InputEnum> E asEnum(Class<E> type) {
        E[] values = type.getEnumConstants();
        if (node instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
            for (E e : values) {
                if (e.spelling().equals(s.getValue())) {
                    return e;
                }
            }
        }
        String allowed = Arrays.stream(values).map(InputEnum::spelling).collect(Collectors.joining(", "));
        throw expected("one of " + allowed);
    }

    /** {@code 24h}, {@code 30m}, {@code 90s}, {@code 2d} or ISO-8601 {@code PT24H}. */
    public Duration asDuration() {
        if (node instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
            Optional<Duration> d = Durations.parse(s.getValue());
            if (d.isPresent()) {
                return d.get();
            }
        }
        throw expected("a duration such as \"24h\", \"30m\", \"90s\", \"2d\" or ISO-8601 \"PT24H\"");
    }

    /** How this value is shown after "got" in messages. */
    public String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        if (isNull()) {
            return "null";
        }
        if (Tag.STR.equals(s.getTag())) {
            return quote(s.getValue());
        }
        return s.getValue();
    }

    private static String quote(String v) {
        String shown = v.length() > 60 ? v.substring(0, 57) + "..." : v;
        return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private String child(String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Maps a position inside this scalar's value to the file. Exact for literal block scalars ({@code |}), plain
     * and quoted single-line scalars (escapes before the position aside); other multi-line styles map to the line
     * and the value's start column.
     */
    private int[] positionInValue(int lineInValue, int columnInValue) {
        int startLine = line();
        int startCol = column();
        if (!(node instanceof ScalarNode s)) {
            return new int[] {startLine, startCol};
        }
        ScalarStyle style = s.getScalarStyle();
        if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
            // Content begins on the line after the indicator, indented by the block's indentation.
            String[] lines = doc.text().split("\n", -1);
            int indent = 0;
            for (int i = startLine; i < lines.length; i++) {
                String l = lines[i];
                if (!l.isBlank()) {
                    indent = l.length() - l.stripLeading().length();
                    break;
                }
            }
            if (style == ScalarStyle.LITERAL) {
                return new int[] {startLine + 1 + lineInValue, indent + 1 + columnInValue};
            }
            return new int[] {startLine + 1, indent + 1};
        }
        int quote = (style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED) ? 1 : 0;
        if (lineInValue == 0) {
            return new int[] {startLine, startCol + quote + columnInValue};
        }
        return new int[] {startLine + lineInValue, startCol};
    }
}
