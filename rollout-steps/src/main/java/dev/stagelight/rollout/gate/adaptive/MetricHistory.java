package dev.stagelight.rollout.gate.adaptive;

import java.time.Instant;
import java.util.List;

/**
 * A metric's recorded history for a backtest: times (epoch seconds, strictly ascending), values (NaN where missing)
 * and the labelled incidents. {@code source} names where it came from, for messages.
 */
public record MetricHistory(String source, long[] times, double[] values, List<Incident> incidents) {
    public MetricHistory {
        if (times.length != values.length) {
            throw new IllegalArgumentException("times and values differ in length");
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] <= times[i - 1]) {
                throw new IllegalArgumentException(source + ": times must ascend strictly (point " + i + ")");
            }
        }
        incidents = List.copyOf(incidents);
    }

    public int size() {
        return times.length;
    }

    public Instant time(int i) {
        return Instant.ofEpochSecond(times[i]);
    }

    /** The incident containing point {@code i}, or null. */
    public Incident incidentAt(int i) {
        for (Incident inc : incidents) {
            if (inc.contains(times[i])) {
                return inc;
            }
        }
        return null;
    }
}
