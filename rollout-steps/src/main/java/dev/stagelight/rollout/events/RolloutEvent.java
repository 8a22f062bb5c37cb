package dev.stagelight.rollout.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A structured log event of the flow ({@code rollout.created}, {@code rollout.stage.started},
 * {@code rollout.stage.completed}, {@code rollout.rollback}, {@code rollout.completed}, plus the engine's
 * {@code rollout.approved}, {@code rollout.paused}, {@code rollout.resumed}, {@code rollout.monitoring.extended},
 * {@code rollout.tenant.skipped}, {@code rollout.failed}). Rendered as one JSON object per line:
 * {@code ts, level, event, rollout_id}, then the event's fields in order.
 */
public record RolloutEvent(Instant ts, String level, String event, String rolloutId, Map<String, Object> fields) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RolloutEvent {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static RolloutEvent info(Instant ts, String event, String rolloutId, Map<String, Object> fields) {
        return new RolloutEvent(ts, "INFO", event, rolloutId, fields);
    }

    public static RolloutEvent warn(Instant ts, String event, String rolloutId, Map<String, Object> fields) {
        return new RolloutEvent(ts, "WARN", event, rolloutId, fields);
    }

    public static RolloutEvent error(Instant ts, String event, String rolloutId, Map<String, Object> fields) {
        return new RolloutEvent(ts, "ERROR", event, rolloutId, fields);
    }

    /** One line of JSON, no trailing newline. Values must be JSON-able (strings, numbers, booleans, lists, maps). */
    public String toJsonLine() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("ts", ts.toString());
        all.put("level", level);
        all.put("event", event);
        all.put("rollout_id", rolloutId);
        all.putAll(fields);
        try {
            return JSON.writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event + " has a field that is not JSON: " + e.getMessage(), e);
        }
    }
}
