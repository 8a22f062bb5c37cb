package dev.stagelight.rollout.policy;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes-style equality selector over tenant labels: {@code key=value}, {@code key!=value}, {@code key}
 * (present) or {@code !key} (absent).
 */
public record LabelSelector(String key, Op op, String value) {
    public enum Op { EQUALS, NOT_EQUALS, EXISTS, NOT_EXISTS }

    private static final Pattern FORM = Pattern.compile("\\s*(!?)\\s*([A-Za-z0-9._/-]+)\\s*(?:(!=|==|=)\\s*([A-Za-z0-9._/-]*)\\s*)?");

    /** Parses one selector, or empty when the text is not a selector. */
    public static Optional<LabelSelector> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        boolean negated = !m.group(1).isEmpty();
        String op = m.group(3);
        if (op == null) {
            return Optional.of(new LabelSelector(m.group(2), negated ? Op.NOT_EXISTS : Op.EXISTS, ""));
        }
        if (negated) {
            return Optional.empty();
        }
        return Optional.of(new LabelSelector(m.group(2), op.equals("!=") ? Op.NOT_EQUALS : Op.EQUALS, m.group(4)));
    }

    public boolean matches(Map<String, String> labels) {
        String v = labels.get(key);
        return switch (op) {
            case EQUALS -> value.equals(v);
            case NOT_EQUALS -> !value.equals(v);
            case EXISTS -> v != null;
            case NOT_EXISTS -> v == null;
        };
    }

    @Override
    public String toString() {
        return switch (op) {
            case EQUALS -> key + "=" + value;
            case NOT_EQUALS -> key + "!=" + value;
            case EXISTS -> key;
            case NOT_EXISTS -> "!" + key;
        };
    }
}
