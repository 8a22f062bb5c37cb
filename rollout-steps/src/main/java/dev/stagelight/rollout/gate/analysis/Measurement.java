package dev.stagelight.rollout.gate.analysis;

import dev.stagelight.rollout.gate.source.QueryResult;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measurement of a metric at its due time: its status, the values the conditions read, every query as sent with
 * its answer, and the rule that decided, in words.
 */
public record Measurement(int index, Instant time, Status status, Map<String, Double> values,
                          List<QueryResult> queries, String reason) {
    public Measurement {
        if (status == Status.RUNNING) {
            throw new IllegalArgumentException("a measurement is never running");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        queries = List.copyOf(queries);
    }
}
