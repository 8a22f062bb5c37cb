package dev.stagelight.rollout.gate.source;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One labelled series of a result: one sample for an instant query, several for a range query. */
public record Series(Map<String, String> labels, List<Sample> samples) {
    public Series {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        samples = List.copyOf(samples);
    }

    /** The values in time order. */
    public double[] values() {
        double[] v = new double[samples.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = samples.get(i).value();
        }
        return v;
    }

    /** The labels as PromQL writes them: {@code {group="canary", tenant="acme"}}. */
    public String labelText() {
        return labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
