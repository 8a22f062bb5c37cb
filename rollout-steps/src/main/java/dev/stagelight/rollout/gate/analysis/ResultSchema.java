package dev.stagelight.rollout.gate.analysis;

import dev.stagelight.rollout.expr.Bindings;
import dev.stagelight.rollout.expr.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a condition can read about a measurement, all numbers (missing ones are NaN, for which every comparison but
 * {@code !=} is false):
 *
 * <ul>
 *   <li>{@code result}: the value of the first series (Argo's {@code result[0]}; for a range query its last sample);
 *       write queries that aggregate to one series. {@code result.min}, {@code .max}, {@code .mean}, {@code .sum},
 *       {@code .count} cover every value of every series.
 *   <li>{@code baseline} and {@code canary} (with the same {@code .min} ... {@code .count}) when the query uses
 *       {@code {{group}}}; then {@code result} is the canary's, {@code ratio} is canary / baseline and {@code delta}
 *       canary - baseline.
 *   <li>{@code traffic}: the traffic query's value, when the metric has one.
 * </ul>
 *
 * The expression language has no indexing or arithmetic, so these derived values stand in for {@code result[0]} and
 * {@code canary / baseline}.
 */
final class ResultSchema {
    static final List<String> STATS = List.of("min", "max", "mean", "sum", "count");
    static final Set<String> GROUP_NAMES;
    static final Schema SCHEMA;

    static {
        Schema.Builder b = Schema.builder();
        java.util.Set<String> group = new java.util.TreeSet<>(List.of("ratio", "delta"));
        for (String side : List.of("result", "baseline", "canary")) {
            b.number(side);
            if (!side.equals("result")) {
                group.add(side);
            }
            for (String s : STATS) {
                b.number(side + "." + s);
                if (!side.equals("result")) {
                    group.add(side + "." + s);
                }
            }
        }
        b.number("ratio").number("delta").number("traffic");
        SCHEMA = b.build();
        GROUP_NAMES = java.util.Collections.unmodifiableSet(group);
    }

    private ResultSchema() {}

    /** The named values of one side: its first value and the statistics of all values. */
    static Map<String, Double> side(String side, double first, double[] all) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(side, first);
        double min = Double.NaN, max = Double.NaN, sum = 0;
        for (double v : all) {
            min = Double.isNaN(min) || v < min ? v : min;
            max = Double.isNaN(max) || v > max ? v : max;
            sum += v;
        }
        out.put(side + ".min", min);
        out.put(side + ".max", max);
        out.put(side + ".mean", all.length == 0 ? Double.NaN : sum / all.length);
        out.put(side + ".sum", all.length == 0 ? Double.NaN : sum);
        out.put(side + ".count", (double) all.length);
        return out;
    }

    static Bindings bind(Map<String, Double> values) {
        Bindings b = SCHEMA.newBindings();
        values.forEach(b::set);
        return b;
    }
}
