package dev.stagelight.rollout.gate.source;

import dev.stagelight.rollout.input.Durations;
import dev.stagelight.rollout.input.InputNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A PromQL query with placeholders, checked once when loaded and rendered per evaluation:
 *
 * <pre>
 *   sum(rate(policy_eval_requests_total{group="{{group}}", tenant=~"{{tenants}}", code="error"}[{{interval}}]))
 * </pre>
 *
 * {@code {{tenant}}}, {@code {{stage}}} and {@code {{group}}} must sit inside a double-quoted PromQL string and are
 * escaped for it; {@code {{tenants}}} must too, and renders as an anchored-by-Prometheus regex alternation of the
 * tenants, each regex-escaped (so tenant {@code a.b} does not match {@code axb}), then string-escaped.
 * {@code {{interval}}} must sit outside strings and renders as a PromQL duration ({@code 5m}, {@code 1h30m}).
 * Placeholders in the wrong place or unknown ones fail at {@link #parse} with the column, never at query time.
 */
public final class QueryTemplate {
    /** The placeholders a template may use. */
    public enum Var {
        TENANT, TENANTS, STAGE, GROUP, INTERVAL;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Part(String literal, Var var) {}

    /** A template error at {@code index} (0-based) of the text; the message starts with the 1-based column. */
    public static final class TemplateException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final String problem;

        TemplateException(int index, String problem) {
            super("column " + (index + 1) + ": " + problem);
            this.index = index;
            this.problem = problem;
        }

        public int index() {
            return index;
        }

        public String problem() {
            return problem;
        }
    }

    private final String text;
    private final List<Part> parts;
    private final Set<Var> vars;

    private QueryTemplate(String text, List<Part> parts, Set<Var> vars) {
        this.text = text;
        this.parts = parts;
        this.vars = vars;
    }

    /** Parses {@code text}, the value of input node {@code n}; a bad placeholder is reported at its line:column. */
    public static QueryTemplate parse(InputNode n, String text) {
        try {
            return parse(text);
        } catch (TemplateException e) {
            int line = 0, lineStart = 0;
            for (int k = 0; k < e.index(); k++) {
                if (text.charAt(k) == '\n') {
                    line++;
                    lineStart = k + 1;
                }
            }
            throw n.problemAt(line, e.index() - lineStart, e.problem());
        }
    }

    /**
     * Parses {@code text}; an unknown placeholder, a placeholder in the wrong context or an unclosed {@code {{} is an
     * {@link TemplateException} whose message starts with the 1-based column.
     */
    public static QueryTemplate parse(String text) {
        List<Part> parts = new ArrayList<>();
        Set<Var> vars = EnumSet.noneOf(Var.class);
        StringBuilder lit = new StringBuilder();
        char quote = 0; // the PromQL string we are in: ", ' or `, or 0 outside strings
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = text.indexOf("}}", i + 2);
                if (end < 0) {
                    throw new TemplateException(i, "unclosed '{{'");
                }
                String name = text.substring(i + 2, end).trim();
                Var v = lookup(name, i);
                boolean inString = v != Var.INTERVAL;
                if (inString && quote != '"') {
                    throw new TemplateException(i, "{{" + name + "}} must be inside a"
                            + " double-quoted string, e.g. tenant=\"{{" + name + "}}\"");
                }
                if (!inString && quote != 0) {
                    throw new TemplateException(i, "{{interval}} must be outside strings,"
                            + " e.g. rate(x[{{interval}}])");
                }
                parts.add(new Part(lit.toString(), null));
                lit.setLength(0);
                parts.add(new Part(null, v));
                vars.add(v);
                i = end + 1;
                continue;
            }
            lit.append(c);
            if (quote == 0) {
                if (c == '"' || c == '\'' || c == '`') {
                    quote = c;
                }
            } else if (c == '\\' && quote != '`') {
                if (i + 1 < text.length()) {
                    lit.append(text.charAt(++i));
                }
            } else if (c == quote) {
                quote = 0;
            }
        }
        parts.add(new Part(lit.toString(), null));
        return new QueryTemplate(text, List.copyOf(parts), Collections.unmodifiableSet(vars));
    }

    private static Var lookup(String name, int at) {
        for (Var v : Var.values()) {
            if (v.word().equals(name)) {
                return v;
            }
        }
        String known = java.util.Arrays.stream(Var.values()).map(v -> "{{" + v.word() + "}}")
                .collect(Collectors.joining(", "));
        throw new TemplateException(at, "unknown placeholder {{" + name + "}} (known: "
                + known + ")");
    }

    /** The query text for {@code v}; a placeholder without a value is an {@link IllegalArgumentException}. */
    public String render(TemplateVars v) {
        StringBuilder sb = new StringBuilder(text.length() + 64);
        for (Part p : parts) {
            if (p.var() == null) {
                sb.append(p.literal());
                continue;
            }
            switch (p.var()) {
                case TENANT -> sb.append(stringEscape(require(v.tenant(), "{{tenant}}",
                        "no single tenant is given (evaluate the query per tenant)")));
                case TENANTS -> {
                    if (v.tenants().isEmpty()) {
                        // An empty alternation would match series without a tenant label: never what was meant.
                        throw new IllegalArgumentException("{{tenants}} needs at least one tenant, stage '" + v.stage()
                                + "' has none");
                    }
                    sb.append(stringEscape(v.tenants().stream().map(QueryTemplate::regexEscape)
                            .collect(Collectors.joining("|"))));
                }
                case STAGE -> sb.append(stringEscape(v.stage()));
                case GROUP -> sb.append(require(v.group(), "{{group}}", "no group (baseline or canary) is given")
                        .label());
                case INTERVAL -> sb.append(promDuration(v.interval()));
            }
        }
        return sb.toString();
    }

    private static <T> T require(T value, String var, String why) {
        if (value == null) {
            throw new IllegalArgumentException("template uses " + var + " but " + why);
        }
        return value;
    }

    /** Escapes RE2 metacharacters so the tenant id matches only itself. */
    static String regexEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Escapes for a double-quoted PromQL string (Go escapes: backslash, quote, and control characters). */
    static String stringEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A PromQL duration: whole milliseconds at least, in the form Durations writes ({@code 1h30m}). */
    static String promDuration(java.time.Duration d) {
        if (d.isZero() || d.isNegative() || d.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("{{interval}} must be a positive whole number of milliseconds, got " + d);
        }
        return Durations.format(d);
    }

    public String text() {
        return text;
    }

    /** The placeholders the template uses. */
    public Set<Var> vars() {
        return vars;
    }

    public boolean uses(Var v) {
        return vars.contains(v);
    }

    @Override
    public String toString() {
        return text;
    }
}
