package dev.stagelight.rollout.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A writer for the Prometheus text exposition format 0.0.4: per metric family one {@code # HELP} and one
 * {@code # TYPE} line, then its samples; label values escape backslash, double quote and newline, HELP text escapes
 * backslash and newline. Families appear in the order added, samples in the order given.
 */
public final class PrometheusText {
    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(String type, String help, List<String> samples) {}

    /** Declares a family ({@code type}: gauge, counter, untyped, ...). */
    public PrometheusText family(String name, String type, String help) {
        families.putIfAbsent(name, new Family(type, help, new ArrayList<>()));
        return this;
    }

    /** Adds a sample; {@code labels} alternate name, value. */
    public PrometheusText sample(String name, double value, String... labels) {
        Family f = families.get(name);
        if (f == null) {
            throw new IllegalArgumentException("metric family " + name + " not declared");
        }
        StringBuilder sb = new StringBuilder(name);
        if (labels.length > 0) {
            sb.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                sb.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1])).append('"');
            }
            sb.append('}');
        }
        f.samples.add(sb.append(' ').append(value(value)).toString());
        return this;
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        families.forEach((name, f) -> {
            sb.append("# HELP ").append(name).append(' ').append(escapeHelp(f.help)).append('\n');
            sb.append("# TYPE ").append(name).append(' ').append(f.type).append('\n');
            f.samples.forEach(s -> sb.append(s).append('\n'));
        });
        return sb.toString();
    }

    static String escapeLabel(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
