package dev.stagelight.rollout.gate.analysis;

import dev.stagelight.rollout.input.InputNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Analysis templates by name, kept as their located input so each use can instantiate one with its own arguments
 * (Argo's {@code args}: a declared name and an optional default {@code value}). A template is parsed again per
 * instantiation; errors point into the template's file, and a missing or unknown argument into the use.
 */
public final class TemplateLibrary {
    private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_-]*)\\s*}}");

    /** A declared argument; {@code value} is null when the use must give one. */
    public record Arg(String name, String value) {}

    private record Entry(InputNode node, List<Arg> args) {}

    private final Map<String, Entry> templates;

    private TemplateLibrary(Map<String, Entry> templates) {
        this.templates = templates;
    }

    static TemplateLibrary of(List<InputNode> nodes) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (InputNode t : nodes) {
            t.knownFields("name", "args", "metrics");
            String name = t.require("name").asNonBlankString();
            List<Arg> args = new ArrayList<>();
            for (InputNode a : t.list("args")) {
                a.knownFields("name", "value");
                String an = a.require("name").asNonBlankString();
                if (!an.matches("[A-Za-z0-9_-]+")) {
                    throw a.require("name").expected("an argument name of letters, digits, '_' and '-'");
                }
                if (args.stream().anyMatch(x -> x.name().equals(an))) {
                    throw a.require("name").problem("argument '" + an + "' is declared twice");
                }
                args.add(new Arg(an, a.opt("value").map(InputNode::asText).orElse(null)));
            }
            if (out.putIfAbsent(name, new Entry(t, List.copyOf(args))) != null) {
                throw t.require("name").problem("template '" + name + "' is defined twice");
            }
            if (args.stream().allMatch(x -> x.value() != null)) {
                instantiate(name, out.get(name), Map.of(), t); // checked now: nothing left for a use to fill in
            }
        }
        return new TemplateLibrary(Collections.unmodifiableMap(out));
    }

    public List<String> names() {
        return List.copyOf(templates.keySet());
    }

    public boolean has(String name) {
        return templates.containsKey(name);
    }

    /** The declared arguments of {@code name}. */
    public List<Arg> args(String name) {
        return entry(name, null).args();
    }

    /** Where {@code name} is defined (for errors about it). */
    public InputNode node(String name) {
        return entry(name, null).node();
    }

    /**
     * Template {@code name} with {@code values} for its arguments (defaults fill the rest); {@code use} is where the
     * template is named, blamed for an unknown template, an unknown argument or a missing value (null: an
     * {@link IllegalArgumentException} says it).
     */
    public AnalysisTemplate instantiate(String name, Map<String, String> values, InputNode use) {
        return instantiate(name, entry(name, use), values, use);
    }

    private static AnalysisTemplate instantiate(String name, Entry e, Map<String, String> values, InputNode use) {
        Map<String, String> args = new TreeMap<>();
        for (String given : values.keySet()) {
            if (e.args().stream().noneMatch(a -> a.name().equals(given))) {
                throw fail(use, "template '" + name + "' has no argument '" + given + "' (declared: "
                        + declared(e) + ")");
            }
        }
        for (Arg a : e.args()) {
            String v = values.getOrDefault(a.name(), a.value());
            if (v == null) {
                throw fail(use, "template '" + name + "' needs argument '" + a.name() + "' (declared: "
                        + declared(e) + "); give it in args");
            }
            args.put(a.name(), v);
        }
        return AnalysisTemplates.template(e.node(), name, args);
    }

    private Entry entry(String name, InputNode use) {
        Entry e = templates.get(name);
        if (e == null) {
            String msg = "no analysis template '" + name + "' (have: " + String.join(", ", templates.keySet()) + ")";
            throw fail(use, msg);
        }
        return e;
    }

    private static RuntimeException fail(InputNode use, String msg) {
        return use == null ? new IllegalArgumentException(msg) : use.problem(msg);
    }

    private static String declared(Entry e) {
        return e.args().isEmpty() ? "none" : String.join(", ", e.args().stream().map(Arg::name).toList());
    }

    /** {@code text} with every {@code {{args.NAME}}} replaced; an undeclared name is an error at {@code n}. */
    static String substitute(InputNode n, String text, Map<String, String> args) {
        Matcher m = ARG.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = args.get(m.group(1));
            if (v == null) {
                throw n.problem("{{args." + m.group(1) + "}} is not an argument of this template (declared: "
                        + (args.isEmpty() ? "none" : String.join(", ", args.keySet())) + ")");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
